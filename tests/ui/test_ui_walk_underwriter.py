"""The underwriter's whole path in a real browser against the REAL backend (only the LLM is a
scripted OpenAI-compatible server), on a generated packet from the queue and on one uploaded
through the page: open, read, what-if, memo, chat, edit, export DOCX and PDF, decide with a reason.

Skipped unless ``UW_TEST_CHROMIUM`` names the Chromium binary (``.ci/run`` sets /usr/bin/chromium).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from browser_support import chromium_contexts  # noqa: E402
from real_support import (  # noqa: E402
    BROWSER_WALK,
    CHAT_ANSWER,
    INVENTED,
    WORKFLOW_TIMEOUT_MS,
    RealServer,
    login,
    open_from_queue,
    real_workbench,
    screenshot_dir,
)

pytestmark = BROWSER_WALK


def visible_row(table: Any, text: str) -> Any:
    return table.get_by_role("row").filter(has_text=text).filter(visible=True).first


def read_the_file(page: Any, app_id: str, shots: Path) -> None:
    facts = page.locator("#facts-table")
    expect(facts).to_contain_text("Net monthly income")
    expect(facts).not_to_contain_text("Nationality")  # prohibited basis: not in the decision view
    ratios = page.locator("#ratios-table")
    expect(ratios).to_contain_text("Debt-to-income (DTI)")
    expect(ratios).to_contain_text("<= 50.0%")  # shown against its hard limit, with an outcome
    expect(ratios.locator(".uw-outcome").first).to_be_visible()
    visible_row(facts, "Net monthly income").get_by_role("gridcell").nth(2).click()
    highlighted = page.locator("#doc-text .highlighted")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_contain_text("Net monthly income")  # the label, not MONTHLY_NET_INCOME
    # A fact from another document switches the document AND its text, highlighted.
    visible_row(facts, "Average monthly deposits").get_by_role("gridcell").nth(2).click()
    expect(page.locator("#doc-select input")).to_have_value("bank_statement.pdf")
    # The average is highlighted over the statement's transaction lines (one token per line).
    expect(highlighted.first).to_contain_text("Average monthly deposits")
    expect(highlighted.nth(2)).to_be_visible()
    page.locator("#protected-box").get_by_text("Prohibited-basis facts").click()
    page.locator("#protected-reveal").click()
    expect(page.locator("#protected-table")).to_contain_text("Nationality")
    page.screenshot(path=shots / "01-application.png", full_page=True)
    page.get_by_role("tab", name="Evidence").click()
    expect(page.locator("#findings-table")).to_contain_text("Requirement met")  # not its failure text
    page.screenshot(path=shots / "02-evidence.png", full_page=True)


def what_if(page: Any, shots: Path) -> None:
    page.get_by_role("tab", name="Score").click()
    expect(page.locator("#score-summary")).to_contain_text(re.compile(r"PD \d+\.\d+% · grade \w+"))
    result = page.locator("#whatif-result")
    term = page.locator("#whatif-loan_term_months input")
    original_term = term.input_value()
    term.fill("-12")
    term.dispatch_event("input")
    expect(result).to_contain_text("whole number of months")
    term.fill(original_term)
    term.dispatch_event("input")
    expect(result).to_contain_text("Change a value above")  # nothing stale stays shown
    income = page.locator("#whatif-monthly_net_income input")
    income.fill("10")  # below any instalment the policy allows: DTI over the hard limit
    income.dispatch_event("input")
    expect(result).to_contain_text(re.compile(r"Net monthly income → 10:"))
    expect(result).to_contain_text(re.compile(r"\([+-]\d+\.\d\d pp\)"))
    expect(visible_row(result, "Debt-to-income")).to_contain_text("breaches the hard limit")
    # Stated income far below the pay slip: the consistency check (CP-5.5) refers the file first.
    expect(result.locator("#whatif-flags")).to_contain_text("income_inconsistent")
    expect(result.locator("#whatif-recommendation")).to_have_text("refer")
    page.screenshot(path=shots / "03-score-whatif.png", full_page=True)


def memo_edit_export(page: Any, app_id: str, shots: Path, scripted: bool = True) -> str:
    page.get_by_role("tab", name="Memo").click()
    page.locator("#memo-generate").click()
    status = page.locator("#memo-status")
    expect(status).to_contain_text("Verification:", timeout=WORKFLOW_TIMEOUT_MS)
    memo_text = page.locator("#memo-text textarea")
    expect(memo_text).to_have_value(re.compile(f"Credit memo — {app_id}"))
    expect(page.locator("#memo-claims")).to_contain_text("Who wrote each statement")
    if scripted:  # the scripted draft invents a figure: the deterministic narrative replaces it
        expect(status).to_contain_text("deterministic narrative used")
        assert INVENTED not in memo_text.input_value()
        expect(page.locator("#memo-claims")).to_contain_text("code (deterministic")
    found = re.search(r"Recommendation:\*?\*? (\w+)", status.inner_text())
    assert found, status.inner_text()
    # The run's precedents show without reopening the application (and the redraw is done before
    # the memo is edited).
    page.get_by_role("tab", name="Evidence").click()
    expect(page.locator("#precedents-table")).to_contain_text(re.compile(r"\d\.\d\d"))
    # Each case's amount says its currency and, where known, the euro figure it was compared by.
    expect(page.locator("#precedents-table")).to_contain_text(
        re.compile(r"\((?:DEM|USD), ≈ [\d,]+ EUR\)|\(currency not stated\)")
    )
    page.get_by_role("tab", name="Memo").click()
    note = "Payslips for three months seen in the original by dana."
    memo_text.fill(memo_text.input_value() + f"\n\n## Reviewer note\n\n{note}\n")
    page.locator("#memo-save").click()
    expect(status).to_contain_text("Edited by dana")
    page.locator("#memo-export-docx").click()
    with page.expect_download() as docx:
        page.locator('#memo-file a[download="memo.docx"]').click()
    from docx import Document

    assert note in [p.text for p in Document(docx.value.path()).paragraphs]
    page.locator("#memo-export-pdf").click()
    with page.expect_download() as pdf:
        page.locator('#memo-file a[download="memo.pdf"]').click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    page.screenshot(path=shots / "04-memo.png", full_page=True)
    return found.group(1)


def chat_and_decide(page: Any, app_id: str, recommended: str, shots: Path, scripted: bool = True) -> None:
    page.get_by_role("tab", name="Chat").click()
    page.locator("#chat-question textarea").fill("Why is the debt-to-income ratio high?")
    page.locator("#chat-send").click()
    expect(page.locator("#chat-log")).to_contain_text("Sources:", timeout=WORKFLOW_TIMEOUT_MS)
    if scripted:
        expect(page.locator("#chat-log")).to_contain_text(CHAT_ANSWER)
    page.screenshot(path=shots / "05-chat.png", full_page=True)
    choice, label = (
        ("refer", "Refer")
        if recommended != "refer"
        else ("approve_with_conditions", "Approve with conditions")
    )
    page.get_by_role("tab", name="Decision").click()
    expect(page.locator("#decision-recommendation")).to_contain_text(f"recommends: {recommended}")
    page.locator("#decision-choice").get_by_text(label, exact=True).click()
    page.locator("#decision-conditions textarea").fill("Salary paid into our account for 12 months")
    page.locator("#decision-reason textarea").fill("Employment history needs a second look by a senior")
    page.locator("#decision-submit").click()
    expect(page.locator("#decision-result")).to_contain_text(f"Decided: {choice} by dana")
    page.screenshot(path=shots / "06-decision.png", full_page=True)
    open_from_queue(page, app_id)
    timeline = page.locator("#app-timeline")
    for kind in ("draft", "edit", "chat", "decision"):
        expect(timeline).to_contain_text(kind)
    page.get_by_role("tab", name="Queue").click()
    row = visible_row(page.locator("#queue-table"), app_id)
    expect(row).to_contain_text("decided")
    expect(row).to_contain_text(re.compile(r"\d+\.\d%"))  # the PD, and the grade beside it
    page.screenshot(path=shots / "07-queue.png", full_page=True)


def test_underwriter_walk_generated_and_uploaded(real_server: RealServer, tmp_path: Path) -> None:
    with chromium_contexts(tmp_path) as open_context:
        page = login(open_context("dana"), real_server.url, "dana")
        queue = page.locator("#queue-table")
        app_id = real_server.application_id
        expect(queue).to_contain_text(app_id)
        shots = screenshot_dir(tmp_path, "generated")
        open_from_queue(page, app_id)
        page.reload()  # a reload keeps the open application (and its score)
        expect(page.locator("#app-header")).to_contain_text(app_id)
        read_the_file(page, app_id, shots)
        what_if(page, shots)
        recommended = memo_edit_export(page, app_id, shots)
        page.get_by_role("tab", name="Application").click()
        page.locator("#app-run").click()
        expect(page.locator("#app-progress")).to_contain_text(f"Workflow for {app_id}")
        chat_and_decide(page, app_id, recommended, shots)

        # The uploaded packet gets its own application reference as id and runs with progress.
        shots = screenshot_dir(tmp_path, "uploaded")
        files = sorted(str(f) for f in real_server.upload.iterdir() if f.is_file())
        page.get_by_role("tab", name="Queue").click()
        page.locator("#upload-files input[type=file]").set_input_files(files)
        page.locator("#upload-run").click()
        uploaded = real_server.upload.name  # the packet's "Reference:" line
        expect(page.locator("#app-header")).to_contain_text(uploaded, timeout=WORKFLOW_TIMEOUT_MS)
        expect(page.locator("#app-progress")).not_to_contain_text(app_id)  # not the other's run
        page.get_by_role("tab", name="Queue").click()
        expect(page.locator("#upload-progress")).to_contain_text("memo ready for review")
        expect(page.locator("body")).not_to_contain_text("common.complete")  # no raw i18n key
        page.screenshot(path=shots / "00-upload.png", full_page=True)
        open_from_queue(page, uploaded)
        read_the_file(page, uploaded, shots)
        what_if(page, shots)
        recommended = memo_edit_export(page, uploaded, shots)
        chat_and_decide(page, uploaded, recommended, shots)


@pytest.mark.integration
@pytest.mark.slow  # over a minute with the real model writing claims: `make test-slow`
@pytest.mark.timeout(2400)
def test_underwriter_walk_with_the_embedded_model(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, small_score_model: Path
) -> None:
    """The same walk on a generated packet with the real embedded llama.cpp model writing claims."""
    from underwrite.llm import stop_embedded

    monkeypatch.setenv("UW_LLM_PORT", "0")
    monkeypatch.setenv("UW_MEMO_NARRATIVE", "claims")
    try:
        with (
            real_workbench(isolated_home, monkeypatch, None, small_score_model) as server,
            chromium_contexts(tmp_path) as ctx,
        ):
            page = login(ctx("dana"), server.url, "dana")
            shots = screenshot_dir(tmp_path, "embedded")
            open_from_queue(page, server.application_id)
            read_the_file(page, server.application_id, shots)
            what_if(page, shots)
            recommended = memo_edit_export(page, server.application_id, shots, scripted=False)
            chat_and_decide(page, server.application_id, recommended, shots, scripted=False)
    finally:
        stop_embedded()
