"""Checks a memo narrative against the state it claims to describe. Pure functions, typed violations.

Rules: every number must be one the state holds (tolerant of formatting and rounding); every
citation must name a source that was provided; the recommendation must respect the rule findings
(a failed hard rule never becomes an approval without an exception record); adverse-action reasons
must be the score's own reasons and never a prohibited basis; every text must read as prose and
share a term with the sources it cites (``memo.grounding``); and what its words say must not
contradict the file (``memo.narrative_meaning``: a number is the quantity it is written against, a
stated comparison holds, no denial of what the file shows, no quote or policy content the sources
do not hold, no speculation in favour, no rationale arguing for another outcome).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from underwrite.agent.memo.evidence import Evidence, build_sources, identifier_numbers
from underwrite.agent.memo.grounding import is_grounded
from underwrite.agent.memo.narrative_meaning import statement_problems
from underwrite.agent.memo.numbers import is_supported, iso_dates_in_text, numbers_in_text, ranges_holding
from underwrite.agent.memo.period_meaning import supported_as_annual
from underwrite.agent.memo.recommendation import allowed_recommendations
from underwrite.agent.memo.subjects import subject_words
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.memo import MemoNarrative
from underwrite.core.schemas import Recommendation

MAX_ADVERSE_ACTION_REASONS = 4
_APPROVALS = {Recommendation.approve, Recommendation.approve_with_conditions}
# Words that name a prohibited basis; the narrative may never rest a judgement on them.
_PROHIBITED_TERMS = re.compile(
    r"\b(age|aged|years old|elderly|young|younger|youthful|sex|gender|male|female|woman|women|"
    r"married|marital|divorced|"
    r"widow(?:ed)?|nationality|national origin|foreign(?:er| worker)?|race|racial|ethnic(?:ity)?|"
    r"religion|religious|pregnan\w*)\b",
    re.IGNORECASE,
)


class ViolationKind(StrEnum):
    invalid_output = "invalid_output"
    unsupported_number = "unsupported_number"
    unsupported_date = "unsupported_date"
    unknown_citation = "unknown_citation"
    missing_citation = "missing_citation"
    recommendation_over_hard_fail = "recommendation_over_hard_fail"
    recommendation_inconsistent = "recommendation_inconsistent"
    adverse_action_missing = "adverse_action_missing"
    adverse_action_unknown_reason = "adverse_action_unknown_reason"
    adverse_action_prohibited_basis = "adverse_action_prohibited_basis"
    prohibited_basis_text = "prohibited_basis_text"
    unreadable_text = "unreadable_text"
    ungrounded_text = "ungrounded_text"
    # meaning (memo.narrative_meaning): what the words say against what the file shows
    misattributed_number = "misattributed_number"
    inverted_comparison = "inverted_comparison"
    contradicts_file = "contradicts_file"
    unsupported_quote = "unsupported_quote"
    policy_misstated = "policy_misstated"
    speculative_text = "speculative_text"
    recommendation_text_conflict = "recommendation_text_conflict"
    strength_on_failure = "strength_on_failure"
    # what the file holds (memo.file_scope, memo.period_meaning, memo.cause_meaning)
    wrong_period = "wrong_period"
    absent_party = "absent_party"
    absent_document = "absent_document"
    unknown_name = "unknown_name"
    precedent_figure = "precedent_figure"
    unsupported_cause = "unsupported_cause"


class Violation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ViolationKind
    location: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind.value} at {self.location}: {self.detail}"


def verify_narrative(narrative: MemoNarrative, ev: Evidence) -> list[Violation]:
    """All violations of ``narrative`` against ``ev``; an empty list means the narrative is verified."""
    sources = build_sources(ev)
    allowed = [n for s in sources.values() for n in s.numbers] + identifier_numbers(ev)
    state_text = " ".join(str(v) for v in ev.facts.values() if v is not None)
    file_notes = [*ev.flag_codes, *ev.missing_documents]
    out: list[Violation] = []
    for location, text, citations in narrative.cited_texts():
        # Ids are not claims or prose: "CP-4.2", a case id or an application id such as "APP-1-sex".
        prose = _strip_identifiers(text, sources.keys(), ev)
        mentions = numbers_in_text(prose)
        # a tight range around a value ("between EUR 1,400 and EUR 1,450") and the yearly form of a
        # monthly figure the text calls yearly ("EUR 46,800 a year") are the file's numbers too
        ranged = ranges_holding(prose, mentions, allowed)
        unsupported = [
            m.text
            for m in mentions
            if not is_supported(m, allowed) and m.text not in ranged and not supported_as_annual(prose, m, ev)
        ]
        for m in mentions:
            if m.text in unsupported:
                out.append(
                    Violation(
                        kind=ViolationKind.unsupported_number,
                        location=location,
                        detail=f"{m.text!r} matches no value in the application state",
                    )
                )
        for date in iso_dates_in_text(text):
            if date not in state_text:
                out.append(
                    Violation(
                        kind=ViolationKind.unsupported_date,
                        location=location,
                        detail=f"{date} is not a date in the application",
                    )
                )
        for cid in citations:
            if cid not in sources:
                out.append(
                    Violation(
                        kind=ViolationKind.unknown_citation,
                        location=location,
                        detail=f"{cid!r} was not among the sources provided",
                    )
                )
        if mentions and not citations:
            out.append(
                Violation(
                    kind=ViolationKind.missing_citation,
                    location=location,
                    detail="states numbers but cites no source",
                )
            )
        if not _reads_as_prose(prose):
            out.append(
                Violation(
                    kind=ViolationKind.unreadable_text,
                    location=location,
                    detail=f"{text[:60]!r} is not readable prose (a memo states its points in words)",
                )
            )
        # the everyday words of what it cites count too ("left each month" is residual income)
        elif not is_grounded(
            location, text, citations, sources, [*file_notes, *map(subject_words, citations)]
        ):
            out.append(
                Violation(
                    kind=ViolationKind.ungrounded_text,
                    location=location,
                    detail=f"{text[:60]!r} shares no term with the sources it cites (say what they show)",
                )
            )
        for hit in prohibited_terms_in(prose):
            out.append(
                Violation(
                    kind=ViolationKind.prohibited_basis_text,
                    location=location,
                    detail=f"mentions a prohibited basis ({hit!r})",
                )
            )
        rec = narrative.recommendation
        for kind, detail in statement_problems(location, text, prose, citations, ev, rec, unsupported):
            out.append(Violation(kind=ViolationKind(kind), location=location, detail=detail))
    out += _check_recommendation(narrative, ev)
    out += _check_adverse_action(narrative, ev)
    return out


def prohibited_terms_in(text: str) -> list[str]:
    """The words of ``text`` that name a prohibited basis, lower-cased and sorted."""
    return sorted({h.group(0).lower() for h in _PROHIBITED_TERMS.finditer(text)})


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MIN_WORDS = 2
MIN_LOWERCASE_SHARE = 0.6


def _reads_as_prose(text: str) -> bool:
    """At least two words, most of them written in lower case: a small model's degenerate output
    ("SEM-LIMPIA-MISER-18753: SUMMARY OF THE DETAILS", a lone token) fails; any sentence passes."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return False
    return sum(any(c.islower() for c in w) for w in words) / len(words) >= MIN_LOWERCASE_SHARE


def _strip_identifiers(text: str, source_ids: Iterable[str], ev: Evidence) -> str:
    """Blank out ids (policy:CP-4.2, R07, case ids) so their digits are not read as claims."""
    idents = sorted(
        {
            *source_ids,
            *(f.section_id for f in ev.findings),
            *(p.section_id for p in ev.policy),
            *(r.code for r in ev.score.reasons),
            *(c.case_id for c in ev.precedents),
            *(f.rule_id for f in ev.findings),
            ev.application_id,
        },
        key=len,
        reverse=True,
    )
    for ident in idents:
        if ident:
            text = text.replace(ident, " ")
    return text


def _check_recommendation(narrative: MemoNarrative, ev: Evidence) -> list[Violation]:
    rec = narrative.recommendation
    hard = ev.unexcepted_hard_failures()
    if rec in _APPROVALS and hard:
        ids = ", ".join(f"{f.rule_id} ({f.section_id})" for f in hard)
        return [
            Violation(
                kind=ViolationKind.recommendation_over_hard_fail,
                location="recommendation",
                detail=f"{rec.value} although hard rule(s) failed without exception: {ids}",
            )
        ]
    allowed = allowed_recommendations(ev)
    if rec not in allowed:
        names = ", ".join(sorted(a.value for a in allowed))
        return [
            Violation(
                kind=ViolationKind.recommendation_inconsistent,
                location="recommendation",
                detail=f"{rec.value} is not consistent with the findings; allowed: {names}",
            )
        ]
    return []


def _check_adverse_action(narrative: MemoNarrative, ev: Evidence) -> list[Violation]:
    out: list[Violation] = []
    reasons = {r.code: r for r in ev.score.reasons}
    codes = narrative.adverse_action_codes
    # A decline states the score's reasons when it has any it may state; a decline on a hard rule with
    # no statable score reason (none, or only on a prohibited basis) rests on the rule its rationale cites.
    statable = any(r.feature not in PROTECTED_FIELDS for r in reasons.values())
    if narrative.recommendation == Recommendation.decline and not codes and statable:
        out.append(
            Violation(
                kind=ViolationKind.adverse_action_missing,
                location="adverse_action_codes",
                detail="a decline must state up to 4 specific reasons from the score",
            )
        )
    for code in codes[:MAX_ADVERSE_ACTION_REASONS]:
        reason = reasons.get(code)
        if reason is None:
            out.append(
                Violation(
                    kind=ViolationKind.adverse_action_unknown_reason,
                    location="adverse_action_codes",
                    detail=f"{code!r} is not one of the score's reasons",
                )
            )
        elif reason.feature in PROTECTED_FIELDS:
            out.append(
                Violation(
                    kind=ViolationKind.adverse_action_prohibited_basis,
                    location="adverse_action_codes",
                    detail=f"{code} rests on {reason.feature}, a prohibited basis",
                )
            )
    return out
