"""The fake OpenAI server (``underwrite.testing.fake_openai``) as its own process, for the batch bench.

A separate process so the fault run can take the LLM away the way it really goes away: SIGKILL
(connections reset mid-reply, nothing flushed) and then a restart on the same port.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import httpx

# Every call returns this. The llm-calls runner reads the recommendation word from it; to the memo
# graph it is not a schema-valid narrative, so each agent job runs its draft, its repair round and
# then the deterministic fallback — the LLM traffic of a memo whose drafts failed verification.
REPLY_TEXT = "Draft section from the packet. Recommendation: approve with conditions."


class FakeLLMProcess:
    def __init__(self, latency_s: float) -> None:
        self.latency_s = latency_s
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.process: subprocess.Popen[bytes] | None = None
        self.calls_before_restarts = 0

    @property
    def running(self) -> bool:
        return self.process is not None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "underwrite.testing.fake_openai", "--port", str(self.port),
             "--latency", str(self.latency_s), "--text", REPLY_TEXT, "--no-record"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(300):
            if self.process.poll() is not None:
                break
            try:
                httpx.get(f"{self.url}/models", timeout=1).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"the fake OpenAI server did not start on port {self.port}")

    def served(self) -> int:
        """Chat calls answered by the current process (0 when it is down)."""
        if self.process is None:
            return 0
        try:
            return int(httpx.get(f"{self.url}/stats", timeout=2).json()["calls"])
        except httpx.HTTPError:
            return 0

    def calls(self) -> int:
        return self.calls_before_restarts + self.served()

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> int | None:
        """End the process with ``sig`` (SIGKILL: no goodbye); returns the pid it had."""
        if self.process is None:
            return None
        # Read the counter first: a SIGKILLed process cannot report what it served.
        self.calls_before_restarts += self.served()
        pid = self.process.pid
        self.process.send_signal(sig)
        self.process.wait(timeout=30)
        self.process = None
        return pid
