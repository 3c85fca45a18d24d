"""The whole path over HTTP (TestClient): submit → queue → draft → results → decision → audit."""

from __future__ import annotations

from api_support import FORM, STATEMENT, Keys, MakeClient, wait_for_status
from fastapi.testclient import TestClient


def _submit(client: TestClient, keys: Keys, **extra: str) -> dict[str, object]:
    files = [("files", ("form.txt", FORM, "text/plain")), ("files", ("statement.csv", STATEMENT, "text/csv"))]
    response = client.post("/v1/applications", files=files, data=extra, headers=keys.auth("intake"))
    assert response.status_code == 202, response.text
    body: dict[str, object] = response.json()
    return body


def test_submit_to_decision_over_the_queue(client: TestClient, keys: Keys) -> None:
    submitted = _submit(client, keys, application_id="LOS-0001")
    assert submitted["application_id"] == "LOS-0001" and submitted["status"] == "queued"
    status = wait_for_status(client, "LOS-0001", keys.auth("intake"), {"awaiting_review", "failed"})
    assert status["status"] == "awaiting_review", status
    done = [s["step"] for s in status["steps"] if s["state"] == "done"]
    assert done[:3] == ["read_documents", "extract_prose_facts", "check_completeness"]
    assert "record_draft" in done and status["steps"][-1] == {
        "step": "human_review",
        "label": "human review",
        "state": "next",
    }
    read = keys.auth("intake")
    facts = client.get("/v1/applications/LOS-0001/facts", headers=read).json()
    loan = next(f for f in facts["facts"] if f["name"] == "loan_amount")
    assert loan["value"] == 12500.0 and loan["source"]["doc_id"] in {d["doc_id"] for d in facts["documents"]}
    score = client.get("/v1/applications/LOS-0001/score", headers=read).json()["score"]
    assert score["grade"] and score["reasons"][0]["code"] == "R03"
    findings = client.get("/v1/applications/LOS-0001/findings", headers=read).json()
    assert findings["findings"][0]["rule_id"] == "AFF-01"
    memo = client.get("/v1/applications/LOS-0001/memo", headers=read).json()
    assert memo["memo"]["recommendation"] == "approve" and memo["status"] == "awaiting_review"
    for fmt, magic in {"md": b"#", "docx": b"PK", "pdf": b"%PDF", "json": b"{"}.items():
        download = client.get(f"/v1/applications/LOS-0001/memo/{fmt}", headers=read)
        assert download.status_code == 200 and download.content.startswith(magic), fmt

    decided = client.post(
        "/v1/applications/LOS-0001/decision",
        json={"decision": "decline", "reviewer": "ulla", "reason": "income not verified by payslip"},
        headers=keys.auth("underwriter"),
    )
    assert decided.status_code == 200, decided.text
    out = decided.json()
    assert out["status"] == "decided" and out["departs_from_recommendation"] and out["audit_record_id"]
    assert client.get("/v1/applications/LOS-0001", headers=read).json()["decision"] == "decline"
    queue = client.get("/v1/queue", headers=read).json()
    assert queue["counts"]["decided"] == 1 and queue["jobs"][0]["queue_state"] == "awaiting_review"

    trail = client.get("/v1/applications/LOS-0001/audit", headers=keys.auth("compliance")).json()
    kinds = [e["kind"] for e in trail["entries"]]
    assert "memo_drafted" in kinds and "decision" in kinds
    calls = [e for e in trail["entries"] if e["kind"] == "api_call"]
    assert {e["payload"]["key_id"] for e in calls} == {keys.ids["intake"], keys.ids["underwriter"]}
    assert any(e["payload"]["path"].endswith("/decision") for e in calls)
    verify = client.get("/v1/audit/verify", headers=keys.auth("compliance")).json()
    assert verify["ok"] and verify["status"] == "intact"


def test_json_facts_and_batch_share_the_queue(client: TestClient, keys: Keys) -> None:
    facts = {"applicant_name": "Erika Mustermann", "loan_amount": 12500, "loan_term_months": 36}
    one = client.post("/v1/applications/facts", json={"facts": facts}, headers=keys.auth("intake"))
    assert one.status_code == 202, one.text
    batch = client.post(
        "/v1/batches",
        json={
            "applications": [
                {"application_id": f"B-{i}", "facts": {**facts, "loan_amount": 1000 + i}} for i in range(3)
            ]
            + [{"application_id": "B-0", "facts": facts}]
        },
        headers=keys.auth("intake"),
    ).json()
    assert batch["added"] == 3 and batch["rejected"] == 1
    assert "already submitted" in batch["items"][3]["error"]
    for application_id in ["B-0", "B-1", "B-2", one.json()["application_id"]]:
        assert (
            wait_for_status(client, application_id, keys.auth("intake"), {"awaiting_review", "failed"})[
                "status"
            ]
            == "awaiting_review"
        )
    queue = client.get("/v1/queue", headers=keys.auth("compliance")).json()
    assert queue["counts"]["awaiting_review"] == 4 and queue["total"] == 4


def test_idempotency_key_survives_a_restart(make_client: MakeClient, keys: Keys) -> None:
    first_server = make_client(background=False)
    headers = {**keys.auth("intake"), "Idempotency-Key": "req-42"}
    facts = {"facts": {"loan_amount": 5000, "loan_term_months": 12}}
    first = first_server.post("/v1/applications/facts", json=facts, headers=headers)
    again = first_server.post("/v1/applications/facts", json=facts, headers=headers)
    assert first.status_code == 202 and again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    restarted = make_client(background=False)
    after = restarted.post("/v1/applications/facts", json=facts, headers=headers)
    assert after.status_code == 200 and after.json()["application_id"] == first.json()["application_id"]
    assert restarted.get("/v1/queue", headers=headers).json()["total"] == 1
    other = restarted.post("/v1/applications/facts", json={"facts": {"loan_amount": 1}}, headers=headers)
    assert other.status_code == 422
    assert other.json()["type"] == "/problems/idempotency-key-reused"
    assert first.json()["application_id"] in other.json()["detail"]
