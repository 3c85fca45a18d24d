"""`underwrite bench batch` in a small configuration: worker and LLM-server SIGKILLs lose nothing.

Marked ``slow``: each run starts worker processes and the fake LLM server as a process, and the
agent mode first builds the score model and the search index in the test's fresh home.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from underwrite.bench.batch import main

pytestmark = pytest.mark.slow


def _bench(capsys: pytest.CaptureFixture[str], out: Path, *args: str) -> tuple[int, dict[str, Any]]:
    # One slot per worker and a job that takes a noticeable share of a second, so the faults
    # (placed by the share of jobs finished) meet pending work; lease short so reclaims are quick.
    code = main(
        ["--n", "12", "--workers", "2", "--concurrency", "1", "--lease-s", "3", "--worker-kills", "1",
         "--llm-kills", "1", "--outage-s", "1", "--skip-throughput", "--no-plot", "--json",
         "--out", str(out), *args]
    )  # fmt: skip
    return code, json.loads(capsys.readouterr().out)


def _assert_nothing_lost_or_doubled(result: dict[str, Any]) -> None:
    integrity = result["integrity"]
    assert integrity["lost"] == 0 and integrity["duplicated"] == 0, integrity
    assert integrity["done_exactly_once"] == 12 and integrity["memo_files"] == 12, integrity
    assert integrity["memo_hash_mismatches"] == 0
    assert result["worker_kills"] == 1 and result["llm_kills"] == 1, result["events"]
    assert any("SIGKILL LLM server" in what for _, what in result["events"])


def test_llm_calls_mode_survives_worker_and_llm_sigkills(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, payload = _bench(capsys, tmp_path, "--mode", "llm-calls", "--latency-s", "0.2")
    (result,) = payload["results"]
    _assert_nothing_lost_or_doubled(result)
    assert result["audit"] is None
    assert code == 0 and result["ok"]


def test_agent_mode_survives_worker_and_llm_sigkills(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UW_PRECEDENT_LIMIT", "300")  # the index build dominates a fresh home otherwise
    code, payload = _bench(capsys, tmp_path, "--mode", "agent", "--latency-s", "0.05")
    (result,) = payload["results"]
    _assert_nothing_lost_or_doubled(result)
    audit = result["audit"]
    assert audit["memo_drafted_records"] == 12 and audit["applications"] == 12, audit
    assert audit["missing"] == 0 and audit["duplicated"] == 0 and audit["chain_ok"], audit
    assert sum(audit["narrative_sources"].values()) == 12
    assert result["llm_calls_per_job"] >= 1  # the memo workflow called the fake LLM
    assert code == 0 and result["ok"]
