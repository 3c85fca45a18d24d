"""`underwrite bench llm`: what our client costs on top of the raw llama.cpp call.

Like with like: the baseline is a bare ``httpx`` POST of the *same* JSON body to the *same* server
(persistent connection, JSON decode only), so the ratio isolates the client (SDK request building,
response models, retry bookkeeping, records). Raw and client runs alternate, the order flipping each
repetition, and the overhead is the median of the paired time ratios, which cancels drift from other
load on the machine. In-process ``llama_cpp.Llama`` is measured too, as a reference for what the
HTTP server itself costs (embedded backend only; not part of the ratio).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import BaseModel

from underwrite.core.settings import get_settings
from underwrite.llm.client import LLMClient
from underwrite.llm.cpu import cpu_flags, use_extra_buffers
from underwrite.llm.embedded import EmbeddedSettings, resolve_model_path
from underwrite.llm.embedded_server import disable_extra_buffer_types
from underwrite.llm.supervisor import ensure_llm
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply

PROMPT = "Write a short paragraph on how a bank assesses a personal loan application."
TARGET_OVERHEAD = 0.05


class LLMBenchReport(BaseModel):
    base_url: str
    model: str
    backend: str
    prompt: str
    max_tokens: int
    repetitions: int
    completion_tokens_raw: list[int]
    completion_tokens_client: list[int]
    raw_http_tokens_per_s_median: float
    client_tokens_per_s_median: float
    overhead_ratio_median: float  # median over pairs of client_time / raw_time - 1
    target_overhead: float = TARGET_OVERHEAD
    meets_target: bool
    inprocess_tokens_per_s_median: float | None
    first_token_raw_s_median: float
    first_token_client_s_median: float
    first_token_overhead_ratio_median: float
    # Absolute client cost, free of model noise: same paired calls against a zero-latency fake server.
    client_cost_ms_per_call_fake_server: float


def run_llm_bench(
    repetitions: int = 7, max_tokens: int = 64, progress: Callable[[str], None] | None = None
) -> LLMBenchReport:
    settings = get_settings()
    url = ensure_llm(settings)
    client = LLMClient.from_settings(settings)
    messages = [{"role": "user", "content": PROMPT}]
    body = {"model": settings.llm_model, "messages": messages, "max_tokens": max_tokens, "temperature": 0.0}
    headers = {"Authorization": f"Bearer {settings.llm_api_key.get_secret_value()}"}
    note = progress or (lambda _msg: None)

    with httpx.Client(base_url=url, headers=headers, timeout=settings.llm_timeout_s) as raw:

        def raw_call() -> tuple[float, int]:
            t0 = time.perf_counter()
            response = raw.post("/chat/completions", json=body)
            response.raise_for_status()
            tokens = int(response.json()["usage"]["completion_tokens"])
            return time.perf_counter() - t0, tokens

        def client_call() -> tuple[float, int]:
            t0 = time.perf_counter()
            result = client.chat(messages, max_tokens=max_tokens, temperature=0.0)
            return time.perf_counter() - t0, result.usage.completion_tokens

        def raw_first_token() -> float:
            t0 = time.perf_counter()
            elapsed: float | None = None
            with raw.stream("POST", "/chat/completions", json={**body, "stream": True}) as response:
                for line in response.iter_lines():  # read to the end, as the client does
                    if elapsed is None and _sse_content(line):
                        elapsed = time.perf_counter() - t0
            if elapsed is None:
                raise RuntimeError("raw stream produced no content")
            return elapsed

        def client_first_token() -> float:
            t0 = time.perf_counter()
            elapsed: float | None = None
            for _piece in client.stream(messages, max_tokens=max_tokens, temperature=0.0):
                if elapsed is None:
                    elapsed = time.perf_counter() - t0
            if elapsed is None:
                raise RuntimeError("client stream produced no content")
            return elapsed

        note("warm-up")
        raw_call(), client_call(), raw_first_token(), client_first_token()
        raw_runs, client_runs = _paired(raw_call, client_call, repetitions, note, "tokens/s")
        raw_ft, client_ft = _paired(
            lambda: (raw_first_token(), 0),
            lambda: (client_first_token(), 0),
            repetitions,
            note,
            "first token",
        )

    inprocess = None
    if not settings.llm_url.strip():
        note("in-process llama_cpp.Llama reference")
        inprocess = _inprocess_tokens_per_s(messages, max_tokens, repetitions, settings.llm_ctx)

    note("absolute client cost against the zero-latency fake server")
    cost_ms = _client_cost_ms(body, repetitions=max(30, repetitions))

    raw_tps = [tok / t for t, tok in raw_runs]
    client_tps = [tok / t for t, tok in client_runs]
    overhead = statistics.median(c[0] / r[0] for r, c in zip(raw_runs, client_runs, strict=True)) - 1
    ft_overhead = statistics.median(c[0] / r[0] for r, c in zip(raw_ft, client_ft, strict=True)) - 1
    return LLMBenchReport(
        base_url=url,
        model=settings.llm_model,
        backend="configured URL" if settings.llm_url.strip() else "embedded llama.cpp",
        prompt=PROMPT,
        max_tokens=max_tokens,
        repetitions=repetitions,
        completion_tokens_raw=[tok for _, tok in raw_runs],
        completion_tokens_client=[tok for _, tok in client_runs],
        raw_http_tokens_per_s_median=round(statistics.median(raw_tps), 2),
        client_tokens_per_s_median=round(statistics.median(client_tps), 2),
        overhead_ratio_median=round(overhead, 4),
        meets_target=overhead <= TARGET_OVERHEAD,
        inprocess_tokens_per_s_median=inprocess,
        first_token_raw_s_median=round(statistics.median(t for t, _ in raw_ft), 4),
        first_token_client_s_median=round(statistics.median(t for t, _ in client_ft), 4),
        first_token_overhead_ratio_median=round(ft_overhead, 4),
        client_cost_ms_per_call_fake_server=cost_ms,
    )


def _client_cost_ms(body: dict[str, Any], repetitions: int) -> float:
    """Median of paired (client - raw) wall times in ms for the same request to a fake server."""
    with FakeOpenAIServer(default=Reply(text="word " * 64), model=body["model"]) as fake:
        client = LLMClient(fake.url, body["model"])
        with httpx.Client(base_url=fake.url) as raw:

            def raw_call() -> tuple[float, int]:
                t0 = time.perf_counter()
                raw.post("/chat/completions", json=body).json()
                return time.perf_counter() - t0, 0

            def client_call() -> tuple[float, int]:
                t0 = time.perf_counter()
                client.chat(body["messages"], max_tokens=body["max_tokens"], temperature=0.0)
                return time.perf_counter() - t0, 0

            raw_call(), client_call()
            raws, clients = _paired(raw_call, client_call, repetitions, lambda _m: None, "")
        client.close()
    return round(statistics.median((c[0] - r[0]) * 1000 for r, c in zip(raws, clients, strict=True)), 3)


def _paired(
    a: Callable[[], tuple[float, int]],
    b: Callable[[], tuple[float, int]],
    repetitions: int,
    note: Callable[[str], None],
    label: str,
) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    first: list[tuple[float, int]] = []
    second: list[tuple[float, int]] = []
    for i in range(repetitions):
        note(f"{label} {i + 1}/{repetitions}")
        if i % 2 == 0:
            first.append(a())
            second.append(b())
        else:
            second.append(b())
            first.append(a())
    return first, second


def _sse_content(line: str) -> bool:
    if not line.startswith("data: ") or line == "data: [DONE]":
        return False
    choices = json.loads(line[6:]).get("choices") or []
    return bool(choices and (choices[0].get("delta") or {}).get("content"))


def _inprocess_tokens_per_s(
    messages: list[dict[str, Any]], max_tokens: int, repetitions: int, n_ctx: int
) -> float:
    from llama_cpp import Llama

    embedded = EmbeddedSettings()
    if not use_extra_buffers(embedded.extra_buffers, cpu_flags()[1])[0]:
        disable_extra_buffer_types()  # as the server loads it: the reference must not crash either
    llm = Llama(
        model_path=str(resolve_model_path(embedded)),
        n_ctx=n_ctx,
        n_threads=embedded.threads,
        n_threads_batch=embedded.threads,
        chat_format=embedded.chat_format,
        verbose=False,
    )
    llm.create_chat_completion(messages=messages, max_tokens=max_tokens, temperature=0.0)  # type: ignore[arg-type]
    rates = []
    for _ in range(repetitions):
        t0 = time.perf_counter()
        out: Any = llm.create_chat_completion(messages=messages, max_tokens=max_tokens, temperature=0.0)  # type: ignore[arg-type]
        rates.append(out["usage"]["completion_tokens"] / (time.perf_counter() - t0))
    return round(statistics.median(rates), 2)
