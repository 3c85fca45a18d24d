"""What both browser tests share: Debian's Chromium launched through Playwright, one fresh profile
per user (separate cookies), and the login form filled in."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import expect, sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000
# Assertions wait as long as actions: Gradio on a loaded 2-core machine often needs more than
# Playwright's default 5 s to answer an event.
expect.set_options(timeout=TIMEOUT_MS)


@contextmanager
def chromium_contexts(profiles: Path) -> Iterator[Callable[[str], Any]]:
    """``open_context(name)`` opens a Chromium context with its own user-data dir under ``profiles``."""
    contexts: list[Any] = []
    with sync_playwright() as pw:

        def open_context(name: str) -> Any:
            context = pw.chromium.launch_persistent_context(
                str(profiles / f"profile-{name}"),
                executable_path=os.environ["UW_TEST_CHROMIUM"],
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": 1400, "height": 1000},
            )
            context.set_default_timeout(TIMEOUT_MS)
            contexts.append(context)
            return context

        yield open_context
        for context in contexts:
            context.close()


def login(context: Any, url: str, username: str, password: str) -> Any:
    page = context.new_page()
    page.goto(url)
    page.locator("input[type=text]").first.fill(username)
    page.locator("input[type=password]").fill(password)
    page.get_by_role("button", name="Login").click()
    expect(page.locator("#whoami")).to_contain_text(f"Signed in as {username}")
    return page


def cell(table: Any, text: str) -> Any:
    """A visible table cell with exactly this text (Gradio also renders hidden copies for sizing)."""
    return table.get_by_text(text, exact=True).filter(visible=True).first
