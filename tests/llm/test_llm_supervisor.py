"""The embedded server's supervisor: death noticed, said in words, restarted (bounded), request retried.

The "server" here is the fake OpenAI-compatible server run as a real child process (the embedded
llama.cpp server is started the same way), so SIGKILL and SIGSEGV are real signals and the reaping
of the child is real; only the model is fake. The real llama.cpp server is killed mid-memo in
``test_memo_integration.py``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from agent_fakes import ScriptedLLM, make_deps, narrative

from underwrite.agent.memo import NarrativeSource
from underwrite.agent.workflow import draft_memo
from underwrite.llm import LLMClient, LLMUnavailableError, RetryPolicy
from underwrite.llm.cpu import cpu_flags, use_extra_buffers
from underwrite.llm.embedded import EmbeddedServer, EmbeddedSettings, ServerState, server_command
from underwrite.llm.localhost import free_port
from underwrite.llm.supervisor import EmbeddedSupervisor, describe_exit

HELLO = [{"role": "user", "content": "hello"}]


# A fake server process that kills itself with a real signal on its Nth chat request (0: never).
CHILD = """
import itertools, os, sys
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply
port, text, crash_on, sig = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
count = itertools.count(1)
def handler(body):
    if next(count) == crash_on:
        os.kill(os.getpid(), sig)
    return Reply(text=text)
FakeOpenAIServer(handler=handler, model="fake-model", port=port, latency_s=0.05).serve_forever()
"""


class FakeLauncher:
    """The supervisor's launcher: each start runs CHILD on the port; ``crashes`` says, per start, on
    which chat request that process dies and by which signal."""

    def __init__(self, tmp: Path, text: str = "ok") -> None:
        self.tmp, self.text = tmp, text
        self.crashes: list[tuple[int, signal.Signals]] = []
        self.started: list[subprocess.Popen[bytes]] = []
        self.supervisors: list[EmbeddedSupervisor] = []

    def __call__(self, port: int | None) -> EmbeddedServer:
        port = port or free_port()
        crash_on, sig = self.crashes[len(self.started)] if len(self.started) < len(self.crashes) else (0, 9)
        cmd = [sys.executable, "-c", CHILD, str(port), self.text, str(crash_on), str(int(sig))]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.started.append(proc)
        url = f"http://127.0.0.1:{port}/v1"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        state = ServerState(
            pid=proc.pid, url=url, host="127.0.0.1", port=port, model_alias="fake-model", model_path="-",
            owner_pid=os.getpid(),
        )  # fmt: skip
        return EmbeddedServer(state, proc, self.tmp / "llm.json")


@pytest.fixture
def launcher(tmp_path: Path) -> Iterator[FakeLauncher]:
    made = FakeLauncher(tmp_path)
    yield made
    for sup in made.supervisors:  # first, or its watcher would restart what is killed below
        sup.stop()
    for proc in made.started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def supervised(
    launcher: FakeLauncher, *crashes: tuple[int, signal.Signals], max_restarts: int = 2
) -> tuple[EmbeddedSupervisor, LLMClient]:
    launcher.crashes = list(crashes)
    sup = EmbeddedSupervisor(launcher, max_restarts=max_restarts, log_path=launcher.tmp / "llm.log")
    launcher.supervisors.append(sup)
    client = LLMClient(sup.url, "fake-model", retry=RetryPolicy(max_retries=0), supervisor=sup)
    return sup, client


def is_reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # no such child of ours any more: the supervisor waited on it
    return False


def test_request_in_flight_survives_a_sigkill_of_the_server(launcher: FakeLauncher) -> None:
    sup, client = supervised(launcher, (1, signal.SIGKILL))  # dies with the request in flight
    first = launcher.started[0]
    result = client.chat(HELLO)
    assert result.text == "ok"
    (crash,) = client.records[-1].crashes
    assert "crashed with SIGKILL; restarting (1/2)" in crash and str(launcher.tmp / "llm.log") in crash
    assert len(launcher.started) == 2 and sup.alive() and sup.restarts == 1
    assert first.returncode == -signal.SIGKILL and is_reaped(first.pid)  # no zombie left behind


def test_second_crash_on_the_same_request_fails_only_that_request(launcher: FakeLauncher) -> None:
    # The restarted server dies too, on the retried request.
    sup, client = supervised(launcher, (1, signal.SIGSEGV), (1, signal.SIGSEGV))
    with pytest.raises(LLMUnavailableError) as info:
        client.chat(HELLO)
    message = str(info.value)
    assert "crashed with SIGSEGV" in message and "crashed again, so it is not retried" in message
    assert client.chat(HELLO).text == "ok"  # the next request is served by the third process
    assert sup.restarts == 2 and len(launcher.started) == 3


def test_restarts_are_bounded(launcher: FakeLauncher) -> None:
    sup, client = supervised(launcher, (1, signal.SIGKILL), max_restarts=0)
    with pytest.raises(LLMUnavailableError, match=r"not restarting \(restart limit 0 reached"):
        client.chat(HELLO)
    assert len(launcher.started) == 1 and not sup.alive()


def test_death_between_requests_is_restarted_by_the_watcher(launcher: FakeLauncher) -> None:
    _, client = supervised(launcher)
    launcher.started[0].kill()
    deadline = time.monotonic() + 30
    while len(launcher.started) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(launcher.started) == 2  # restarted without any request asking
    assert client.chat(HELLO).text == "ok"


def test_memo_completes_when_the_server_is_killed_while_drafting(
    tmp_path: Path, launcher: FakeLauncher
) -> None:
    launcher.text = narrative().model_dump_json()
    sup, client = supervised(launcher, (2, signal.SIGKILL))  # request 1 reads prose, 2 drafts the memo
    deps = make_deps(ScriptedLLM())
    deps.llm = client
    packet = tmp_path / "german-0201"
    packet.mkdir()
    result = draft_memo(packet, deps)
    assert result.status == "awaiting_review" and result.memo is not None
    assert sup.restarts == 1
    assert [r.kind for r in client.records if r.crashes] == ["structured"]
    assert result.memo.verification.narrative_source == NarrativeSource.llm  # the retry drafted it


def test_memo_falls_back_with_a_flag_when_the_llm_is_down(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    deps = make_deps(ScriptedLLM())
    deps.llm = LLMClient(dead, "fake-model", retry=RetryPolicy(max_retries=0))
    packet = tmp_path / "german-0202"
    packet.mkdir()
    result = draft_memo(packet, deps)
    memo = result.memo
    assert memo.verification.narrative_source == NarrativeSource.fallback
    (flag,) = [f for f in memo.flags if f.code == "llm_unavailable"]
    assert "could not be reached" in flag.message and "Connection refused" in flag.message
    assert [c.step for c in result.llm_calls if c.step.endswith("memo")] == ["draft_memo"]  # no repair


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (-11, "crashed with SIGSEGV"),
        (-9, "crashed with SIGKILL"),
        (3, "exited with code 3"),
        (None, "unknown"),
    ],
)
def test_exit_described_in_words(code: int | None, words: str) -> None:
    assert words in describe_exit(code)


def test_amx_cpu_loads_without_extra_buffer_types(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("model name\t: Xeon\nflags\t\t: fpu avx2 avx512f amx_tile amx_int8\n")
    name, flags = cpu_flags(cpuinfo)
    assert name == "Xeon" and "amx_tile" in flags
    assert use_extra_buffers("auto", flags)[0] is False
    assert use_extra_buffers("auto", {"avx2"})[0] is True
    assert use_extra_buffers("off", {"avx2"})[0] is False and use_extra_buffers("on", flags)[0] is True
    cmd = server_command(Path("m.gguf"), host="h", port=1, alias="a", n_ctx=512, embedded=EmbeddedSettings())
    assert cmd[cmd.index("--extra_buffers") + 1] == "off"  # the default on every CPU


def test_server_process_really_loads_models_without_extra_buffer_types() -> None:
    code = (
        "import json; from underwrite.llm.embedded_server import disable_extra_buffer_types as d;"
        "from llama_cpp import llama as L; before = L.llama_cpp.llama_model_default_params().use_extra_bufts;"
        "d(); print(json.dumps([before, L.llama_cpp.llama_model_default_params().use_extra_bufts]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [True, False]
