"""The meaning checks of one narrative statement (``memo.number_meaning``, ``memo.text_meaning``).

Returned as (violation kind, detail) pairs; ``memo.verifier`` turns them into violations. Which
checks apply depends on where the statement sits: a strength, mitigant, summary or rationale may not
speculate (a risk may say what could go wrong); a strength may not rest on what the file fails; a
rationale or summary may not argue for another outcome than the recommendation.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from underwrite.agent.memo import (
    cause_meaning,
    file_scope,
    number_meaning,
    period_meaning,
    section_meaning,
    text_meaning,
)
from underwrite.agent.memo.evidence import Evidence
from underwrite.agent.memo.numbers import numbers_in_text
from underwrite.core.schemas import FindingStatus, Recommendation

_FAVOURABLE_PLACES = ("strengths[", "summary", "recommendation_rationale")


def failed_only(ev: Evidence) -> set[str]:
    """Evidence ids that only show a failure: failed rules, and facts or ratios every rule on which failed."""
    out = {f"rule:{f.rule_id}" for f in ev.findings if f.status == FindingStatus.failed}
    subjects: dict[str, set[FindingStatus]] = {}
    for f in ev.findings:
        subjects.setdefault(f.subject, set()).add(f.status)
    for subject, statuses in subjects.items():
        if statuses == {FindingStatus.failed}:
            out |= {f"fact:{subject}", f"ratio:{subject}"}
    return out


def statement_problems(
    location: str,
    text: str,
    prose: str,
    citations: Sequence[str],
    ev: Evidence,
    rec: Recommendation,
    unsupported: Collection[str] = (),
) -> list[tuple[str, str]]:
    """(kind, detail) for every meaning problem of one statement; ``prose`` is ``text`` with ids
    blanked (numbers are read from it), ``text`` keeps them (section ids are checked on it);
    ``unsupported``: numbers already reported as in no source (not reported twice)."""
    out: list[tuple[str, str]] = []
    out += [("misattributed_number", d) for d in number_meaning.misattributed(prose, ev, unsupported)]
    out += [("inverted_comparison", d) for d in number_meaning.inverted_comparisons(prose)]
    out += [("inverted_comparison", d) for d in number_meaning.wrong_margins(prose)]
    out += [("wrong_period", d) for d in period_meaning.wrong_durations(prose, ev)]
    out += [("wrong_period", d) for d in period_meaning.per_short_period(prose, numbers_in_text(prose), ev)]
    out += [("absent_party", d) for d in file_scope.absent_parties(text, ev)]
    out += [("absent_document", d) for d in file_scope.absent_documents(text, ev)]
    out += [("unknown_name", d) for d in file_scope.unknown_names(prose, ev)]
    out += [
        ("precedent_figure", d)
        for d in file_scope.precedent_figures(prose, text, ev)
        if d.split("'")[1] not in unsupported
    ]
    out += [("policy_misstated", d) for d in section_meaning.section_mismatches(text, prose, ev)]
    out += [("unsupported_cause", d) for d in cause_meaning.foreign_causes(prose)]
    out += [("contradicts_file", d) for d in text_meaning.denials(text, ev)]
    rules = [c for c in citations if c.startswith("rule:")]
    conflict = text_meaning.polarity_conflict(text, rules, ev)
    if conflict:
        out.append(("contradicts_file", conflict))
    out += [
        ("unsupported_quote", f"{q} is in no source of the file")
        for q in text_meaning.unsupported_quotes(text, ev)
    ]
    out += [("policy_misstated", d) for d in text_meaning.policy_problems(text, citations, ev)]
    favourable = location.startswith(_FAVOURABLE_PLACES) or location.endswith(".mitigant")
    hedges = text_meaning.speculation(text) if favourable else []
    if hedges:
        out.append(("speculative_text", f"speculates ({', '.join(hedges)}) where the file states facts"))
    if location.startswith(("recommendation_rationale", "summary")):
        decision = text_meaning.decision_conflict(text, rec)
        if decision:
            out.append(("recommendation_text_conflict", decision))
    if location.startswith("strengths["):
        risky = sorted(set(citations) & failed_only(ev))
        if risky:
            out.append(
                ("strength_on_failure", f"a strength resting on what the file fails ({', '.join(risky)})")
            )
    out += [
        ("prohibited_basis_text", f"names a protected attribute ({v!r})")
        for v in text_meaning.protected_values(text, ev)
    ]
    return out
