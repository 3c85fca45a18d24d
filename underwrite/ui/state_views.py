"""Turning a workflow run (or a packet read afresh) into what the workbench shows.

Pure conversions: no database, no LLM. ``backend.py`` fetches the run; this module shapes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from underwrite.agent.nodes.intake import failure_text
from underwrite.agent.workflow import Flag, RunView, assess
from underwrite.core.memo import ClaimOrigin, Memo
from underwrite.core.schemas import Application, Decision, FactValue, RuleFinding, Score
from underwrite.tools.exports import memo_to_markdown, precedent_amount
from underwrite.tools.intake.packet import load_application
from underwrite.tools.policy.rules import evaluate_rules
from underwrite.tools.scoring import score_application
from underwrite.ui.models import (
    ApplicationView,
    ClaimOriginView,
    MemoFlagView,
    MemoView,
    PolicyFinding,
    PrecedentView,
)
from underwrite.ui.service import InvalidRequest


def flag_lines(flags: list[Flag]) -> list[str]:
    return [f"[{f.severity}] {f.code}: {f.message}" for f in flags]


def memo_view(memo: Memo, *, markdown: str | None = None, edited_by: str | None = None) -> MemoView:
    # A statement without a recorded origin was written by the model when the whole narrative was
    # (llm / repaired), and by code otherwise (fallback, deterministic).
    source = memo.verification.narrative_source.value
    default_origin: ClaimOrigin = (
        "llm" if source == "llm" else "repaired" if source == "repaired" else "deterministic"
    )
    return MemoView(
        application_id=memo.application_id,
        markdown=markdown if markdown is not None else memo_to_markdown(memo),
        recommendation=memo.recommendation,
        verified=memo.verification.passed,
        narrative_source=memo.verification.narrative_source.value,
        flags=[MemoFlagView(code=f.code, message=f.message, severity=f.severity) for f in memo.flags],
        adverse_action_reasons=[f"{a.code}: {a.text}" for a in memo.adverse_action_reasons],
        edited_by=edited_by,
        claims=[
            ClaimOriginView(location=loc, origin=memo.narrative.origin_of(loc, default_origin), text=text)
            for loc, text, _ in memo.narrative.cited_texts()
            if text.strip()
        ],
    )


def _findings(findings: list[RuleFinding], titles: Mapping[str, str]) -> list[PolicyFinding]:
    return [PolicyFinding(finding=f, section_title=titles.get(f.section_id, "")) for f in findings]


def view_from_state(
    run: RunView, status: str, memo: MemoView | None, decision: Decision | None
) -> ApplicationView:
    """The view of an application the workflow has run on (possibly only part-way)."""
    if run.application is None:
        raise ValueError(f"the run of {run.application_id} has not read its documents yet")
    titles = {p.section_id: p.title for p in run.policy}
    return ApplicationView(
        application=run.application,
        status=status,
        ratios=run.ratios.as_values() if run.ratios else {},
        flags=flag_lines(run.flags),
        score=run.score,
        findings=_findings(run.findings, titles),
        precedents=[
            PrecedentView(
                case_id=p.case_id,
                similarity=p.similarity,
                comparability=p.comparability,
                amount=precedent_amount(p.metadata),
                decision=p.decision,
                outcome=p.outcome,
                summary=p.summary,
            )
            for p in run.precedents
        ],
        memo=memo,
        decision=decision,
        file_flags=sorted({f.code for f in run.flags}),
    )


def preview_view(
    app: Application,
    status: str,
    *,
    score: Callable[[Application], Score],
    rules: Callable[[Mapping[str, FactValue], str], list[RuleFinding]],
    section_title: Callable[[str], str],
    read_problems: list[str],
) -> ApplicationView:
    """Before the workflow runs: what code alone computes from the packet (no LLM, no retrieval).

    The workflow's own code-only steps (:func:`underwrite.agent.workflow.assess`), so the preview
    and the workflow cannot disagree on a number.
    """
    assessment = assess(app, score=score, rules=rules)
    flags = flag_lines(assessment.checks)
    flags += [f"[warning] document_unreadable: {p}" for p in read_problems]
    flags += [f"[warning] document_{f}: {d.filename}: {f}" for d in app.documents for f in d.flags]
    codes = {f.code for f in assessment.checks} | {f"document_{f}" for d in app.documents for f in d.flags}
    titles = {sid: section_title(sid) for sid in {f.section_id for f in assessment.findings}}
    return ApplicationView(
        application=app,
        status=status,
        ratios=assessment.ratios.as_values(),
        flags=flags,
        score=assessment.score,
        findings=_findings(assessment.findings, titles),
        file_flags=sorted(codes),
    )


def preview_of_packet(application_id: str, packet_dir: Path, status: str) -> ApplicationView:
    """Read the packet afresh and preview it (a run has not scored it yet)."""
    # lazy: get_section loads the Chroma-backed search module; keep it off UI import
    from underwrite.retrieval import get_section

    app, failures = load_application(packet_dir)
    if not app.documents:
        raise InvalidRequest(f"{application_id}: no readable document in {packet_dir}.")

    def title(section_id: str) -> str:
        try:
            return get_section(section_id).title
        except LookupError:
            return ""

    return preview_view(
        app,
        status,
        score=score_application,
        rules=evaluate_rules,
        section_title=title,
        read_problems=[failure_text(f.model_dump()) for f in failures],
    )
