"""Everything a memo may rest on, in one typed object, and the source catalogue built from it.

The catalogue gives each piece of evidence a stable id (``fact:loan_amount``, ``ratio:dti``,
``score:R07``, ``rule:AFF-01``, ``policy:CP-4.2``, ``case:german-0042``) that the LLM cites and the
verifier checks. The numbers each source carries are the only numbers a narrative may contain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from underwrite.agent.memo.numbers import numbers_in_text
from underwrite.core.fields import FIELDS, PROTECTED_FIELDS
from underwrite.core.precedent import PrecedentHit
from underwrite.core.schemas import FactValue, FindingStatus, RuleFinding, Score, Severity

if TYPE_CHECKING:
    # Only the annotation: the state module holds these evidence types, so importing it here at
    # run time would be a cycle.
    from underwrite.agent.state import UnderwritingState


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PolicyEvidence(_Model):
    section_id: str
    title: str = ""
    text: str = ""
    score: float = 0.0


# Checkpoints written before core.precedent existed name this class path; the serializer's
# allow-list (agent/checkpoints.py) keeps it so old runs revive their precedents as hits.
PrecedentEvidence = PrecedentHit


class ExceptionRecord(_Model):
    """A recorded exception to a hard rule, granted by someone with the authority the policy names."""

    rule_id: str
    authority: str
    granted_by: str
    reason: str


class Evidence(_Model):
    """The state a memo is verified against."""

    application_id: str
    facts: dict[str, FactValue] = Field(default_factory=dict)
    fact_origins: dict[str, str] = Field(default_factory=dict, description="fact → 'doc_id p.N (method)'")
    ratios: dict[str, float | None] = Field(default_factory=dict)
    score: Score
    findings: list[RuleFinding] = Field(default_factory=list)
    policy: list[PolicyEvidence] = Field(default_factory=list)
    precedents: list[PrecedentHit] = Field(default_factory=list)
    exceptions: list[ExceptionRecord] = Field(default_factory=list)
    missing_documents: list[str] = Field(default_factory=list)
    flag_codes: list[str] = Field(default_factory=list)

    def hard_failures(self) -> list[RuleFinding]:
        return [f for f in self.findings if f.severity == Severity.hard and f.status == FindingStatus.failed]

    def unexcepted_hard_failures(self) -> list[RuleFinding]:
        excepted = {e.rule_id for e in self.exceptions}
        return [f for f in self.hard_failures() if f.rule_id not in excepted]


def evidence_of(state: UnderwritingState) -> Evidence:
    """What the memo of a run rests on, read from the workflow state after the rules ran."""
    app = state["application"]
    origins = {}
    for name in state["values"]:
        fact = app.fact(name)
        if fact is not None and fact.source is not None:
            origins[name] = f"({fact.source.doc_id} p.{fact.source.page}, {fact.method.value})"
    return Evidence(
        application_id=state["application_id"],
        facts={k: v for k, v in state["values"].items() if k not in state["ratios"].as_values()},
        fact_origins=origins,
        ratios=state["ratios"].as_values(),
        score=state["score"],
        findings=state["findings"],
        policy=state.get("policy", []),
        precedents=state.get("precedents", []),
        exceptions=state.get("exceptions", []),
        missing_documents=state.get("missing_documents", []),
        flag_codes=sorted({f.code for f in state.get("flags", [])}),
    )


class Source(_Model):
    id: str
    kind: str
    label: str
    detail: str
    numbers: list[float] = Field(default_factory=list)


def _value_numbers(value: object) -> list[float]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [float(value)]
    return [n for mention in numbers_in_text(str(value)) for n in mention.candidates]


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return str(value)


def build_sources(ev: Evidence) -> dict[str, Source]:
    """Source id → source, for every piece of evidence the narrative may cite."""
    out: dict[str, Source] = {}

    def add(src: Source) -> None:
        out[src.id] = src

    for name, value in ev.facts.items():
        if value is None or name in PROTECTED_FIELDS:
            continue  # protected facts are never offered to the model as something to cite
        label = FIELDS[name].label if name in FIELDS else name
        origin = ev.fact_origins.get(name, "")
        add(
            Source(
                id=f"fact:{name}",
                kind="fact",
                label=label,
                detail=f"{label} = {_fmt(value)} {origin}".strip(),
                numbers=_value_numbers(value),
            )
        )
    for name, value in ev.ratios.items():
        if value is None:
            continue
        add(
            Source(
                id=f"ratio:{name}",
                kind="ratio",
                label=name.upper(),
                detail=f"{name} = {_fmt(value)}",
                numbers=[float(value)],
            )
        )
    s = ev.score
    add(
        Source(
            id="score:pd",
            kind="score",
            label="Probability of default",
            detail=f"PD = {s.pd:.4f}, grade {s.grade}, model {s.model_version}",
            numbers=[s.pd],
        )
    )
    for r in s.reasons:
        # Several inputs may share a code (R36: accounts opened in 6, 12 or 24 months): one source
        # carries all their texts, so none of their numbers is lost.
        same = out.get(f"score:{r.code}")
        add(
            Source(
                id=f"score:{r.code}",
                kind="reason",
                label=r.code,
                detail=f"{same.detail}; {r.text}" if same else r.text,
                numbers=[*(same.numbers if same else []), *_value_numbers(r.text)],
            )
        )
    for f in ev.findings:
        nums = _value_numbers(f.value) + _value_numbers(f.limit) + _value_numbers(f.message)
        add(
            Source(
                id=f"rule:{f.rule_id}",
                kind="rule",
                label=f.rule_id,
                detail=f"{f.subject} {f.value} {f.operator} {f.limit}: {f.status.value} "
                f"({f.severity.value}, {f.section_id}) {f.message}",
                numbers=nums,
            )
        )
    for p in ev.policy:
        add(
            Source(
                id=f"policy:{p.section_id}",
                kind="policy",
                label=p.section_id,
                detail=f"{p.title}: {p.text[:400]}",
                numbers=_value_numbers(p.text + " " + p.title),
            )
        )
    for c in ev.precedents:
        meta_nums = [n for v in c.metadata.values() for n in _value_numbers(v)]
        add(
            Source(
                id=f"case:{c.case_id}",
                kind="precedent",
                label=c.case_id,
                detail=f"similarity {c.similarity:.2f}, decision {c.decision}, outcome {c.outcome}: "
                f"{c.summary[:300]}",
                numbers=[c.similarity, *meta_nums, *_value_numbers(c.summary)],
            )
        )
    return out


def identifier_numbers(ev: Evidence) -> list[float]:
    """Numbers that appear inside identifiers (section ids, reason codes, grades, case ids)."""
    idents = [f.section_id for f in ev.findings] + [p.section_id for p in ev.policy]
    idents += [r.code for r in ev.score.reasons] + [ev.score.grade, ev.application_id]
    idents += [c.case_id for c in ev.precedents] + [f.rule_id for f in ev.findings]
    return [n for i in idents for n in _value_numbers(i.replace("-", " ").replace("_", " "))]
