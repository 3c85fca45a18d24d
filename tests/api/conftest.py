"""Fixtures of the REST API tests: an app over the scripted workflow tools, keys of every role."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from live_app import scripted_deps

from underwrite.api import create_app
from underwrite.api.context import ApiConfig
from underwrite.api.keys import ApiRole, KeyStore


@dataclass
class Keys:
    intake: str
    underwriter: str
    compliance: str
    ids: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {getattr(self, role)}"}


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


MakeClient = Callable[..., TestClient]


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


def wait_for_status(
    client: TestClient, application_id: str, headers: dict[str, str], wanted: set[str], bound_s: float = 60
) -> dict[str, Any]:
    """Poll the status until it is one of ``wanted`` (bounded, so a stuck job fails the test)."""
    deadline = time.monotonic() + bound_s
    while True:
        body: dict[str, Any] = client.get(f"/v1/applications/{application_id}", headers=headers).json()
        if body.get("status") in wanted or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


FORM = b"Applicant: Erika Mustermann\nRequested amount: EUR 12500\nTerm: 36 months\n"
STATEMENT = b"date,amount\n2024-01-31,2500\n"
