"""An underwriter's memo edit made in the workbench is what the API shows, exports and decides on;
the verified original stays retrievable and the audit trail names both hashes."""

from __future__ import annotations

import json
from io import BytesIO

from api_support import FORM, STATEMENT, Keys, wait_for_status
from docx import Document
from fastapi.testclient import TestClient
from live_app import scripted_deps
from pypdf import PdfReader

from underwrite.agent.workflow import run_view
from underwrite.core.canonical import sha256_text
from underwrite.records.audit import AuditLog
from underwrite.records.memo_edits import current_edit, load_edit, save_edit
from underwrite.ui.backend import RealBackend

NOTE = "Income confirmed with the employer by phone."


def _drafted(client: TestClient, keys: Keys, application_id: str) -> None:
    files = [("files", ("form.txt", FORM, "text/plain")), ("files", ("statement.csv", STATEMENT, "text/csv"))]
    data = {"application_id": application_id}
    submitted = client.post("/v1/applications", files=files, data=data, headers=keys.auth("intake"))
    assert submitted.status_code == 202, submitted.text
    status = wait_for_status(client, application_id, keys.auth("intake"), {"awaiting_review", "failed"})
    assert status["status"] == "awaiting_review", status


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_a_workbench_edit_is_what_the_api_exports_and_decides_on(client: TestClient, keys: Keys) -> None:
    _drafted(client, keys, "E-1")
    read = keys.auth("intake")
    before = client.get("/v1/applications/E-1/memo", headers=read).json()
    assert before["edit"] is None
    original = client.get("/v1/applications/E-1/memo/md", headers=read).text

    # The underwriter edits in the workbench (its own backend, the same records underneath).
    edited = original + f"\n## Reviewer note\n\n{NOTE}\n"
    RealBackend(scripted_deps()).save_memo_edits("E-1", edited, "alice")

    memo = client.get("/v1/applications/E-1/memo", headers=read).json()
    assert memo["edit"]["editor"] == "alice" and memo["edit"]["markdown"] == edited
    assert memo["edit"]["sha256"] == sha256_text(edited) and memo["edit"]["saved_at"]
    assert memo["memo"] == before["memo"]  # the verified memo itself is unchanged
    run_memo = run_view("E-1").memo
    assert run_memo is not None and memo["edit"]["original_sha256"] == run_memo.content_hash()

    md = client.get(memo["downloads"]["md"], headers=read)
    assert NOTE in md.text and "Edited by alice" in md.text
    assert "-edited" in md.headers["content-disposition"]
    back = client.get(memo["original_downloads"]["md"], headers=read).text
    assert NOTE not in back and "Edited by" not in back
    docx = Document(BytesIO(client.get(memo["downloads"]["docx"], headers=read).content))
    paragraphs = [p.text for p in docx.paragraphs]
    assert NOTE in paragraphs and any(p.startswith("Edited by alice") for p in paragraphs)
    pdf = _pdf_text(client.get(memo["downloads"]["pdf"], headers=read).content)
    assert "Income confirmed" in pdf and "Edited by alice" in pdf
    original_pdf = client.get(memo["original_downloads"]["pdf"], headers=read).content
    assert "Income confirmed" not in _pdf_text(original_pdf)
    data = json.loads(client.get(memo["downloads"]["json"], headers=read).content)
    assert data["reviewer_edit"]["editor"] == "alice" and data["recommendation"] == "approve"
    original_json = client.get(memo["original_downloads"]["json"], headers=read).content
    assert "reviewer_edit" not in json.loads(original_json)

    decided = client.post(
        "/v1/applications/E-1/decision",
        json={"decision": "approve", "reviewer": "ulla"},
        headers=keys.auth("underwriter"),
    ).json()
    assert decided["memo_edit_sha256"] == sha256_text(edited)
    assert decided["memo_sha256"] == run_memo.content_hash()
    trail = client.get("/v1/applications/E-1/audit", headers=keys.auth("compliance")).json()["entries"]
    by_kind = {e["kind"]: e for e in trail}
    assert by_kind["memo_edited"]["actor"] == "alice"
    assert by_kind["memo_edited"]["payload"]["sha256"] == sha256_text(edited)
    assert by_kind["decision"]["payload"]["memo_edit_sha256"] == sha256_text(edited)
    assert by_kind["decision"]["payload"]["memo_sha256"] == run_memo.content_hash()


def test_a_decision_without_an_edit_names_no_edit(client: TestClient, keys: Keys) -> None:
    _drafted(client, keys, "E-2")
    decided = client.post(
        "/v1/applications/E-2/decision",
        json={"decision": "approve", "reviewer": "ulla"},
        headers=keys.auth("underwriter"),
    ).json()
    assert decided["memo_edit_sha256"] is None and decided["memo_sha256"]


def test_an_edit_of_an_earlier_draft_is_not_this_memos_text(client: TestClient, keys: Keys) -> None:
    _drafted(client, keys, "E-3")
    memo = run_view("E-3").memo
    assert memo is not None
    earlier = memo.model_copy(update={"application_id": "E-3-earlier-draft"})
    save_edit("E-3", earlier, "# old text\n", "bob", AuditLog())
    assert current_edit("E-3", memo) is None and load_edit("E-3") is not None  # kept, not used
    read = keys.auth("intake")
    assert client.get("/v1/applications/E-3/memo", headers=read).json()["edit"] is None
    assert "old text" not in client.get("/v1/applications/E-3/memo/md", headers=read).text
    decided = client.post(
        "/v1/applications/E-3/decision",
        json={"decision": "approve", "reviewer": "ulla"},
        headers=keys.auth("underwriter"),
    ).json()
    assert decided["memo_edit_sha256"] is None
