"""Callback hosts are resolved, at registration and at every delivery, and must be public.

Before the fix a host *name* was never resolved: ``http://metadata.attacker.example/`` pointing at
169.254.169.254, or at 127.0.0.1 (the API's own host), was accepted and POSTed to; loopback and
private address literals were accepted too. A stub resolver (the ``dns`` fixture) stands in for
DNS: no test here touches the network."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from api_support import PUBLIC_TEST_ADDRESS, Keys, MakeClient
from fastapi.testclient import TestClient
from webhook_races import callback_row, owe_callback

from underwrite.api.callback_hosts import CallbackGuard
from underwrite.api.webhooks import deliver_due
from underwrite.queue import QueueRepository

FACTS = {"loan_amount": 5000, "loan_term_months": 12}


@pytest.fixture
def idle(make_client: MakeClient) -> TestClient:
    return make_client(background=False)


def _submit(client: TestClient, keys: Keys, url: str, amount: int = 5000) -> httpx.Response:
    body = {"facts": {**FACTS, "loan_amount": amount}, "callback_url": url}
    return client.post("/v1/applications/facts", json=body, headers=keys.auth("intake"))


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.7", "private"),
        ("169.254.169.254", "link-local"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("100.64.0.1", "non-public"),
    ],
)
def test_a_name_that_resolves_to_a_non_public_address_is_refused_at_registration(
    idle: TestClient, keys: Keys, dns: dict[str, list[str]], address: str, kind: str
) -> None:
    dns["hooks.attacker.example"] = [PUBLIC_TEST_ADDRESS, address]  # one bad address is enough
    made = _submit(idle, keys, "https://hooks.attacker.example/cb")
    assert made.status_code == 422 and made.json()["type"] == "/problems/bad-callback-url", made.text
    detail = made.json()["detail"]
    shown = str(ipaddress.ip_address(address))  # ::ffff:127.0.0.1 prints as ::ffff:7f00:1
    assert f"resolves to {shown}, a {kind} address" in detail and "does not POST" in detail, detail
    files = [("files", ("form.txt", b"Requested amount: EUR 5000\n", "text/plain"))]
    form = idle.post(
        "/v1/applications",
        files=files,
        data={"callback_url": "https://hooks.attacker.example/cb"},
        headers=keys.auth("intake"),
    )
    assert form.status_code == 422 and f"a {kind} address" in form.json()["detail"], form.text
    batch = idle.post(
        "/v1/batches",
        json={"applications": [{"facts": FACTS, "callback_url": "https://hooks.attacker.example/cb"}]},
        headers=keys.auth("intake"),
    )
    assert batch.json()["rejected"] == 1 and f"a {kind} address" in batch.json()["items"][0]["error"]
    assert idle.get("/v1/queue", headers=keys.auth("intake")).json()["total"] == 0


def test_loopback_and_private_literals_and_unresolvable_names_are_refused_in_words(
    idle: TestClient, keys: Keys
) -> None:
    for url, words in (
        ("http://127.0.0.1:9000/hook", "'127.0.0.1' is a loopback address"),
        ("https://10.1.2.3/hook", "'10.1.2.3' is a private address"),
        ("https://nowhere.invalid/hook", "'nowhere.invalid' does not resolve"),
    ):
        made = _submit(idle, keys, url)
        assert made.status_code == 422 and words in made.json()["detail"], made.text


def test_an_allowed_network_is_a_receiver_but_link_local_never_is(
    make_client: MakeClient, keys: Keys, dns: dict[str, list[str]]
) -> None:
    client = make_client(background=False, callback_allow=["10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16"])
    dns["los.bank.example"] = ["10.20.0.5"]
    for n, url in enumerate(
        ("https://10.1.2.3/hook", "https://los.bank.example/hook", "http://127.0.0.1:9/h")
    ):
        assert _submit(client, keys, url, 6000 + n).status_code == 202, url
    metadata = _submit(client, keys, "http://169.254.169.254/latest/meta-data/", 7000)
    assert metadata.status_code == 422, metadata.text
    public = _submit(client, keys, "https://los.example.com/hook", 7001)
    assert public.status_code == 202, public.text


def test_a_name_rebound_to_loopback_after_registration_is_not_posted_to(
    dns: dict[str, list[str]],
) -> None:
    """DNS rebinding: public when the submit was checked, 127.0.0.1 when the callback is due."""
    queue = QueueRepository()
    dns["rebind.attacker.example"] = [PUBLIC_TEST_ADDRESS]
    owe_callback(queue, "W-REBIND", "http://rebind.attacker.example/hook")
    dns["rebind.attacker.example"] = ["127.0.0.1"]
    posted: list[httpx.Request] = []
    with httpx.Client(
        transport=httpx.MockTransport(lambda r: posted.append(r) or httpx.Response(204))
    ) as http:
        assert deliver_due(queue, http, max_attempts=5, guard=CallbackGuard()) == 0
    assert posted == []
    row = callback_row(queue, "W-REBIND")
    assert row.callback_state == "pending" and row.callback_attempts == 1
    assert "resolves to 127.0.0.1, a loopback address" in row.callback_error, row.callback_error


def test_a_delivery_goes_to_the_address_that_was_checked(dns: dict[str, list[str]]) -> None:
    """The HTTP client gets the checked address, not the name (which it would resolve again: a
    rebinding resolver answers the check and the connection differently); the name stays the
    Host header and the name the TLS certificate is checked for."""
    queue = QueueRepository()
    dns["los.partner.example"] = [PUBLIC_TEST_ADDRESS]
    owe_callback(queue, "W-PIN", "https://los.partner.example:8443/hook?x=1")
    posted: list[httpx.Request] = []
    with httpx.Client(
        transport=httpx.MockTransport(lambda r: posted.append(r) or httpx.Response(204))
    ) as http:
        assert deliver_due(queue, http, max_attempts=5, guard=CallbackGuard()) == 1
    (request,) = posted
    assert request.url.host == PUBLIC_TEST_ADDRESS and request.url.port == 8443
    assert request.url.path == "/hook" and request.url.query == b"x=1"
    assert request.headers["Host"] == "los.partner.example:8443"
    assert request.extensions["sni_hostname"] == "los.partner.example"
    assert callback_row(queue, "W-PIN").callback_state == "delivered"
