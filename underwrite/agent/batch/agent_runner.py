"""The real runner: the memo graph on one packet folder, up to the human-review interrupt.

Written against ``underwrite.agent.workflow.draft_memo(packet_dir, deps) -> RunResult`` as it
stands on the ``agent`` branch (issue 6, commit 664d685); until that branch is merged the import
fails and ``underwrite batch`` says so, pointing at ``--runner llm-calls``.

Idempotency on the agent side: the graph uses one checkpoint thread per application id and its
audit rows carry a dedupe key, so a retried job resumes the run instead of drafting a second memo.
``draft_memo`` is synchronous, so jobs run in threads; M of them per worker process.
"""

from __future__ import annotations

import asyncio
from typing import Any

from underwrite.agent.batch.errors import PermanentJobError
from underwrite.agent.batch.runners import AgentRunnerUnavailable, write_staged_memo
from underwrite.agent.batch.schemas import JobContext, JobOutcome

_UNAVAILABLE = (
    "the memo agent (issue 6) is not part of this build yet; "
    "run `underwrite batch --runner llm-calls` to drive the queue with plain chat calls"
)


def check_agent_available() -> None:
    try:
        from underwrite.agent.deps import Deps  # noqa: F401
        from underwrite.agent.workflow import draft_memo  # noqa: F401
    except ImportError as exc:
        raise AgentRunnerUnavailable(_UNAVAILABLE) from exc


class AgentMemoRunner:
    def __init__(self) -> None:
        check_agent_available()
        from underwrite.agent.deps import Deps
        from underwrite.agent.errors import ApplicationAlreadyDecided, EmptyPacketError
        from underwrite.agent.workflow import draft_memo

        self._draft = draft_memo
        # Built once per worker process: score model, index and LLM client are shared by its jobs.
        self._deps: Any = Deps.default()
        self._permanent: tuple[type[Exception], ...] = (EmptyPacketError, ApplicationAlreadyDecided)

    async def run(self, job: JobContext) -> JobOutcome:
        try:
            result = await asyncio.to_thread(self._draft, job.packet_dir, self._deps)
        except self._permanent as exc:
            raise PermanentJobError(f"{type(exc).__name__}: {exc}") from exc
        path, digest = write_staged_memo(job, result.memo.model_dump_json(indent=2), suffix=".json")
        return JobOutcome(
            memo_path=path,
            memo_sha256=digest,
            recommendation=result.memo.recommendation,
            llm_calls=len(result.llm_calls),
        )

    async def aclose(self) -> None:
        return None
