"""An independent meaning check of memo narratives (not the agent's verifier, which it must catch out).

Written separately from ``underwrite.agent.memo.claim_checks`` on purpose, with its own rules and
word lists, over the memo as the underwriter receives it plus the source text rebuilt from the
state (``suites.memo_cases``). Per memo it counts:

- invented names: capitalised multi-word names and mixed-case acronyms the sources never mention
  ("German Credit and Loan Management System (CeLMS)");
- off-topic statements: text about the memo, its reader or instructions instead of the file, or
  a statement carried only by precedents or policy sections (nothing about the applicant);
- repeats: two statements whose word sets overlap by :data:`SAME_WORDS` or more (Jaccard;
  mitigants are left out, one may answer several risks);
- a summary that does not state both the request and the recommendation.

Rules, not an entailment model (none can be had offline here); the red cases are the two nonsense
narratives of issue 17 and an invented entity, and each must fail its bar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from underwrite.evals.harness.types import CaseScore, ScoreOutput

SAME_WORDS = 0.75
_ALLOWED_CAPS = {"eur", "pd", "dti", "pti", "lti", "dscr", "ebitda", "sme", "iban"}
_MULTI_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:and\s+|of\s+|for\s+)?[A-Z][A-Za-z]+)+\b")
_MIXED_ACRONYM = re.compile(r"\b(?=\w*[A-Z]\w*[A-Z])[A-Za-z]{2,}\b")
_ABOUT_THE_DOCUMENT = re.compile(
    r"\b(?:this\s+(?:memo|document)|the\s+user|guidelines?|to\s+be\s+followed|instructions?)\b", re.I
)
_ID = re.compile(r"\b[A-Za-z]+(?:[-.][A-Za-z0-9]+)*[-.]?\d[\w.-]*")
_RECOMMENDATION_WORDS = re.compile(r"\b(?:approv\w*|declin\w*|refer\w*)\b", re.I)
_REQUEST_WORDS = re.compile(r"\b(?:request\w*|loan|borrow\w*|credit\s+of)\b", re.I)


@dataclass(frozen=True)
class MeaningCase:
    case_id: str
    statements: list[tuple[str, str, list[str]]]
    """(location, text, citations) of every narrative statement."""
    source_text: str
    """Everything the sources say (facts, findings, policy, precedents), lower-cased."""
    origins: dict[str, str] = field(default_factory=dict)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2}


def problems_of(memo: MeaningCase) -> dict[str, list[str]]:
    invented: list[str] = []
    off_topic: list[str] = []
    repeats: list[str] = []
    summary: list[str] = []
    for loc, text, cites in memo.statements:
        bare = _ID.sub(" ", text)  # ids (APP-GER-000033, CP-4.2, AFF-01) are checked as citations
        names = [m.group(0) for m in _MULTI_NAME.finditer(bare)]
        names += [m.group(0) for m in _MIXED_ACRONYM.finditer(bare)]
        for name in names:
            if name.lower() not in _ALLOWED_CAPS and name.lower() not in memo.source_text:
                invented.append(f"{loc}: {name}")
        if _ABOUT_THE_DOCUMENT.search(text):
            off_topic.append(f"{loc}: about the memo or its reader")
        elif (
            cites and all(c.startswith(("case:", "policy:")) for c in cites) and not loc.endswith(".mitigant")
        ):
            off_topic.append(f"{loc}: rests only on precedents or policy")
    # A mitigant may answer several risks ("Offset by the low PD, noted above"): a pointer, not a claim.
    claims = [st for st in memo.statements if not st[0].endswith(".mitigant")]
    for (la, ta, _a), (lb, tb, _b) in combinations(claims, 2):
        wa, wb = _words(ta), _words(tb)
        if wa and wb and len(wa & wb) / len(wa | wb) >= SAME_WORDS:
            repeats.append(f"{lb} repeats {la}")
    text = next((t for loc, t, _c in memo.statements if loc == "summary"), "")
    if not (_REQUEST_WORDS.search(text) and _RECOMMENDATION_WORDS.search(text)):
        summary.append("summary does not state the request and the recommendation")
    return {"invented": invented, "off_topic": off_topic, "repeats": repeats, "summary": summary}


def score_meaning(memos: list[MeaningCase]) -> ScoreOutput:
    cases, invented, off_topic = [], 0, 0
    for memo in memos:
        found = problems_of(memo)
        invented += len(found["invented"])
        off_topic += len(found["off_topic"])
        notes = [n for ns in found.values() for n in ns]
        cases.append(CaseScore(case_id=memo.case_id, passed=not notes, notes=notes))
    return ScoreOutput(
        metrics={
            "invented_entities": float(invented),
            "off_topic_statements": float(off_topic),
            "memos_with_meaning_problems": float(sum(not c.passed for c in cases)),
        },
        cases=cases,
    )


_SOURCES = (
    "loan amount 4500 loan term 24 months debt-to-income 0.315 aff-01 cp-4.2 debt-to-income limit "
    "precedent german-0420 used car repaid"
)
_GUIDELINES = "This memo contains a list of guidelines that are to be followed by the user."
_CASES = ["case:german-0420", "case:german-0133"]


def green_cases(n: int) -> list[MeaningCase]:
    return [
        MeaningCase(
            case_id=f"g{i}",
            statements=[
                (
                    "summary",
                    "The application requests a loan of EUR 4,500 over 24 months. Recommendation: approve.",
                    ["fact:loan_amount"],
                ),
                ("strengths[0]", "Debt-to-income of 31.5% against the 40% maximum (AFF-01).", ["ratio:dti"]),
                ("recommendation_rationale", "Approve: all evaluated rules are met.", ["rule:AFF-01"]),
            ],
            source_text=_SOURCES,
        )
        for i in range(n)
    ]


RED_CASES: dict[str, MeaningCase] = {
    # issue 17, narrative 1: the same meta sentence in every field, citing two precedents
    "guidelines": MeaningCase(
        case_id="red-guidelines",
        statements=[
            ("summary", _GUIDELINES, _CASES),
            ("risks_and_mitigants[0].risk", _GUIDELINES, _CASES),
            ("risks_and_mitigants[0].mitigant", _GUIDELINES, _CASES),
            ("recommendation_rationale", _GUIDELINES, _CASES),
        ],
        source_text=_SOURCES,
    ),
    # issue 17, narrative 2: an organisation and its acronym that exist nowhere in the file
    "celms": MeaningCase(
        case_id="red-celms",
        statements=[
            (
                "summary",
                "The application requests a loan of EUR 4,500. Recommendation: approve.",
                ["fact:loan_amount"],
            ),
            (
                "recommendation_rationale",
                "Approve to ensure compliance with the German Credit and Loan Management System "
                "(CeLMS) policy.",
                ["rule:AFF-01"],
            ),
        ],
        source_text=_SOURCES,
    ),
    # an invented product name in an otherwise sound strength
    "invented_entity": MeaningCase(
        case_id="red-entity",
        statements=[
            (
                "summary",
                "The application requests a loan of EUR 4,500. Recommendation: approve.",
                ["fact:loan_amount"],
            ),
            ("strengths[0]", "Income is insured under the Sparkasse Income Shield plan.", ["ratio:dti"]),
        ],
        source_text=_SOURCES,
    ),
}
"""The issue's nonsense narratives and an invented entity; each must fail a bar on its own."""
