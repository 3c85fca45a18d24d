"""The fake OpenAI server's benchmark features: fixed latency served in parallel, /stats, restart."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time

import httpx
import pytest

from underwrite.llm import LLMClient, LLMUnavailableError, RetryPolicy
from underwrite.llm.embedded import free_port
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply

MSGS = [{"role": "user", "content": "hello"}]
NO_RETRY = RetryPolicy(max_retries=0)


async def _gather_chats(url: str, n: int) -> list[str]:
    client = LLMClient(url, "fake-model", retry=NO_RETRY)
    try:
        results = await asyncio.gather(*(client.achat(MSGS) for _ in range(n)))
    finally:
        await client.aclose()
    return [r.text for r in results]


def _wait_until_up(url: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/models", timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError(f"fake server at {url} did not come up")


def test_stop_then_start_listens_again_on_the_same_port() -> None:
    server = FakeOpenAIServer(default=Reply.say("back")).start()
    url, port = server.url, server.port
    try:
        server.stop()
        with pytest.raises(LLMUnavailableError):
            LLMClient(url, "fake-model", retry=NO_RETRY).chat(MSGS)
        server.start()
        assert server.port == port
        assert LLMClient(url, "fake-model", retry=NO_RETRY).chat(MSGS).text == "back"
        stats = server.wait_idle()
        assert stats.calls == 1 and stats.errors == 0
    finally:
        server.stop()


def test_stats_count_served_calls_and_errors_but_not_refusals() -> None:
    with FakeOpenAIServer([Reply.error(503, "busy")], default=Reply.say("ok")) as server:
        client = LLMClient(server.url, "fake-model", retry=RetryPolicy(max_retries=1, base_delay_s=0.01))
        assert client.chat(MSGS).text == "ok"
        server.wait_idle()
        stats = httpx.get(f"{server.url}/stats").json()
    assert stats == {"calls": 1, "errors": 1, "in_flight": 0, "max_in_flight": 1}


def test_process_entry_point_serves_calls_in_parallel_and_dies_on_sigterm() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    command = [sys.executable, "-m", "underwrite.testing.fake_openai", "--port", str(port),
               "--latency", "0.5", "--text", "section", "--no-record"]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(url)
        assert asyncio.run(_gather_chats(url, 6)) == ["section"] * 6
        stats = httpx.get(f"{url}/stats").json()
        # All six waited their 0.5 s at the same time, as on a continuously batching server.
        assert stats["calls"] == 6 and stats["max_in_flight"] >= 2
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == -signal.SIGTERM
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{url}/stats", timeout=1)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.stdout is not None and proc.stdout.read().decode().strip() == url
