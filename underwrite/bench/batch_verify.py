"""After a batch: prove from the database and the memo files that nothing was lost or doubled."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import select

from underwrite.queue.models import jobs_table, outputs_table
from underwrite.queue.repository import QueueRepository
from underwrite.records.audit import AuditLog, AuditRecordRow


class Integrity(BaseModel):
    expected: int
    jobs: int
    states: dict[str, int]
    done_exactly_once: int
    lost: int
    duplicated: int
    failed: int
    memo_files: int
    memo_hash_mismatches: int
    failure_reasons: dict[str, int] = {}

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.failed == 0 and self.memo_hash_mismatches == 0


def verify_outputs(repo: QueueRepository, expected: int) -> Integrity:
    """Lost: an expected application without exactly one finished output. Duplicated: any
    application with more than one output row or more than one published memo file (the file
    count is independent of the unique constraint on the rows)."""
    with repo.engine.connect() as conn:
        jobs = conn.execute(
            select(
                jobs_table.c.id, jobs_table.c.application_id, jobs_table.c.state, jobs_table.c.failure_reason
            )
        ).all()
        outputs = conn.execute(
            select(outputs_table.c.job_id, outputs_table.c.application_id, outputs_table.c.memo_path,
                   outputs_table.c.memo_sha256)
        ).all()  # fmt: skip
    rows_per_app = Counter(o.application_id for o in outputs)
    files_per_app = Counter(
        path.parent.name
        for path in repo.memos_dir.glob("*/*")
        if path.is_file() and path.parent.name != ".staging"
    )
    mismatches = sum(
        1
        for o in outputs
        if not Path(o.memo_path).is_file()
        or hashlib.sha256(Path(o.memo_path).read_bytes()).hexdigest() != o.memo_sha256
    )
    finished_ok = {"awaiting_review", "decided"}
    once = sum(
        1
        for j in jobs
        if j.state in finished_ok
        and rows_per_app[j.application_id] == 1
        and files_per_app[j.application_id] == 1
    )
    duplicated = len(
        {a for a, n in rows_per_app.items() if n > 1} | {a for a, n in files_per_app.items() if n > 1}
    )
    failed = sum(1 for j in jobs if j.state == "failed")
    return Integrity(
        expected=expected,
        jobs=len(jobs),
        states=dict(Counter(j.state for j in jobs)),
        done_exactly_once=once,
        lost=expected - once - failed - duplicated,
        duplicated=duplicated,
        failed=failed,
        memo_files=sum(files_per_app.values()),
        memo_hash_mismatches=mismatches,
        failure_reasons=dict(Counter(_reason(j.failure_reason) for j in jobs if j.state == "failed")),
    )


def _reason(text: str | None) -> str:
    """A failure reason without its per-job details (URLs, ids), so equal causes count together."""
    return (text or "no reason recorded").split(" (", 1)[0][:160]


class AuditIntegrity(BaseModel):
    """The agent's side of "nothing lost, nothing doubled": one ``memo_drafted`` audit record per
    drafted memo, the hash chain intact, and what the memos say about how they were written."""

    applications: int
    memo_drafted_records: int
    missing: int
    duplicated: int
    chain_ok: bool
    chain_detail: str = ""
    narrative_sources: dict[str, int] = {}
    memo_flags: dict[str, int] = {}
    mean_llm_drafts: float | None = None
    mean_llm_calls: float | None = Field(
        default=None, description="LLM calls each finished run recorded in its state (extraction, drafts)"
    )

    @property
    def ok(self) -> bool:
        return self.missing == 0 and self.duplicated == 0 and self.chain_ok


def verify_audit(repo: QueueRepository, since: str = "") -> AuditIntegrity:
    """Count the audit records written since ``since`` (an ISO time, as the records store it)
    against the published memos (agent runner only)."""
    import json

    log = AuditLog(repo.engine)
    with repo.engine.connect() as conn:
        drafted = Counter(
            conn.execute(
                select(AuditRecordRow.application_id).where(
                    (AuditRecordRow.kind == "memo_drafted") & (AuditRecordRow.created_at >= since)
                )
            ).scalars()
        )
        published = conn.execute(select(outputs_table.c.application_id, outputs_table.c.memo_path)).all()
    sources: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    drafts: list[int] = []
    for output in published:
        try:
            memo = json.loads(Path(output.memo_path).read_text())
        except (OSError, ValueError):
            continue  # counted as a hash mismatch by verify_outputs
        verification = memo.get("verification") or {}
        sources[str(verification.get("narrative_source"))] += 1
        drafts.append(int(verification.get("attempts") or 0))
        flags.update(str(flag.get("code")) for flag in memo.get("flags") or [])
    apps = {o.application_id for o in published}
    calls = _recorded_llm_calls(sorted(apps))
    chain = log.verify_chain()
    return AuditIntegrity(
        applications=len(apps),
        memo_drafted_records=sum(drafted.values()),
        missing=sum(1 for app in apps if drafted[app] == 0),
        duplicated=sum(1 for n in drafted.values() if n > 1),
        chain_ok=chain.ok,
        chain_detail=chain.problem or "",
        narrative_sources=dict(sources),
        memo_flags=dict(flags),
        mean_llm_drafts=round(sum(drafts) / len(drafts), 3) if drafts else None,
        mean_llm_calls=round(sum(calls) / len(calls), 3) if calls else None,
    )


def _recorded_llm_calls(application_ids: list[str]) -> list[int]:
    """The LLM calls each run's checkpointed state lists: the calls a job needed. A call that a
    fault cut short left no state, so repeats caused by kills and outages are not counted."""
    # lazy: LangGraph (seconds to import); only the agent-mode runs of the bench get here.
    from underwrite.agent.workflow import run_views

    runs = run_views(application_ids).values()
    return [len(run.llm_calls) for run in runs if run.started]
