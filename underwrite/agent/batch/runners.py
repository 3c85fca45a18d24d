"""Job runners: what turns one claimed packet into a drafted memo.

The worker only knows the :class:`JobRunner` protocol, so the queue is tested and benchmarked with
the LLM-call runner while the memo graph is built elsewhere, and switches runner by name.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Protocol, runtime_checkable

import httpx

from underwrite.agent.batch.errors import PermanentJobError
from underwrite.agent.batch.packets import packet_files
from underwrite.agent.batch.schemas import JobContext, JobOutcome
from underwrite.core.schemas import Recommendation
from underwrite.core.settings import get_settings

RUNNER_NAMES = ("agent", "llm-calls")
_SNIPPET_CHARS = 1500


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


class LLMCallRunner:
    """K sequential chat-completion calls per job against an OpenAI-compatible server.

    It reads the packet's files, sends their names and opening text in the first call, then asks
    for K-1 further sections, each call carrying the previous replies — the shape of the memo
    graph's traffic (draft, verify, repair) without its tools. Used by the batch benchmark.
    """

    def __init__(self, base_url: str | None = None, calls_per_job: int = 3, concurrency: int = 8) -> None:
        settings = get_settings()
        self.base_url = (base_url or settings.llm_url).rstrip("/")
        if not self.base_url:
            raise ValueError("the llm-calls runner needs an LLM URL (set UW_LLM_URL)")
        self.model = settings.llm_model
        self.calls_per_job = calls_per_job
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.llm_timeout_s, connect=5.0),
            limits=httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency),
            headers={"Authorization": f"Bearer {settings.llm_api_key.get_secret_value()}"},
        )

    async def run(self, job: JobContext) -> JobOutcome:
        messages: list[dict[str, str]] = [
            {"role": "system", "content": "You draft sections of a credit memo from application documents."},
            {"role": "user", "content": _packet_prompt(job)},
        ]
        sections: list[str] = []
        for index in range(self.calls_per_job):
            reply = await self._chat(messages)
            sections.append(reply)
            messages.append({"role": "assistant", "content": reply})
            messages.append(
                {"role": "user", "content": f"Write section {index + 2} and end with a recommendation."}
            )
        body = "\n\n".join(f"## Section {i + 1}\n\n{text}" for i, text in enumerate(sections))
        memo = f"# Credit memo draft — {job.application_id}\n\nRun {job.run_key}\n\n{body}\n"
        path, digest = write_staged_memo(job, memo)
        return JobOutcome(
            memo_path=path,
            memo_sha256=digest,
            recommendation=parse_recommendation(sections[-1]),
            llm_calls=self.calls_per_job,
        )

    async def _chat(self, messages: list[dict[str, str]]) -> str:
        response = await self._client.post(
            f"{self.base_url}/chat/completions",
            json={"model": self.model, "messages": messages, "max_tokens": 256, "temperature": 0},
        )
        response.raise_for_status()  # 5xx/429 → HTTPStatusError → transient (errors.py)
        content = response.json()["choices"][0]["message"].get("content") or ""
        return str(content)

    async def aclose(self) -> None:
        await self._client.aclose()


def _packet_prompt(job: JobContext) -> str:
    parts = [f"Application {job.application_id}. Documents:"]
    try:
        files = packet_files(job.packet_dir)
    except OSError as exc:
        raise PermanentJobError(f"cannot list packet folder {job.packet_dir}: {exc}") from exc
    for path in files:
        try:
            text = path.read_bytes()[:_SNIPPET_CHARS].decode("utf-8", errors="replace")
        except OSError as exc:
            raise PermanentJobError(f"cannot read {path.name}: {exc}") from exc
        parts.append(f"--- {path.relative_to(job.packet_dir).as_posix()} ---\n{text}")
    return "\n".join(parts)


class AgentRunnerUnavailable(RuntimeError):
    """The memo graph is not part of this build yet."""


def make_runner(name: str, calls_per_job: int = 3, concurrency: int = 8) -> JobRunner:
    if name == "llm-calls":
        return LLMCallRunner(calls_per_job=calls_per_job, concurrency=concurrency)
    if name == "agent":
        from underwrite.agent.batch.agent_runner import AgentMemoRunner

        return AgentMemoRunner()
    raise ValueError(f"unknown runner {name!r}; choose one of {', '.join(RUNNER_NAMES)}")


def preflight_runner(name: str) -> None:
    """Fail before any worker starts when the runner cannot be built (e.g. agent not installed)."""
    if name == "agent":
        from underwrite.agent.batch.agent_runner import check_agent_available

        check_agent_available()
    elif name == "llm-calls" and not get_settings().llm_url:
        raise ValueError("the llm-calls runner needs an LLM URL (set UW_LLM_URL)")
