"""What a statement says in words, checked against the file: rules, not an entailment model.

Shared by the narrative verifier (``memo.verifier``) and the claim checks (``memo.claim_checks``).
Each rule comes from a false statement the red team (underwrite/evals/redteam/README.md) got past the checks:
"no arrears on the bureau file" with a delinquency on it, a rule called breached that passed,
"decline" in the rationale of an approval with conditions, a quote no document holds, "CP-5.2
waives the tenure requirement" (it does not), "likely stable employment" after half a year, and a
nationality as a reason. Each says what is wrong in words; an empty list means nothing was found.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from underwrite.agent.memo.evidence import Evidence
from underwrite.agent.memo.grounding import terms
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.schemas import FindingStatus, Recommendation
from underwrite.tools.policy.manual import load_manual

_GAP = r"(?:\S+\s+){0,3}?"
_MAX = r"(?:limit|maximum|max|ceiling|cap|threshold)"
_MIN = r"(?:minimum|min|floor)"
_FAIL = re.compile(
    rf"\b(?:not (?:been )?met|unmet|fail(?:s|ed|ing)?|breach(?:es|ed|ing)?|violat\w+|"
    rf"(?:exceed(?:s|ed|ing)?|above|over|beyond) the {_GAP}{_MAX}|"
    rf"(?:below|under|short of) the {_GAP}{_MIN})\b",
    re.IGNORECASE,
)
_PASS = re.compile(
    rf"(?<!not )(?<!not been )\b(?:met|passe[sd]|satisf(?:y|ies|ied)|compl(?:y|ies|iant)|"
    rf"(?:within|inside|below|under) the {_GAP}{_MAX}|(?:above|over|exceeds?|clears?) the {_GAP}{_MIN})\b",
    re.IGNORECASE,
)
_DENIED = re.compile(
    r"\b(?:no|zero|nil|without|free of|never (?:had|missed|been late))\s+(?:\w+\s+){0,2}?"
    r"(arrears|delinquenc(?:y|ies)|late (?:payments?|repayments?)|missed payments?|"
    r"(?:credit )?inquir(?:y|ies)|public records?|insolvenc(?:y|ies)|bankruptc(?:y|ies)|judg(?:e)?ments?|"
    r"existing (?:debts?|credits?|loans?)|other (?:debts?|credits?|loans?)|credit searches|"
    r"employment(?: history)?|job|income)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:likely|unlikely|probabl[ey]|presumabl[ey]|possibl[ey]|perhaps|apparently|seem(?:s|ingly)?|"
    r"appears? to|expected to|(?:is|are) (?:not )?expected|is set to|anticipat\w+|"
    r"should (?:remain|continue|improve|rise|increase)|"
    r"will (?:remain|continue|improve|rise|increase|grow|raise|lift|boost|lower|reduce|offset|cover|"
    r"bring|add|fall|drop|stay|keep|repay|pay off|strengthen|ease))\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[\"“„]([^\"“”„]{6,})[\"”“]")
_PERMIT = re.compile(
    r"\b(?:waive[sd]?|waiver|exempt\w*|permit(?:s|ted)?|allow(?:s|ed)?|needs? no|no conditions?|"
    r"without conditions?|not required|does not apply|overrides?)\b",
    re.IGNORECASE,
)
_DECLINE = re.compile(r"\b(?:declin\w*|reject\w*|turn(?:ed)? down|refus\w*)\b", re.IGNORECASE)
_APPROVE = re.compile(r"\bapprov\w*\b", re.IGNORECASE)
_REFER = re.compile(r"\brefer(?:s|red|ral)?\b(?! to\b)", re.IGNORECASE)
_UNCONDITIONAL = re.compile(
    r"\b(?:without (?:any )?conditions|no conditions|unconditional(?:ly)?|clean approval|outright)\b", re.I
)
_NOT_BEFORE = re.compile(r"\b(?:not|cannot|can't|never|no|nor|without|rather than)\s+(?:\w+\s+){0,2}$", re.I)
_VALUE_FIELDS = ("nationality", "sex")
"""Protected attributes whose values are words of their own; a marital status ("single") or a yes/no
is also an ordinary word, and the prohibited-terms list covers those attributes by name."""
_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of|and|for|the)?\s*[A-Z][a-z]+)+")
_SECTION = re.compile(r"\b([A-Z]{2,4})-(\d+(?:\.\d+)*)\b")


def _denied_field(what: str) -> tuple[str, ...]:
    w = what.lower()
    if w.startswith(("arrears", "delinq", "late", "missed")):
        return ("delinquencies_2y", "credit_history")
    if "inquir" in w or "search" in w:
        return ("inquiries_6m",)
    if w.startswith(("employment", "job")):
        return ("employment_years",)
    if w == "income":
        return ("monthly_net_income",)
    if w.startswith(("public", "insolv", "bankrupt", "judg")):
        return ("public_records",)
    return ("existing_credits_count", "monthly_debt_payments")


def _present(value: object) -> bool:
    """Whether a fact says the thing exists: a positive count, "yes", a history of delays."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value > 0
    text = str(value or "").lower()
    return text in {"yes", "true"} or "delay" in text or "critical" in text


def denials(text: str, ev: Evidence) -> list[str]:
    """'No arrears', 'no existing debts' where the file shows them."""
    out = []
    for hit in _DENIED.finditer(text):
        # the first field the file holds decides: a two-year count of 0 is "no delinquency", even
        # with older delays in the credit history
        held = [f for f in _denied_field(hit.group(1)) if ev.facts.get(f) is not None][:1]
        shown = [f for f in held if _present(ev.facts.get(f))]
        if shown:
            out.append(f"{hit.group(0)!r}, but the file shows {shown[0]} = {ev.facts[shown[0]]}")
    return out


def polarity_conflict(text: str, rule_ids: Collection[str], ev: Evidence) -> str | None:
    """A text that calls its cited rules met when they all failed, or breached when they all passed."""
    statuses = {f.status for f in ev.findings if f"rule:{f.rule_id}" in rule_ids}
    if len(statuses) != 1 or FindingStatus.cannot_evaluate in statuses:
        return None
    passed, failed = bool(_PASS.search(text)), bool(_FAIL.search(text))
    if statuses == {FindingStatus.failed} and passed and not failed:
        return "calls a rule met that the file fails"
    if statuses == {FindingStatus.passed} and failed and not passed:
        return "calls a rule breached that the file meets"
    return None


def speculation(text: str) -> list[str]:
    """Hedged words that state what no source shows ("likely stable employment")."""
    return sorted({h.group(0).lower() for h in _HEDGE.finditer(text)})


def _said(pattern: re.Pattern[str], text: str) -> bool:
    return any(not _NOT_BEFORE.search(text[: m.start()]) for m in pattern.finditer(text))


def decision_conflict(text: str, rec: Recommendation) -> str | None:
    """A rationale or summary that argues for another outcome than the memo's recommendation."""
    if rec in (Recommendation.approve, Recommendation.approve_with_conditions) and _said(_DECLINE, text):
        return f"argues for a decline while the recommendation is {rec.value}"
    if rec == Recommendation.decline and _said(_APPROVE, text):
        return "argues for an approval while the recommendation is decline"
    if rec == Recommendation.approve_with_conditions and _said(_UNCONDITIONAL, text):
        return "argues for an approval without conditions while the recommendation has conditions"
    if rec != Recommendation.refer and _said(_REFER, text):
        return f"argues for a referral while the recommendation is {rec.value}"
    return None


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9%]+", text.lower()))


def _section_texts(ev: Evidence) -> dict[str, str]:
    out = {s.section_id: f"{s.title} {s.text}" for s in load_manual()}
    out.update({p.section_id: f"{p.title} {p.text}" for p in ev.policy})
    return out


def evidence_text(ev: Evidence) -> str:
    """Everything the file's sources say, normalised, for looking up quotes."""
    parts = [str(v) for k, v in ev.facts.items() if k not in PROTECTED_FIELDS and v is not None]
    parts += [r.text for r in ev.score.reasons] + [f.message for f in ev.findings]
    parts += [f"{p.title} {p.text}" for p in ev.policy] + [c.summary for c in ev.precedents]
    return _normal(" ".join(parts))


def unsupported_quotes(text: str, ev: Evidence) -> list[str]:
    """Quoted words that no source of the file holds."""
    haystack = evidence_text(ev)
    return [q.group(0) for q in _QUOTE.finditer(text) if _normal(q.group(1)) not in haystack]


def policy_problems(text: str, cited: Collection[str], ev: Evidence) -> list[str]:
    """Section ids the policy does not have, and waivers or permissions a named section does not give."""
    sections = _section_texts(ev)
    prefixes = {sid.split("-", 1)[0] for sid in sections}
    out: list[str] = []
    named = []
    for m in _SECTION.finditer(text):
        if m.group(1) not in prefixes:
            continue
        if m.group(0) not in sections:
            out.append(f"{m.group(0)} is not a section of the policy")
        else:
            named.append(m.group(0))
    named += [
        c.partition(":")[2] for c in cited if c.startswith("policy:") and c.partition(":")[2] in sections
    ]
    for permit in _PERMIT.finditer(text):
        for sid in dict.fromkeys(named):
            if not terms(permit.group(0)) <= terms(sections[sid]):
                out.append(f"{sid} does not say {permit.group(0)!r}")
    # a body or document put into a section ("under CP-4.3 ... by the Credit Committee"): a name the
    # named sections and the file's own facts never use
    if named:
        known = " ".join([sections[sid] for sid in named] + [str(v) for v in ev.facts.values()]).lower()
        for name in _names(_SECTION.sub(" ", text)):
            if name.lower() not in known:
                out.append(f"{', '.join(dict.fromkeys(named))} does not mention {name!r}")
    return out


_LEADING = frozenset(
    "under as the in by per according to for with and of a an this that at on".split()  # noqa: SIM905
)


def _names(text: str) -> list[str]:
    """Capitalised multi-word names, without a sentence's leading function words ("Under the")."""
    out = []
    for run in _NAME_RUN.finditer(text):
        words = run.group(0).split()
        while words and words[0].lower() in _LEADING:
            words.pop(0)
        if sum(w[0].isupper() for w in words) >= 2:
            out.append(" ".join(words))
    return out


def protected_values(text: str, ev: Evidence) -> list[str]:
    """Values of the applicant's protected attributes written out ("Turkish", "female")."""
    out = []
    for name in _VALUE_FIELDS:
        value = ev.facts.get(name)
        if not isinstance(value, str) or len(value) < 4 or value.lower() in {"yes", "none", "true"}:
            continue
        if re.search(rf"\b{re.escape(value)}\b", text, re.IGNORECASE):
            out.append(value)
    return out
