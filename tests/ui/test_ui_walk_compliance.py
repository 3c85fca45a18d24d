"""The compliance officer's path in a real browser against the REAL backend: the login page says
what the product is; compliance reads a file without underwriter buttons, reveals the
prohibited-basis facts (audited), reads the audit trail, lists past eval reports and starts the
fast eval from the page.

Skipped unless ``UW_TEST_CHROMIUM`` names the Chromium binary (``.ci/run`` sets /usr/bin/chromium).
"""

from __future__ import annotations

from pathlib import Path

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from browser_support import chromium_contexts  # noqa: E402
from real_support import (  # noqa: E402
    BROWSER_WALK,
    RealServer,
    login,
    open_from_queue,
    screenshot_dir,
)

pytestmark = BROWSER_WALK


def write_past_eval(home: Path) -> None:
    from underwrite.evals.harness.log import write_log
    from underwrite.evals.harness.types import BarResult, EvalLog, SuiteResult, SuiteStatus

    bar = BarResult(metric="auc", op=">=", threshold=0.7, value=0.65, passed=False, why="discrimination")
    suite = SuiteResult(name="model", title="Model", status=SuiteStatus.failed, bars=[bar])
    run = home / "outputs" / "evals" / "20260101T000000Z"
    write_log(EvalLog(run_id="r1", started_at="2026-01-01T00:00:00Z", suites=[suite]), run)
    (run / "report.html").write_text("<html><body>past report</body></html>")


def test_compliance_walk(real_server: RealServer, isolated_home: Path, tmp_path: Path) -> None:
    write_past_eval(isolated_home)
    shots = screenshot_dir(tmp_path, "compliance")
    app_id = real_server.application_id
    with chromium_contexts(tmp_path) as open_context:
        context = open_context("erik")
        first = context.new_page()
        first.goto(real_server.url)
        expect(first.get_by_text("credit underwriting workbench").first).to_be_visible()
        first.screenshot(path=shots / "00-login.png", full_page=True)
        first.close()
        page = login(context, real_server.url, "erik")
        for underwriter_only in (
            "#upload-run",
            "#app-run",
            "#memo-generate",
            "#memo-save",
            "#decision-submit",
        ):
            expect(page.locator(underwriter_only)).to_be_hidden()
        open_from_queue(page, app_id)
        expect(page.locator("#facts-table")).not_to_contain_text("Nationality")
        page.locator("#protected-box").get_by_text("Prohibited-basis facts").click()
        page.locator("#protected-reveal").click()
        expect(page.locator("#protected-table")).to_contain_text("Nationality")
        page.screenshot(path=shots / "01-application.png", full_page=True)

        page.get_by_role("tab", name="Compliance").click()
        page.locator("#audit-app-id textarea").fill(app_id)
        page.locator("#audit-load").click()
        expect(page.locator("#audit-table")).to_contain_text("protected_facts_revealed")
        expect(page.locator("#audit-chain")).to_contain_text("intact")
        page.locator("#eval-load").click()
        summary = page.locator("#eval-summary")
        expect(summary).to_contain_text("bars missed")
        expect(summary).to_contain_text("auc")
        page.locator("#eval-start").click()
        expect(page.locator("#eval-started")).to_contain_text("Fast eval started")
        page.screenshot(path=shots / "02-compliance.png", full_page=True)
    assert any((p / "console.log").is_file() for p in (isolated_home / "outputs" / "evals").iterdir())
