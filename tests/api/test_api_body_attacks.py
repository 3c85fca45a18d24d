"""Hostile JSON bodies: numbers JSON cannot hold, nesting deeper than the parser goes, ids that look
like another id. Each is refused (or kept apart) in words, never a 500 and never a queued job."""

from __future__ import annotations

import pytest
from api_support import Keys, MakeClient
from fastapi.testclient import TestClient


@pytest.fixture
def idle(make_client: MakeClient) -> TestClient:
    return make_client(background=False)


def _post(client: TestClient, keys: Keys, body: str, path: str = "/v1/applications/facts") -> object:
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
        assert refused.status_code == 422, refused.text  # type: ignore[attr-defined]
        assert "finite number" in refused.text  # type: ignore[attr-defined]
    assert idle.get("/v1/queue", headers=keys.auth("intake")).json()["total"] == 0


def test_nesting_deeper_than_the_parser_goes_is_a_400_in_words(idle: TestClient, keys: Keys) -> None:
    deep = '{"facts": ' + "[" * 100_000 + "]" * 100_000 + "}"
    refused = _post(idle, keys, deep)
    assert refused.status_code == 400 and "parsing the body" in refused.text  # type: ignore[attr-defined]


def test_case_variants_and_look_alikes_are_other_ids_or_refused(idle: TestClient, keys: Keys) -> None:
    made = _post(idle, keys, '{"application_id": "LOS-1", "facts": {"loan_amount": 1}}')
    assert made.status_code == 202  # type: ignore[attr-defined]
    for look_alike in ("ＬＯＳ-1", "LOS\u20111", "LOS-1\u200b", "ЛOS-1"):  # fullwidth, no-break hyphen, ZWSP, Cyrillic
        body = f'{{"application_id": "{look_alike}", "facts": {{"loan_amount": 2}}}}'
        assert _post(idle, keys, body).status_code == 422, look_alike  # type: ignore[attr-defined]
        assert idle.get(f"/v1/applications/{look_alike}", headers=keys.auth("intake")).status_code == 422
    assert idle.get("/v1/applications/los-1", headers=keys.auth("intake")).status_code == 404
