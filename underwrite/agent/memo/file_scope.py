"""Does the file hold what a statement says it holds? Parties, documents, names and precedent figures.

The third red team (underwrite/evals/redteam/README.md) wrote true facts of the applicant as a
co-borrower's ("the co-borrower's net income of EUR 3,900") on a file with one applicant, made
bank statements, a tax return and a landlord reference "show" figures no document of the file
carries, named the employer of another application, and gave a precedent's EUR 6,000 of savings to
the applicant. Each passed because its numbers and words were somewhere in the state. These checks
ask the file instead: a second party needs a fact about one; a document needs to be on file (not
listed missing) and, for the kinds whose figures the intake records (bank statements, pay slips),
a fact read from it; a capitalised name needs its words in the file; a number only a precedent
holds needs the statement to say it is about a precedent.
"""

from __future__ import annotations

import re

from underwrite.agent.memo.evidence import Evidence, build_sources, identifier_numbers
from underwrite.agent.memo.numbers import is_supported, numbers_in_text
from underwrite.core.fields import FIELDS
from underwrite.tools.policy.manual import load_manual


def quoted_spans(text: str, ev: Evidence) -> list[tuple[int, int]]:
    """Where ``text`` repeats a score reason or a rule message of the file word for word: the
    file's own wording ("Length of current employment (1 to 4 years)") is not a claim to check."""
    out = []
    for quote in [r.text for r in ev.score.reasons] + [f.message for f in ev.findings]:
        start = text.find(quote) if len(quote) > 8 else -1
        while start >= 0:
            out.append((start, start + len(quote)))
            start = text.find(quote, start + 1)
    return out


_PARTY = re.compile(
    r"\b(co[- ]?borrowers?|co[- ]?applicants?|joint (?:applicants?|borrowers?|income|application)|"
    r"second (?:applicant|borrower)|guarantors?|spouse(?:'s)?|partner's|household income|combined income)",
    re.IGNORECASE,
)
_PARTY_FACT = re.compile(r"co_|guarant|joint|second_|spouse|partner")
_NEGATED_BEFORE = re.compile(
    r"\b(?:no|not|without|nor|never|neither|alone|sole|solely)\b(?:\W+\w+){0,3}\W*$", re.I
)


def absent_parties(text: str, ev: Evidence) -> list[str]:
    """A co-borrower, guarantor or spouse written into a file that holds no fact about one."""
    # a fact or rule on a second party ("guarantors": none / co-applicant / guarantor) leaves it to
    # them, unless the fact says there is none
    held = [n for n in ev.facts if _PARTY_FACT.search(n)] + [f.subject for f in ev.findings]
    if any(_PARTY_FACT.search(n) and str(ev.facts.get(n, "")).lower() not in ("none", "no") for n in held):
        return []
    out = []
    quoted = quoted_spans(text, ev)
    for m in _PARTY.finditer(text):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        if not _NEGATED_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            out.append(f"{m.group(0)!r}: the file holds no second party (one applicant)")
    return out


# document kind -> (how a text names it, fact-name prefixes read from it, words of an origin naming it)
_DOCUMENTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "bank_statement": (
        r"bank statements?|account statements?|statements? of account",
        ("statement_",),
        ("statement",),
    ),
    "payslip": (r"pay ?slips?|salary slips?|pay stubs?", ("payslip_",), ("payslip", "pay slip")),
    "employer_letter": (
        r"employer(?:'s)? letter|letter from (?:the|her|his|their) employer|employment contract|"
        r"contract of employment",
        ("payslip_",),
        ("employer_letter", "contract"),
    ),
    "tax_return": (r"tax returns?|tax assessments?|tax statements?", (), ("tax",)),
    "landlord_reference": (
        r"landlord(?:'s)? (?:reference|letter|confirmation)|"
        r"tenancy agreement|lease agreement|rental agreement",
        (),
        ("landlord", "tenancy", "lease"),
    ),
    "utility_bill": (r"utility bills?", (), ("utility",)),
}
_AS_SOURCE_AFTER = re.compile(
    r"^\W*(?:\w+\s+){0,2}?(?:show\w*|confirm\w*|state[sd]?|list\w*|record\w*|evidenc\w*|prove\w*|verif\w*|"
    r"report\w*|note[sd]?|indicate\w*|reflect\w*|document\w*)\b",
    re.IGNORECASE,
)
_AS_SOURCE_BEFORE = re.compile(
    r"\b(?:per|according to|by|from|on|in|of)\s+(?:the\s+|her\s+|his\s+|their\s+|its\s+)?"
    r"(?:latest\s+|recent\s+|most recent\s+|\w+\s+months?\s+of\s+|\d{4}\s+)?$",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"\b(?:obtain\w*|request\w*|provide\w*|submit\w*|supply|missing|outstanding|await\w*|pending|"
    r"required|requires?|must|should|needed|needs?|ask\w*)\b",
    re.IGNORECASE,
)


def _held_by_facts(ev: Evidence, prefixes: tuple[str, ...], origin_words: tuple[str, ...]) -> bool:
    if any(name.startswith(prefixes) for name in ev.facts if prefixes):
        return True
    origins = " ".join(ev.fact_origins.values()).lower()
    return any(w in origins for w in origin_words)


def absent_documents(text: str, ev: Evidence) -> list[str]:
    """A document said to show something while the file lists it as missing, or no fact of the file
    was read from a document of that kind (a request for one is no claim about it)."""
    if _REQUEST.search(text):
        return []
    out = []
    for kind, (names, prefixes, origin_words) in _DOCUMENTS.items():
        for m in re.finditer(rf"\b(?:{names})\b", text, re.IGNORECASE):
            before = text[max(0, m.start() - 40) : m.start()]
            if _NEGATED_BEFORE.search(before):
                continue
            if not (_AS_SOURCE_AFTER.match(text[m.end() :]) or _AS_SOURCE_BEFORE.search(before)):
                continue
            if kind in ev.missing_documents:
                out.append(f"{m.group(0)!r}: the file lists {kind} as missing")
            elif not _held_by_facts(ev, prefixes, origin_words):
                out.append(f"{m.group(0)!r}: no fact of the file was read from a {kind.replace('_', ' ')}")
            break
    return out


_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of|and|for|the|de|und)?\s*[A-Z][A-Za-z]+)+")
_LEADING = frozenset("under as the in by per according to for with and of a an this that at on".split())  # noqa: SIM905


def _vocabulary(ev: Evidence) -> set[str]:
    parts = [str(v) for k, v in ev.facts.items() if v is not None]
    parts += [FIELDS[k].label for k in ev.facts if k in FIELDS] + list(ev.facts)
    parts += [r.text for r in ev.score.reasons] + [f.message for f in ev.findings]
    parts += [f"{p.title} {p.text}" for p in ev.policy] + [c.summary for c in ev.precedents]
    parts += [ev.application_id, *ev.flag_codes, *ev.missing_documents]
    # the credit vocabulary every file shares ("Debt-To-Income Ratio", "Credit Bureau" in title
    # case) is no name of another file: the manual's words and every field's label count too
    parts += [f"{sec.title} {sec.text}" for sec in load_manual()] + [f.label for f in FIELDS.values()]
    return set(re.findall(r"[a-z]+", " ".join(parts).lower().replace("_", " ")))


def unknown_names(text: str, ev: Evidence) -> list[str]:
    """Capitalised multi-word names ("Brandt Logistik GmbH") with a word the file never uses: an
    employer, body or person of another file."""
    vocabulary = _vocabulary(ev)
    out = []
    for run in _NAME_RUN.finditer(text):
        words = run.group(0).split()
        while words and words[0].lower() in _LEADING:
            words.pop(0)
        words = [w for w in words if not w.isupper()]  # "Roughly EUR": a currency or acronym is no name
        if sum(w[0].isupper() for w in words) < 2:
            continue
        strange = [w for w in words if len(w) > 2 and w.lower() not in vocabulary]
        if strange:
            out.append(f"{' '.join(words)!r} is named nowhere in this file")
    return out


_ABOUT_PRECEDENT = re.compile(
    r"\b(?:similar|comparable|precedents?|earlier|previous|past|prior|another|other)\s+(?:\w+\s+){0,2}?"
    r"(?:cases?|files?|loans?|applications?|applicants?|borrowers?)\b|\bprecedents?\b|\bcase\b",
    re.IGNORECASE,
)


def precedent_figures(prose: str, text: str, ev: Evidence) -> list[str]:
    """Numbers only a precedent holds, in a statement that does not say it is about a precedent."""
    if not ev.precedents or _ABOUT_PRECEDENT.search(text) or any(c.case_id in text for c in ev.precedents):
        return []
    sources = build_sources(ev)
    own = [n for s in sources.values() if s.kind != "precedent" for n in s.numbers] + identifier_numbers(ev)
    theirs = [n for s in sources.values() if s.kind == "precedent" for n in s.numbers]
    return [
        f"{m.text!r} is a precedent's figure, not this applicant's"
        for m in numbers_in_text(prose)
        if is_supported(m, theirs) and not is_supported(m, own)
    ]
