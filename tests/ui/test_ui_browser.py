"""The workbench in a real browser: Debian's Chromium driven by Playwright against a live server.

Skipped unless ``UW_TEST_CHROMIUM`` names the Chromium binary (``.ci/run`` sets /usr/bin/chromium).
Playwright's own browser download is never used. Screenshots go to pytest's tmp dir (or
``UW_TEST_SCREENSHOTS``), never into the repository.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from ui_fakes import FakeBackend

from underwrite.llm import LLMClient
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply
from underwrite.ui.app import launch
from underwrite.ui.auth import UserStore
from underwrite.ui.models import Role
from underwrite.ui.service import Workbench

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("UW_TEST_CHROMIUM"), reason="UW_TEST_CHROMIUM not set"),
]
playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from browser_support import TIMEOUT_MS, cell, chromium_contexts  # noqa: E402
from browser_support import login as browser_login  # noqa: E402

from underwrite.llm.localhost import free_port  # noqa: E402

PASSWORDS = {"alice": "alice-pass-1", "bob": "bob-pass-12", "carl": "carl-pass-1"}


@dataclass
class Server:
    url: str
    backend: FakeBackend
    llm: FakeOpenAIServer


def _cited_answer(body: dict) -> Reply:
    """The fake LLM answers from the facts it was sent, citing them, streamed in small pieces."""
    system = body["messages"][0]["content"]
    application_id = system.split(".")[0].removeprefix("Application ")
    income = system.split("monthly_net_income=")[1].split(";")[0]
    return Reply.say(
        f"For {application_id}, net monthly income is {income} [fact:monthly_net_income].", chunk_delay_s=0.02
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    users = UserStore(tmp_path / "users.yaml")
    users.add_user("alice", PASSWORDS["alice"], Role.underwriter)
    users.add_user("bob", PASSWORDS["bob"], Role.underwriter)
    users.add_user("carl", PASSWORDS["carl"], Role.compliance)
    with FakeOpenAIServer(handler=_cited_answer) as llm:
        backend = FakeBackend(delay_s=0.05, llm=LLMClient(llm.url, llm.model))
        port = free_port()
        blocks = launch(Workbench(backend), users, host="127.0.0.1", port=port, block=False)
        try:
            yield Server(url=f"http://127.0.0.1:{port}/", backend=backend, llm=llm)
        finally:
            blocks.close()


@pytest.fixture
def browser_factory(tmp_path: Path) -> Iterator[object]:
    """Opens Chromium contexts, each with its own fresh user-data dir (separate cookies)."""
    with chromium_contexts(tmp_path) as open_context:
        yield open_context


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    target = Path(os.environ.get("UW_TEST_SCREENSHOTS") or tmp_path / "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    return target


def login(context: object, url: str, username: str) -> object:
    return browser_login(context, url, username, PASSWORDS[username])


def open_application(page: object, application_id: str) -> None:
    page.get_by_role("tab", name="Queue").click()  # type: ignore[attr-defined]
    table = page.locator("#queue-table")  # type: ignore[attr-defined]
    cell(table, application_id).click()
    expect(page.locator("#queue-selected textarea")).to_have_value(application_id)  # type: ignore[attr-defined]
    page.locator("#queue-open").click()  # type: ignore[attr-defined]
    expect(page.locator("#app-header")).to_contain_text(application_id)  # type: ignore[attr-defined]


def ask(page: object, question: str) -> None:
    page.get_by_role("tab", name="Chat").click()  # type: ignore[attr-defined]
    page.locator("#chat-question textarea").fill(question)  # type: ignore[attr-defined]
    page.locator("#chat-send").click()  # type: ignore[attr-defined]


def test_underwriter_reviews_and_decides_an_application(server: Server, browser_factory, shots: Path) -> None:
    page = login(browser_factory("alice"), server.url, "alice")
    expect(page.locator("#queue-table")).to_contain_text("APP-0002")
    expect(page.get_by_role("tab", name="Compliance")).to_have_count(0)  # underwriters never see it
    page.screenshot(path=shots / "01-queue.png", full_page=True)

    # Facts with their source; clicking one highlights its span in the page text.
    open_application(page, "APP-0001")
    facts = page.locator("#facts-table")
    expect(facts).to_contain_text("Anna Example")
    expect(facts).to_contain_text("form")
    cell(facts, "3,100").click()
    highlighted = page.locator("#doc-text .highlighted")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_contain_text("3100")
    expect(highlighted).to_contain_text("Net monthly income")  # the field's label, not its name
    page.screenshot(path=shots / "02-application.png", full_page=True)

    # Score, reasons chart and a live what-if.
    page.get_by_role("tab", name="Score").click()
    expect(page.locator("#score-summary")).to_contain_text(re.compile(r"PD \d+\.\d+% · grade [A-D]"))
    expect(page.locator("#score-reasons")).to_be_visible()
    income = page.locator("#whatif-monthly_net_income input")
    income.fill("1500")
    income.dispatch_event("input")
    expect(page.locator("#whatif-result")).to_contain_text("Net monthly income → 1,500")
    expect(page.locator("#whatif-result")).to_contain_text(re.compile(r"\([+-]\d+\.\d\d pp\)"))
    page.screenshot(path=shots / "03-score.png", full_page=True)

    # Evidence: a finding's section text on click.
    page.get_by_role("tab", name="Evidence").click()
    cell(page.locator("#findings-table"), "CP-4.2").click()
    expect(page.locator("#policy-section")).to_contain_text("Total DTI must not exceed 45%")

    # Memo, streamed, with its verification status.
    page.get_by_role("tab", name="Memo").click()
    page.locator("#memo-generate").click()
    expect(page.locator("#memo-status")).to_contain_text("Verification: verified", timeout=TIMEOUT_MS)
    expect(page.locator("#memo-status")).to_contain_text("thin_file")
    expect(page.locator("#memo-text textarea")).to_have_value(re.compile("Credit memo APP-0001"))
    page.screenshot(path=shots / "04-memo.png", full_page=True)

    # Chat: a streamed answer that cites a source.
    ask(page, "What is the monthly income?")
    expect(page.locator("#chat-log")).to_contain_text(
        "net monthly income is 3100.0 [fact:monthly_net_income]"
    )
    sent = server.llm.chat_requests[-1].body or {}
    assert sent["stream"] is True and sent["messages"][-1]["content"] == "What is the monthly income?"
    page.screenshot(path=shots / "05-chat.png", full_page=True)

    # Decision: departing without a reason is refused by the server; with one it is recorded.
    page.get_by_role("tab", name="Decision").click()
    expect(page.locator("#decision-recommendation")).to_contain_text("recommends: approve")
    page.locator("#decision-choice").get_by_text("Refer", exact=True).click()
    page.locator("#decision-submit").click()
    expect(page.get_by_text(re.compile("departs from the recommendation"))).to_be_visible()
    assert "APP-0001" not in server.backend.decisions
    page.locator("#decision-reason textarea").fill("Income must be confirmed with a second pay slip")
    page.locator("#decision-submit").click()
    expect(page.locator("#decision-result")).to_contain_text("Decided: refer by alice")
    expect(page.locator("#decision-result")).to_contain_text("Recorded in the audit trail")
    page.screenshot(path=shots / "06-decision.png", full_page=True)
    assert server.backend.decisions["APP-0001"].reviewer == "alice"

    # Compliance sees the decision in the audit trail.
    carl = login(browser_factory("carl"), server.url, "carl")
    carl.get_by_role("tab", name="Compliance").click()
    carl.locator("#audit-app-id textarea").fill("APP-0001")
    carl.locator("#audit-load").click()
    expect(carl.locator("#audit-table")).to_contain_text("decision")
    expect(carl.locator("#audit-chain")).to_contain_text("intact")
    expect(carl.locator("#decision-submit")).to_be_hidden()  # compliance reads; it does not decide
    carl.locator("#eval-start").click()
    expect(carl.locator("#eval-started")).to_contain_text("Fast eval started")
    assert server.backend.evals_started == ["carl"]
    carl.screenshot(path=shots / "07-compliance.png", full_page=True)


def test_two_concurrent_sessions_see_only_their_own_state(
    server: Server, browser_factory, shots: Path, tmp_path: Path
) -> None:
    alice = login(browser_factory("alice"), server.url, "alice")
    bob = login(browser_factory("bob"), server.url, "bob")

    # Both sessions are live at once, interleaved step by step.
    open_application(alice, "APP-0002")
    open_application(bob, "APP-0001")
    ask(alice, "Alice asks about income?")
    ask(bob, "Bob asks about debt?")
    expect(alice.locator("#chat-log")).to_contain_text("For APP-0002")
    expect(bob.locator("#chat-log")).to_contain_text("For APP-0001")

    expect(alice.locator("#chat-log")).not_to_contain_text("Bob asks")
    expect(bob.locator("#chat-log")).not_to_contain_text("Alice asks")
    expect(alice.locator("#app-header")).to_contain_text("APP-0002")
    expect(bob.locator("#app-header")).to_contain_text("APP-0001")
    expect(alice.locator("#whoami")).to_contain_text("alice")
    expect(bob.locator("#whoami")).to_contain_text("bob")

    # Unsaved memo edits stay in their own browser.
    bob.get_by_role("tab", name="Memo").click()
    bob.locator("#memo-generate").click()
    expect(bob.locator("#memo-status")).to_contain_text("Verification: verified")
    bob.locator("#memo-text textarea").fill("Bob's private draft")
    alice.get_by_role("tab", name="Memo").click()
    expect(alice.locator("#memo-text textarea")).not_to_have_value(re.compile("Bob's private draft"))
    alice.screenshot(path=shots / "alice.png", full_page=True)
    bob.screenshot(path=shots / "bob.png", full_page=True)

    # Alice uploads a packet of two files; each workflow step shows as it runs; it opens in her
    # session only.
    form, statement = tmp_path / "form.txt", tmp_path / "bank_statement.csv"
    form.write_text("Applicant: Uploaded Applicant\n")
    statement.write_text("date,amount\n2024-01-31,2800\n")
    alice.get_by_role("tab", name="Queue").click()
    alice.locator("#upload-files input[type=file]").set_input_files([str(form), str(statement)])
    alice.locator("#upload-run").click()
    expect(alice.locator("#app-header")).to_contain_text("UPL-0001")
    alice.get_by_role("tab", name="Queue").click()
    expect(alice.locator("#upload-progress")).to_contain_text("read_documents: done")
    expect(alice.locator("#upload-progress")).to_contain_text("rules: done")
    expect(alice.locator("#queue-table")).to_contain_text("UPL-0001")
    alice.screenshot(path=shots / "alice-upload.png", full_page=True)
    expect(bob.locator("#app-header")).to_contain_text("APP-0001")


def test_the_upload_box_is_emptied_so_the_next_packet_holds_only_its_own_files(
    server: Server, browser_factory, tmp_path: Path
) -> None:
    alice = login(browser_factory("alice"), server.url, "alice")
    first, second = tmp_path / "first_applicant.txt", tmp_path / "second_applicant.txt"
    first.write_text("Applicant: First Applicant\n")
    second.write_text("Applicant: Second Applicant\n")
    upload = alice.locator("#upload-files")
    upload.locator("input[type=file]").set_input_files([str(first)])
    # Gradio may render the name as stem and extension apart ("first_applicant .txt"): seen once in a
    # full run, never alone; the file being listed is what counts.
    expect(upload).to_contain_text(re.compile(r"first_applicant\s*\.txt"))
    alice.locator("#upload-run").click()
    expect(alice.locator("#app-header")).to_contain_text("UPL-0001")
    alice.get_by_role("tab", name="Queue").click()
    upload.locator("input[type=file]").set_input_files([str(second)])
    expect(upload).to_contain_text(re.compile(r"second_applicant\s*\.txt"))
    alice.locator("#upload-run").click()
    expect(alice.locator("#app-header")).to_contain_text("UPL-0002")
    # The first packet's file stayed in the box and went along with the second packet's.
    assert server.backend.uploaded_names == [["first_applicant.txt"], ["second_applicant.txt"]]
