"""Code writes a claim's numbers and citations from its evidence, never the model.

"debt-to-income of 36.2% against the 40% maximum (AFF-01, CP-4.2)" is rendered from the rule
finding on ``dti``; a fact or ratio without a rule is rendered as its label and value. Every
rendering uses ``memo.phrasing``, whose numbers the verifier reads back as the state's own.
"""

from __future__ import annotations

from collections.abc import Collection

from underwrite.agent.memo.claims import Claim
from underwrite.agent.memo.evidence import Evidence
from underwrite.agent.memo.phrasing import (
    as_number,
    clip,
    code_words,
    comparison,
    is_upper_bound,
    pct,
    render,
    rule_ref,
    safe_value,
    subject_of,
)
from underwrite.core.schemas import FindingStatus, RuleFinding


def _finding_for(ev: Evidence, subject: str) -> RuleFinding | None:
    """The finding that says most about ``subject``: a failed one first, else the tightest pass."""
    findings = [f for f in ev.findings if f.subject == subject]
    failed = [f for f in findings if f.status == FindingStatus.failed]
    if failed:
        return failed[0]
    passed = [f for f in findings if f.status == FindingStatus.passed and as_number(f.limit) is not None]
    if not passed:
        return None

    def strictness(f: RuleFinding) -> float:
        limit = as_number(f.limit) or 0.0
        return limit if is_upper_bound(f) else -limit

    return min(passed, key=strictness)


def _rule_phrase(f: RuleFinding) -> str:
    numeric = as_number(f.value) is not None and as_number(f.limit) is not None
    what = comparison(f) if numeric else f.message.rstrip(".")
    status = "not met" if f.status == FindingStatus.failed else "met"
    return f"{what} {rule_ref(f)[:-1]}, {status})"


def render_evidence(eid: str, ev: Evidence, sources: Collection[str]) -> tuple[str, list[str]] | None:
    """(phrase, citations) for one evidence id; None for an id this application does not hold."""
    kind, _, name = eid.partition(":")
    if kind in ("fact", "ratio"):
        value = (ev.facts if kind == "fact" else ev.ratios).get(name)
        if value is None or eid not in sources:
            return None
        finding = _finding_for(ev, name)
        if finding is not None:
            cites = [eid, f"rule:{finding.rule_id}", f"policy:{finding.section_id}"]
            return _rule_phrase(finding), [c for c in cites if c in sources]
        shown = render(name, value) if safe_value(value) else "as stated"
        return f"{subject_of(name).label} {shown}", [eid]
    if kind == "rule":
        match = next((f for f in ev.findings if f.rule_id == name), None)
        if match is None:
            return None
        cites = [eid, f"policy:{match.section_id}"]
        return _rule_phrase(match), [c for c in cites if c in sources]
    if eid == "score:pd":
        return f"probability of default {pct(ev.score.pd)}, grade {ev.score.grade}", [eid]
    if kind == "score":
        reason = next((r for r in ev.score.reasons if r.code == name), None)
        if reason is None or eid not in sources:
            return None
        return f"score reason {reason.code}: {reason.text}", [eid]
    if kind == "flag" and name in ev.flag_codes:
        return f"flag raised: {code_words(name)}", []
    return None


def render_claim(claim: Claim, ev: Evidence, sources: Collection[str]) -> tuple[str, list[str]]:
    """The claim's sentence with its evidence written out, and the source ids it cites."""
    phrases: list[str] = []
    cites: list[str] = []
    for eid in claim.evidence:
        rendered = render_evidence(eid, ev, sources)
        if rendered is None:
            continue
        phrase, ids = rendered
        if phrase not in phrases:
            phrases.append(phrase)
        cites += [c for c in ids if c not in cites]
    text = claim.text.strip().rstrip(",;")
    text = text[:1].upper() + text[1:]
    if phrases:
        text = f"{text}: {'; '.join(phrases)}"
    return clip(f"{text}.", 300), cites
