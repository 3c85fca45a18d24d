"""The workbench with the LLM unreachable: the memo still completes, flagged (issue 14)."""

from __future__ import annotations

from pathlib import Path

from agent_fakes import ScriptedLLM, make_deps

from underwrite.llm import LLMClient, RetryPolicy
from underwrite.llm.localhost import free_port
from underwrite.ui.backend import RealBackend
from underwrite.ui.models import Role, User
from underwrite.ui.service import Workbench

ALICE = User(username="alice", role=Role.underwriter)


def test_real_backend_memo_completes_flagged_when_the_llm_is_down(tmp_path: Path) -> None:
    """With the LLM unreachable the workbench still ends with a deterministic memo, flagged."""
    deps = make_deps(ScriptedLLM())
    deps.llm = LLMClient(f"http://127.0.0.1:{free_port()}/v1", "m", retry=RetryPolicy(max_retries=0))
    bench = Workbench(RealBackend(deps))
    form = tmp_path / "form.txt"
    form.write_text("Applicant: Test Person\nRequested amount: EUR 12500\n")
    application_id = bench.submit_packet(ALICE, [form])
    memo = list(bench.stream_memo(ALICE, application_id))[-1].memo
    assert memo is not None and memo.narrative_source == "fallback"
    (flag,) = [f for f in memo.flags if f.code == "llm_unavailable"]
    assert "could not be reached" in flag.message
    # Each statement says who wrote it: here code, since the model never answered.
    assert memo.claims and {c.origin for c in memo.claims} == {"deterministic"}
    assert any(c.location == "summary" for c in memo.claims)
