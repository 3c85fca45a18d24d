"""Job runners: what turns one claimed packet into a drafted memo.

The worker only knows the :class:`JobRunner` protocol, so the queue is tested and benchmarked with
the LLM-call runner (``llm_runner.py``) and drafts real memos with the agent runner
(``agent_runner.py``), switching by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

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


def make_runner(name: str, calls_per_job: int = 3, concurrency: int = 4) -> JobRunner:
    if name == "llm-calls":
        # lazy: the openai SDK is slow to import and `queue add` needs none of it.
        from underwrite.queue.llm_runner import LLMCallRunner

        return LLMCallRunner(calls_per_job=calls_per_job)
    if name == "agent":
        # lazy: the agent runner loads LangGraph, LightGBM and Chroma; only the runner named is loaded.
        from underwrite.queue.agent_runner import AgentMemoRunner

        return AgentMemoRunner(concurrency=concurrency)
    raise ValueError(f"unknown runner {name!r}; choose one of {', '.join(RUNNER_NAMES)}")


def preflight_runner(
    name: str, on_status: Callable[[str], None] = lambda _m: None, prepare: bool = True
) -> None:
    """Fail before any worker starts when the runner cannot be built; with ``prepare``, also build
    what all jobs share (for the agent: score model, index, anomaly model) once, here."""
    if name == "agent":
        from underwrite.queue.agent_runner import prepare_agent  # lazy: as in make_runner

        if prepare:
            prepare_agent(on_status)
    elif name == "llm-calls" and not get_settings().llm_url:
        raise ValueError("the llm-calls runner needs an LLM URL (set UW_LLM_URL)")
