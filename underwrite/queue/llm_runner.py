"""The ``llm-calls`` runner: plain chat calls through :class:`LLMClient`, the memo graph's traffic shape."""

from __future__ import annotations

from underwrite.core.settings import get_settings
from underwrite.llm import LLMClient
from underwrite.llm import RetryPolicy as LLMRetryPolicy
from underwrite.queue.errors import PermanentJobError
from underwrite.queue.packets import packet_files
from underwrite.queue.schemas import JobContext, JobOutcome
from underwrite.queue.staging import parse_recommendation, write_staged_memo

_SNIPPET_CHARS = 1500

# Retry layering. The queue already retries transient failures: it frees the job's slot, records the
# error on the job row (visible in `queue status`), backs off with jitter and bounds both the count
# and the wait (RetryPolicy.max_transient_errors, max_transient_wait_s). The client's own default
# (3 retries, up to ~20 s) would stack under that: a slot held for seconds per call during an
# outage, and N×M retry loops hammering a server that is coming back. So batch clients retry once,
# quickly — enough to ride out a single reset keep-alive connection without throwing away the
# job's earlier calls — and leave every longer wait to the queue.
BATCH_CLIENT_RETRY = LLMRetryPolicy(max_retries=1, base_delay_s=0.2, max_delay_s=1.0, max_retry_after_s=5.0)


def batch_llm_client(base_url: str | None = None, retry: LLMRetryPolicy = BATCH_CLIENT_RETRY) -> LLMClient:
    """The shared LLM client configured for a batch worker: the configured URL, low retries."""
    settings = get_settings()
    url = (base_url or settings.llm_url).rstrip("/")
    if not url:
        raise ValueError("the llm-calls runner needs an LLM URL (set UW_LLM_URL)")
    return LLMClient(
        url,
        settings.llm_model,
        api_key=settings.llm_api_key.get_secret_value(),
        timeout_s=settings.llm_timeout_s,
        retry=retry,
    )


class LLMCallRunner:
    """K sequential chat-completion calls per job through :class:`LLMClient` (``achat``).

    It reads the packet's files, sends their names and opening text in the first call, then asks
    for K-1 further sections, each call carrying the previous replies — the shape of the memo
    graph's traffic (draft, verify, repair) without its tools. Used by the batch benchmark.
    The client's typed errors reach the worker unchanged; :func:`errors.classify_failure` maps
    them (unavailable/timeout → transient, rejected request → permanent).
    """

    def __init__(
        self,
        base_url: str | None = None,
        calls_per_job: int = 3,
        client: LLMClient | None = None,
    ) -> None:
        # One client per worker process: its async pool is shared by the M jobs in flight. The
        # openai SDK keeps up to 100 idle connections alive, so M ≤ 100 never reconnects per call.
        self.client = client or batch_llm_client(base_url)
        self.base_url = self.client.base_url
        self.calls_per_job = calls_per_job

    async def run(self, job: JobContext) -> JobOutcome:
        messages: list[dict[str, str]] = [
            {"role": "system", "content": "You draft sections of a credit memo from application documents."},
            {"role": "user", "content": _packet_prompt(job)},
        ]
        sections: list[str] = []
        for index in range(self.calls_per_job):
            result = await self.client.achat(messages, max_tokens=256, temperature=0)
            sections.append(result.text)
            messages.append({"role": "assistant", "content": result.text})
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

    async def aclose(self) -> None:
        await self.client.aclose()


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
