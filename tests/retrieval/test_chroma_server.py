"""The HTTP mode against a real `chroma run` server started (and stopped) by the test."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.settings import reset_settings_cache
from underwrite.llm.localhost import free_port
from underwrite.retrieval.index import build_index, forget_ensured
from underwrite.retrieval.search import search_policy, search_precedents
from underwrite.retrieval.store import get_client, reset_clients

pytestmark = pytest.mark.chroma_server


def _chroma_cli() -> str | None:
    beside_python = Path(sys.executable).parent / "chroma"
    return str(beside_python) if beside_python.exists() else shutil.which("chroma")


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    cli = _chroma_cli()
    if cli is None:
        pytest.skip("the `chroma` CLI is not installed")
    port = free_port()
    log = (tmp_path / "chroma.log").open("wb")
    proc = subprocess.Popen(
        [cli, "run", "--path", str(tmp_path / "server_data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        client = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"chroma exited early: {(tmp_path / 'chroma.log').read_text()[-2000:]}")
            try:
                client = chromadb.HttpClient(
                    host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)
                )
                client.heartbeat()
                break
            except Exception:
                client = None
                time.sleep(0.5)
        if client is None:
            pytest.fail("chroma server did not answer its heartbeat within 90 s")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def test_index_and_search_through_http_server(chroma_server: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UW_CHROMA_MODE", "http")
    monkeypatch.setenv("UW_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("UW_CHROMA_PORT", str(chroma_server))
    reset_settings_cache()
    reset_clients()
    forget_ensured()
    try:
        assert type(get_client()).__name__ != "PersistentClient"
        report = build_index(precedent_limit=60)
        assert report.mode == "http" and report.location == f"127.0.0.1:{chroma_server}"
        assert report.policy.added > 30 and report.precedents is not None and report.precedents.added == 60
        again = build_index(precedent_limit=60)
        assert again.policy.upserts == 0 and again.precedents is not None and again.precedents.upserts == 0

        hits = search_policy("minimum debt service coverage for a business loan", k=3)
        assert "CP-7.1" in [h.section_id for h in hits]
        cases = search_precedents("loan for a used car", k=3, filters={"outcome": "repaid"})
        assert len(cases) == 3 and all(c.outcome == "repaid" for c in cases)

        result = CliRunner().invoke(app, ["search", "CP-8.4", "--k", "1", "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["hits"][0]["section_id"] == "CP-8.4"
    finally:
        reset_clients()
        reset_settings_cache()
        forget_ensured()
