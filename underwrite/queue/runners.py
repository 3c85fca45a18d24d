"""Job runners: what turns one claimed packet into a drafted memo.

The worker only knows the :class:`JobRunner` protocol, so the queue is tested and benchmarked with
the LLM-call runner (``llm_runner.py``) and drafts real memos with the agent runner
(``agent_runner.py``), switching by name.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from underwrite.core.schemas import Recommendation
from underwrite.core.settings import get_settings
from underwrite.queue.schemas import JobContext, JobOutcome

RUNNER_NAMES = ("agent", "llm-calls")


@runtime_checkable
class JobRunner(Protocol):
    async def run(self, job: JobContext) -> JobOutcome:
        """Draft the memo for ``job`` into ``job.staging_dir``; raise to fail the attempt."""
        ...

    async def aclose(self) -> None:
        """Release connections when the worker stops."""
        ...


def write_staged_memo(job: JobContext, text: str, suffix: str = ".md") -> tuple[Path, str]:
    """Write the memo under a name unique to this attempt; the worker publishes it on success."""
    job.staging_dir.mkdir(parents=True, exist_ok=True)
    data = text.encode()
    path = job.staging_dir / f"{job.run_key}.a{job.attempt}.{uuid.uuid4().hex[:8]}{suffix}"
    path.write_bytes(data)
    return path, hashlib.sha256(data).hexdigest()


def parse_recommendation(text: str) -> Recommendation:
    """The last recommendation word the model wrote; ``refer`` (a human decides) when there is none."""
    lowered = text.lower()
    best: tuple[int, Recommendation] = (-1, Recommendation.refer)
    # Longest names first so "approve_with_conditions" is not read as "approve".
    for rec in sorted(Recommendation, key=lambda r: -len(r.value)):
        for spelling in (rec.value, rec.value.replace("_", " ")):
            pos = lowered.rfind(spelling)
            if pos > best[0]:
                best = (pos, rec)
    return best[1]


class AgentRunnerUnavailable(RuntimeError):
    """The memo graph is not part of this build yet."""


def make_runner(name: str, calls_per_job: int = 3, concurrency: int = 4) -> JobRunner:
    if name == "llm-calls":
        # Imported here: the openai SDK is slow to import and `queue add` needs none of it.
        from underwrite.queue.llm_runner import LLMCallRunner

        return LLMCallRunner(calls_per_job=calls_per_job)
    if name == "agent":
        from underwrite.queue.agent_runner import AgentMemoRunner

        return AgentMemoRunner(concurrency=concurrency)
    raise ValueError(f"unknown runner {name!r}; choose one of {', '.join(RUNNER_NAMES)}")


def preflight_runner(
    name: str, on_status: Callable[[str], None] = lambda _m: None, prepare: bool = True
) -> None:
    """Fail before any worker starts when the runner cannot be built; with ``prepare``, also build
    what all jobs share (for the agent: score model, index, anomaly model) once, here."""
    if name == "agent":
        from underwrite.queue.agent_runner import check_agent_available, prepare_agent

        check_agent_available()
        if prepare:
            prepare_agent(on_status)
    elif name == "llm-calls" and not get_settings().llm_url:
        raise ValueError("the llm-calls runner needs an LLM URL (set UW_LLM_URL)")
