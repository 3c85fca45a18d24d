"""Hostile JSON bodies: numbers JSON cannot hold, nesting deeper than the parser goes, ids that look
like another id. Each is refused (or kept apart) in words, never a 500 and never a queued job."""

from __future__ import annotations

import pytest
from api_support import Keys, MakeClient, wait_for_status
from fastapi.testclient import TestClient
from httpx import Response


@pytest.fixture
def idle(make_client: MakeClient) -> TestClient:
    return make_client(background=False)


def _post(client: TestClient, keys: Keys, body: str, path: str = "/v1/applications/facts") -> Response:
    headers = {**keys.auth("intake"), "Content-Type": "application/json"}
    return client.post(path, content=body, headers=headers)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999999"])
def test_a_fact_that_is_not_a_finite_number_is_refused(idle: TestClient, keys: Keys, number: str) -> None:
    """Before the fix ``{"loan_amount": NaN}`` (Python's json reads NaN, Infinity and 1e999999 as
    floats) was queued: a loan amount no rule can compare, written back as non-standard JSON."""
    for path, body in (
        ("/v1/applications/facts", f'{{"facts": {{"loan_amount": {number}}}}}'),
        ("/v1/batches", f'{{"applications": [{{"facts": {{"loan_amount": {number}}}}}]}}'),
    ):
        refused = _post(idle, keys, body, path)
        assert refused.status_code == 422, refused.text
        assert "finite number" in refused.text
    assert idle.get("/v1/queue", headers=keys.auth("intake")).json()["total"] == 0


def test_nesting_deeper_than_the_parser_goes_is_a_400_in_words(idle: TestClient, keys: Keys) -> None:
    deep = '{"facts": ' + "[" * 100_000 + "]" * 100_000 + "}"
    refused = _post(idle, keys, deep)
    assert refused.status_code == 400 and "parsing the body" in refused.text


def test_case_variants_and_look_alikes_are_other_ids_or_refused(idle: TestClient, keys: Keys) -> None:
    made = _post(idle, keys, '{"application_id": "LOS-1", "facts": {"loan_amount": 1}}')
    assert made.status_code == 202
    # Fullwidth letters, a no-break hyphen, a zero-width space, a Cyrillic L.
    for look_alike in ("ＬＯＳ-1", "LOS\u20111", "LOS-1\u200b", "ЛOS-1"):
        body = f'{{"application_id": "{look_alike}", "facts": {{"loan_amount": 2}}}}'
        assert _post(idle, keys, body).status_code == 422, look_alike
        assert idle.get(f"/v1/applications/{look_alike}", headers=keys.auth("intake")).status_code == 422
    assert idle.get("/v1/applications/los-1", headers=keys.auth("intake")).status_code == 404


def test_a_decision_record_names_the_key_that_took_it_not_only_the_name_it_gave(
    client: TestClient, keys: Keys
) -> None:
    """Before the fix the decision record's actor was the ``reviewer`` the client typed: any
    underwriter key could file a decision as "chief risk officer", and the record named no key
    (only the separate ``api_call`` record of the request did)."""
    body = '{"application_id": "LOS-D1", "facts": {"loan_amount": 12500, "loan_term_months": 36}}'
    assert _post(client, keys, body).status_code == 202
    status = wait_for_status(client, "LOS-D1", keys.auth("intake"), {"awaiting_review", "failed"})
    assert status["status"] == "awaiting_review", status
    decided = client.post(
        "/v1/applications/LOS-D1/decision",
        json={"decision": "decline", "reviewer": "chief risk officer", "reason": "claimed authority"},
        headers=keys.auth("underwriter"),
    )
    assert decided.status_code == 200, decided.text
    trail = client.get("/v1/applications/LOS-D1/audit", headers=keys.auth("compliance")).json()
    (record,) = [e for e in trail["entries"] if e["kind"] == "decision"]
    assert record["actor"] == f"api-key:{keys.ids['underwriter']}", record["actor"]
    assert record["payload"]["reviewer"] == "chief risk officer"  # as stated, beside who stated it
