"""The workbench in a real browser against the REAL backend: generated packets on the queue, the
default score model, a Chroma index (small precedent slice), the LangGraph workflow, the chat agent
and the audit trail. Only the LLM is fake: a scripted OpenAI-compatible server on loopback.

Skipped unless ``UW_TEST_CHROMIUM`` names the Chromium binary (``.ci/run`` sets /usr/bin/chromium).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from underwrite.core.settings import reset_settings_cache
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("UW_TEST_CHROMIUM"), reason="UW_TEST_CHROMIUM not set"),
]
playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from browser_support import cell, chromium_contexts, free_port  # noqa: E402
from browser_support import login as browser_login  # noqa: E402

PRECEDENT_LIMIT = 60
PASSWORDS = {"dana": "dana-pass-12", "erik": "erik-pass-12"}
CHAT_ANSWER = "The debt-to-income ratio is driven by the existing debt payments"
# The workflow's first model step may take a while on a loaded CI machine (score model, Chroma).
WORKFLOW_TIMEOUT_MS = 180_000


INVENTED = "987,654"
DRAFT_NARRATIVE = (
    '{"summary": {"text": "The applicant earns EUR 987,654 a month and asks for the loan", '
    '"citations": ["fact:loan_amount"]}, "recommendation": "refer"}'
)
"""A narrative that streams readably but invents a figure and misses required fields: it is shown
while written (labelled unverified), fails verification twice, and the fallback memo replaces it."""


def scripted_llm(body: dict) -> Reply:
    """Extraction finds nothing extra; the memo narrative is the slow, unusable draft above (so the
    verifier's fallback narrative is used, deterministically); chat gets a plain streamed answer."""
    response_format = json.dumps(body.get("response_format") or {})
    if "ExtractedFacts" in response_format:
        return Reply.say('{"facts": []}')
    if body.get("response_format"):
        return Reply.say(DRAFT_NARRATIVE, chunk_delay_s=0.25)
    return Reply.say(f"{CHAT_ANSWER}.", chunk_delay_s=0.01)


def train_small_default_model() -> None:
    """The real LightGBM score model, trained on a 400-row slice with fewer rounds (the full default
    model takes minutes), saved where ``ensure_default_model`` looks for it."""
    from underwrite.core.datasets import load_dataset
    from underwrite.core.settings import get_settings
    from underwrite.tools.scoring import train_bundle
    from underwrite.tools.scoring.config import load_config
    from underwrite.tools.scoring.data import from_dataset
    from underwrite.tools.scoring.service import DEFAULT_MODEL_NAME

    config = load_config()
    fast = config.model_copy(update={"lightgbm": {**config.lightgbm, "num_iterations": 80}})
    training = from_dataset(load_dataset("german"), config, rows=list(range(400)))
    train_bundle(
        training, get_settings().models_dir / DEFAULT_MODEL_NAME, text="none", config=fast, cv_folds=2
    )


@dataclass
class RealServer:
    url: str
    llm: FakeOpenAIServer
    application_id: str
    upload: Path
    """A second generated packet, uploaded through the browser."""


@pytest.fixture
def real_server(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RealServer]:
    from underwrite.queue import QueueRepository
    from underwrite.retrieval import ensure_index
    from underwrite.synth import generate_packets
    from underwrite.tools.scoring import ensure_default_model
    from underwrite.ui.app import launch
    from underwrite.ui.auth import UserStore
    from underwrite.ui.backend import RealBackend
    from underwrite.ui.models import Role
    from underwrite.ui.service import Workbench

    with FakeOpenAIServer(handler=scripted_llm) as llm:
        monkeypatch.setenv("UW_LLM_URL", llm.url)
        reset_settings_cache()
        train_small_default_model()
        ensure_default_model()  # finds the model above instead of training the full one
        ensure_index(precedent_limit=PRECEDENT_LIMIT)
        folders = generate_packets("german", 2, isolated_home / "packets", seed=11)
        assert not QueueRepository().add(folders[:1]).rejected
        users = UserStore()
        users.add_user("dana", PASSWORDS["dana"], Role.underwriter)
        users.add_user("erik", PASSWORDS["erik"], Role.compliance)
        port = free_port()
        blocks = launch(Workbench(RealBackend()), users, host="127.0.0.1", port=port, block=False)
        try:
            yield RealServer(
                url=f"http://127.0.0.1:{port}/", llm=llm, application_id=folders[0].name, upload=folders[1]
            )
        finally:
            blocks.close()


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[object]:
    with chromium_contexts(tmp_path) as open_context:
        yield open_context


def login(context: object, url: str, username: str) -> object:
    return browser_login(context, url, username, PASSWORDS[username])


def test_real_workbench_end_to_end(real_server: RealServer, chromium, tmp_path: Path) -> None:
    from underwrite.records.audit import AuditLog

    shots = Path(os.environ.get("UW_TEST_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    app_id = real_server.application_id
    page = login(chromium("dana"), real_server.url, "dana")
    queue = page.locator("#queue-table")
    expect(queue).to_contain_text(app_id)
    expect(queue).to_contain_text("queued")

    # Open: facts with provenance read from the generated documents, a fact's span highlighted.
    cell(queue, app_id).click()
    expect(page.locator("#queue-selected textarea")).to_have_value(app_id)
    page.locator("#queue-open").click()
    expect(page.locator("#app-header")).to_contain_text(app_id)
    facts = page.locator("#facts-table")
    expect(facts).to_contain_text("Net monthly income")
    income_row = facts.get_by_role("row").filter(has_text="Net monthly income").filter(visible=True).first
    income_row.get_by_role("gridcell").nth(2).click()
    highlighted = page.locator("#doc-text .highlighted")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_contain_text("Net monthly income")
    page.screenshot(path=shots / "real-01-application.png", full_page=True)

    # Score before any LLM call: the default model's PD and grade, and a live what-if on the term.
    page.get_by_role("tab", name="Score").click()
    expect(page.locator("#score-summary")).to_contain_text(re.compile(r"PD \d+\.\d+% · grade \w+"))
    term = page.locator("#whatif-loan_term_months input")
    term.fill("6")
    term.dispatch_event("input")
    expect(page.locator("#whatif-result")).to_contain_text(re.compile(r"Term \(months\) → 6: PD \d"))
    page.screenshot(path=shots / "real-02-score.png", full_page=True)

    # Memo: the whole graph runs. The model's draft streams into the memo box while it is written,
    # labelled unverified; it invents a figure and misses fields, so after one repair round the
    # verifier's deterministic fallback replaces it and the memo says so.
    page.get_by_role("tab", name="Memo").click()
    page.locator("#memo-generate").click()
    memo_text = page.locator("#memo-text textarea")
    expect(memo_text).to_have_value(
        re.compile(f"NOT YET VERIFIED[\\s\\S]*earns EUR {INVENTED}"), timeout=WORKFLOW_TIMEOUT_MS
    )
    page.screenshot(path=shots / "real-03a-memo-streaming.png", full_page=True)
    status = page.locator("#memo-status")
    expect(status).to_contain_text("Verification:", timeout=WORKFLOW_TIMEOUT_MS)
    expect(status).to_contain_text("deterministic narrative used")
    expect(status).to_contain_text("narrative_fallback")
    expect(memo_text).to_have_value(re.compile(f"Credit memo — {app_id}"))
    assert INVENTED not in memo_text.input_value()  # the unverified figure never reaches the memo
    recommendation = re.search(r"Recommendation:\*?\*? (\w+)", status.inner_text())
    assert recommendation, status.inner_text()
    page.screenshot(path=shots / "real-03-memo.png", full_page=True)

    # Edit the memo, save, export DOCX: the download carries the edit and names its editor.
    note = "Payslips for three months seen in the original by dana."
    memo_text.fill(memo_text.input_value() + f"\n\n## Reviewer note\n\n{note}\n")
    page.locator("#memo-save").click()
    expect(status).to_contain_text("Edited by dana")
    page.locator("#memo-export-docx").click()
    link = page.locator('#memo-file a[download="memo.docx"]')
    with page.expect_download() as download:
        link.click()
    from docx import Document

    exported = [p.text for p in Document(download.value.path()).paragraphs]
    assert note in exported and any(p.startswith("Edited by dana") for p in exported)

    # Chat about the application: the answer streams from the fake server and names its sources.
    page.get_by_role("tab", name="Chat").click()
    page.locator("#chat-question textarea").fill("Why is the debt-to-income ratio high?")
    page.locator("#chat-send").click()
    log = page.locator("#chat-log")
    expect(log).to_contain_text(CHAT_ANSWER)
    expect(log).to_contain_text("Sources:")
    assert any((r.body or {}).get("stream") for r in real_server.llm.chat_requests)
    page.screenshot(path=shots / "real-04-chat.png", full_page=True)

    # Decision: depart from the recommendation; refused without a reason, recorded with one.
    recommended = recommendation.group(1)
    choice, label = (
        ("refer", "Refer")
        if recommended != "refer"
        else ("approve_with_conditions", "Approve with conditions")
    )
    page.get_by_role("tab", name="Decision").click()
    expect(page.locator("#decision-recommendation")).to_contain_text(f"recommends: {recommended}")
    page.locator("#decision-choice").get_by_text(label, exact=True).click()
    page.locator("#decision-conditions textarea").fill("Salary paid into our account for 12 months")
    page.locator("#decision-submit").click()
    expect(page.get_by_text(re.compile("departs from the recommendation"))).to_be_visible()
    assert not [e for e in AuditLog().records(app_id) if e.kind == "decision"]
    page.locator("#decision-reason textarea").fill("Employment history needs a second look by a senior")
    page.locator("#decision-submit").click()
    result = page.locator("#decision-result")
    expect(result).to_contain_text(f"Decided: {choice} by dana")
    expect(result).to_contain_text("Recorded in the audit trail")
    page.screenshot(path=shots / "real-05-decision.png", full_page=True)
    decisions = [e for e in AuditLog().records(app_id) if e.kind == "decision"]
    assert len(decisions) == 1 and decisions[0].actor == "dana"
    assert decisions[0].payload["departs_from_recommendation"] is True
    edits = [e for e in AuditLog().records(app_id) if e.kind == "memo_edited"]
    assert len(edits) == 1 and decisions[0].payload["memo_edit_sha256"] == edits[0].payload["sha256"]

    # The queue shows grade, recommendation and decision of the reviewed application.
    page.get_by_role("tab", name="Queue").click()
    page.locator("#queue-refresh").click()
    row = queue.get_by_role("row").filter(has_text=app_id).filter(visible=True).first
    expect(row).to_contain_text("decided")
    expect(row).to_contain_text(recommended)
    page.screenshot(path=shots / "real-06-queue.png", full_page=True)

    # Upload a new packet (all its files) from the queue view: the workflow runs with per-step
    # progress, then the new application opens with its facts.
    files = sorted(str(f) for f in real_server.upload.iterdir() if f.is_file())
    page.locator("#upload-files input[type=file]").set_input_files(files)
    page.locator("#upload-run").click()
    expect(page.locator("#upload-progress")).to_contain_text(
        "memo ready for review", timeout=WORKFLOW_TIMEOUT_MS
    )
    progress = page.locator("#upload-progress").inner_text()
    uploaded = re.search(r"Workflow for (UPL-[\w-]+)", progress)
    assert uploaded and "draft_memo: done" in progress and "failed" not in progress, progress
    expect(page.locator("#app-header")).to_contain_text(uploaded.group(1))
    expect(page.locator("#facts-table")).to_contain_text("Net monthly income")
    page.screenshot(path=shots / "real-07-upload.png", full_page=True)

    # Compliance: the application's audit trail, chain verified.
    erik = login(chromium("erik"), real_server.url, "erik")
    erik.get_by_role("tab", name="Compliance").click()
    erik.locator("#audit-app-id textarea").fill(app_id)
    erik.locator("#audit-load").click()
    expect(erik.locator("#audit-table")).to_contain_text("memo_drafted")
    expect(erik.locator("#audit-table")).to_contain_text("decision")
    expect(erik.locator("#audit-chain")).to_contain_text("intact")
    erik.screenshot(path=shots / "real-08-compliance.png", full_page=True)
