"""What the real-backend browser walks share: the REAL workbench (generated packets on the queue, a
small real score model, a Chroma index over a precedent slice, the LangGraph workflow, the chat
agent, the audit trail) served on loopback, with the LLM scripted or stopped; screenshots of each
panel into a temporary folder."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from index_cache import install_index_embeddings
from score_models import install_score_model

from underwrite.core.settings import reset_settings_cache
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply

BROWSER_WALK = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("UW_TEST_CHROMIUM"), reason="UW_TEST_CHROMIUM not set"),
]
"""The walks' module marks: ``pytestmark = BROWSER_WALK``."""

PRECEDENT_LIMIT = 60
PASSWORDS = {"dana": "dana-pass-12", "erik": "erik-pass-12"}
CHAT_ANSWER = "The debt-to-income ratio is driven by the existing debt payments"
WORKFLOW_TIMEOUT_MS = 240_000
"""The workflow's first model step may take minutes on a loaded 2-core machine (score, Chroma)."""
INVENTED = "987,654"
DRAFT_NARRATIVE = (
    '{"summary": {"text": "The applicant earns EUR 987,654 a month and asks for the loan", '
    '"citations": ["fact:loan_amount"]}, "recommendation": "refer"}'
)
"""A narrative that streams readably but invents a figure and misses required fields: shown while
written (labelled unverified), it fails verification and the deterministic narrative replaces it."""


def scripted_llm(body: dict[str, Any]) -> Reply:
    """Extraction finds nothing extra; the memo narrative is the unusable draft above; chat gets a
    plain streamed answer."""
    response_format = json.dumps(body.get("response_format") or {})
    if "ExtractedFacts" in response_format:
        return Reply.say('{"facts": []}')
    if body.get("response_format"):
        return Reply.say(DRAFT_NARRATIVE, chunk_delay_s=0.1)
    return Reply.say(f"{CHAT_ANSWER}.", chunk_delay_s=0.01)


@dataclass
class RealServer:
    url: str
    application_id: str
    """A generated packet on the queue."""
    upload: Path
    """A second generated packet, for uploading through the browser."""


@contextmanager
def real_workbench(
    home: Path, monkeypatch: pytest.MonkeyPatch, llm_url: str | None, score_model: Path
) -> Iterator[RealServer]:
    """``llm_url`` None: the embedded llama.cpp model (``integration`` tests only); ``score_model``:
    the ``small_score_model`` bundle."""
    from underwrite.llm.localhost import free_port
    from underwrite.queue import QueueRepository
    from underwrite.retrieval import ensure_index
    from underwrite.synth import generate_packets
    from underwrite.tools.scoring import ensure_default_model
    from underwrite.ui.app import launch
    from underwrite.ui.auth import UserStore
    from underwrite.ui.backend import RealBackend
    from underwrite.ui.models import Role
    from underwrite.ui.records import stop_evals
    from underwrite.ui.service import Workbench

    if llm_url is None:
        monkeypatch.delenv("UW_LLM_URL", raising=False)
    else:
        monkeypatch.setenv("UW_LLM_URL", llm_url)
    reset_settings_cache()
    install_score_model(score_model)
    ensure_default_model()
    install_index_embeddings(PRECEDENT_LIMIT)  # the vectors once per session; the index is built here
    ensure_index(precedent_limit=PRECEDENT_LIMIT)
    folders = generate_packets("german", 2, home / "packets", seed=11)
    assert not QueueRepository().add(folders[:1]).rejected
    users = UserStore()
    users.add_user("dana", PASSWORDS["dana"], Role.underwriter)
    users.add_user("erik", PASSWORDS["erik"], Role.compliance)
    port = free_port()
    blocks = launch(Workbench(RealBackend()), users, host="127.0.0.1", port=port, block=False)
    try:
        yield RealServer(url=f"http://127.0.0.1:{port}/", application_id=folders[0].name, upload=folders[1])
    finally:
        stop_evals()
        blocks.close()


@pytest.fixture
def real_server(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, small_score_model: Path
) -> Iterator[RealServer]:
    """The real workbench with the scripted LLM (``scripted_llm``) on its own loopback port."""
    with (
        FakeOpenAIServer(handler=scripted_llm) as llm,
        real_workbench(isolated_home, monkeypatch, llm.url, small_score_model) as s,
    ):
        yield s


def screenshot_dir(tmp_path: Path, name: str) -> Path:
    shots = Path(os.environ.get("UW_TEST_SCREENSHOTS") or tmp_path / "screenshots") / name
    shots.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {shots}")
    return shots


def login(context: Any, url: str, username: str) -> Any:
    from browser_support import login as browser_login

    return browser_login(context, url, username, PASSWORDS[username])


def open_from_queue(page: Any, application_id: str) -> None:
    from browser_support import cell
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Queue").click()
    cell(page.locator("#queue-table"), application_id).click()
    expect(page.locator("#queue-selected textarea")).to_have_value(application_id)
    page.locator("#queue-open").click()
    expect(page.locator("#app-header")).to_contain_text(application_id)
