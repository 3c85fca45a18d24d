"""The real runner: the memo graph on one packet folder, up to the human-review interrupt.

Idempotency on the agent side: the graph keeps one checkpoint thread per application id and its
audit records carry a dedupe key per run, so a retried job resumes the run (or, if the draft was
already finished, returns it) instead of drafting a second memo or writing a second audit record.
``draft_memo`` is synchronous, so jobs run in threads of the runner's own pool, M per worker
process: on asyncio's default pool (min(32, CPUs + 4) threads) they would cap M at 6 on a 2-core
machine and queue the worker's database calls — heartbeats included — behind runs that block for
minutes on the LLM, so healthy jobs would lose their leases.

LLM errors: the graph itself turns unusable output (schema-invalid, 4xx) into a repair or the
deterministic fallback; an unreachable or timing-out server propagates as the client's typed error,
which the queue treats as transient — the job waits and resumes from its last checkpoint, for
at most the policy's bound (policy.py), then fails with the reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from underwrite.agent.deps import Deps, prepare_components
from underwrite.agent.errors import ApplicationAlreadyDecided, EmptyPacketError, PacketChanged
from underwrite.agent.lease import fenced
from underwrite.agent.workflow import draft_memo
from underwrite.llm import LLMClient
from underwrite.queue.errors import PermanentJobError
from underwrite.queue.llm_runner import BATCH_CLIENT_RETRY
from underwrite.queue.schemas import JobContext, JobOutcome
from underwrite.queue.staging import write_staged_memo
from underwrite.tools.checks.anomaly import load_anomaly_model


def prepare_agent(on_status: Callable[[str], None] = lambda _m: None) -> None:
    """First-run preparation, once, before any worker starts.

    Score model, search index and anomaly model are each built on first use and cached under
    UW_HOME; built lazily inside jobs, N×M jobs would race to build the same files (and a job
    that finds the index missing would fail). Here it happens once, in the supervisor's process.
    """
    prepare_components(on_status)
    on_status("anomaly model: ready or fitting (first run only)")
    load_anomaly_model()


class AgentMemoRunner:
    def __init__(self, deps: Any | None = None, concurrency: int = 4) -> None:
        self._draft = draft_memo
        # Built once per worker process: score model, index and LLM client are shared by its jobs.
        self._deps: Any = deps if deps is not None else _default_deps()
        self._permanent: tuple[type[Exception], ...] = (
            EmptyPacketError,
            ApplicationAlreadyDecided,
            PacketChanged,
        )
        self._executor = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="memo-job")

    async def run(self, job: JobContext) -> JobOutcome:
        try:
            loop = asyncio.get_running_loop()
            result = await loop.run_in_executor(self._executor, self._fenced_draft, job)
        except self._permanent as exc:
            raise PermanentJobError(f"{type(exc).__name__}: {exc}") from exc
        path, digest = write_staged_memo(job, result.memo.model_dump_json(indent=2), suffix=".json")
        return JobOutcome(
            memo_path=path,
            memo_sha256=digest,
            recommendation=result.memo.recommendation,
            llm_calls=len(result.llm_calls),
        )

    def _fenced_draft(self, job: JobContext) -> Any:
        """The draft, with every write of the run refused once the job's lease is lost."""
        with fenced(job.lease):
            return self._draft(job.packet_dir, self._deps)

    async def aclose(self) -> None:
        # A run cancelled on shutdown cannot be interrupted inside its thread; its job was released,
        # and whatever it still writes is checkpointed state that the next attempt resumes from.
        self._executor.shutdown(wait=False, cancel_futures=True)


def _default_deps() -> Any:
    """The real tools, with the batch's LLM retry policy (see llm_runner.BATCH_CLIENT_RETRY)."""
    deps = Deps.default()
    if isinstance(deps.llm, LLMClient):
        deps.llm.retry = BATCH_CLIENT_RETRY
    # Open the search store and load the encoder now, on one thread: the first jobs of a worker
    # otherwise open Chroma from M threads at once, which failed ("cannot open Chroma …
    # 'RustBindingsAPI' object has no attribute 'bindings'") and cost those jobs an attempt.
    deps.search_policy("credit policy", 1)
    return deps
