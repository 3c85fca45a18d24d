"""Fixtures of the REST API tests: an app over the scripted workflow tools, keys of every role."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from api_support import PUBLIC_TEST_ADDRESS, Keys, MakeClient
from fastapi.testclient import TestClient
from live_app import scripted_deps

from underwrite.api import callback_hosts, create_app
from underwrite.api.context import ApiConfig
from underwrite.api.keys import ApiRole, KeyStore


@pytest.fixture(autouse=True)
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """No API test resolves a name over the network: a test sets ``dns[name]`` to the addresses
    it wants; other names under .example(.com) are public, the rest do not resolve."""
    table: dict[str, list[str]] = {}

    def resolve(host: str) -> list[str]:
        if host in table:
            return table[host]
        if host.endswith((".example", ".example.com")):
            return [PUBLIC_TEST_ADDRESS]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (test resolver)")

    monkeypatch.setattr(callback_hosts, "resolve_host", resolve)
    return table


@pytest.fixture
def keys() -> Keys:
    store = KeyStore()
    made = {role: store.add(f"test {role.value}", role) for role in ApiRole}
    return Keys(
        intake=made[ApiRole.intake].token,
        underwriter=made[ApiRole.underwriter].token,
        compliance=made[ApiRole.compliance].token,
        ids={r.value: k.key_id for r, k in made.items()},
    )


@pytest.fixture
def make_client() -> Iterator[MakeClient]:
    """Clients over fresh apps (each one a 'server start'); all are closed at the end."""
    opened: list[TestClient] = []

    def make(config: ApiConfig | None = None, *, background: bool = True, **overrides: Any) -> TestClient:
        cfg = config or ApiConfig(poll_s=0.05, **overrides)
        client = TestClient(
            create_app(cfg, scripted_deps, background=background), raise_server_exceptions=True
        )
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()
