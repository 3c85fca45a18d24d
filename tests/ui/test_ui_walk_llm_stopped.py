"""With the LLM stopped (nothing listens on its port) the workbench still ends with a memo: the
deterministic narrative, flagged, each statement marked as written by code; a chat question that
fails stays on screen with the reason.

Skipped unless ``UW_TEST_CHROMIUM`` names the Chromium binary (``.ci/run`` sets /usr/bin/chromium).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from underwrite.llm.localhost import free_port

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from browser_support import chromium_contexts  # noqa: E402
from real_support import (  # noqa: E402
    BROWSER_WALK,
    WORKFLOW_TIMEOUT_MS,
    RealServer,
    login,
    open_from_queue,
    real_workbench,
    screenshot_dir,
)

pytestmark = BROWSER_WALK

QUESTION = "What does the bank statement say about deposits?"


@pytest.fixture
def stopped_llm_server(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, small_score_model: Path
) -> Iterator[RealServer]:
    url = f"http://127.0.0.1:{free_port()}/v1"
    with real_workbench(isolated_home, monkeypatch, url, small_score_model) as server:
        yield server


def test_llm_stopped_ends_in_a_flagged_deterministic_memo(
    stopped_llm_server: RealServer, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path, "llm-stopped")
    app_id = stopped_llm_server.application_id
    with chromium_contexts(tmp_path) as open_context:
        page = login(open_context("dana"), stopped_llm_server.url, "dana")
        open_from_queue(page, app_id)
        page.get_by_role("tab", name="Memo").click()
        page.locator("#memo-generate").click()
        status = page.locator("#memo-status")
        expect(status).to_contain_text("Verification:", timeout=WORKFLOW_TIMEOUT_MS)
        expect(status).not_to_contain_text("Writing the memo")
        expect(status).to_contain_text("llm_unavailable")
        expect(page.locator("#memo-text textarea")).to_have_value(re.compile(f"Credit memo — {app_id}"))
        expect(page.locator("#memo-claims")).to_contain_text("code (deterministic")
        expect(page.locator("#memo-claims")).not_to_contain_text("model (verified)")
        page.screenshot(path=shots / "01-memo.png", full_page=True)

        page.get_by_role("tab", name="Chat").click()
        page.locator("#chat-question textarea").fill(QUESTION)
        page.locator("#chat-send").click()
        log = page.locator("#chat-log")
        expect(log).to_contain_text(QUESTION)
        expect(log).to_contain_text("language model is unavailable")
        page.screenshot(path=shots / "02-chat.png", full_page=True)
