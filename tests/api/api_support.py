"""What the REST API tests share besides fixtures: key bundles, client factories, polling, documents.

A module of its own (not ``conftest``) so ``from api_support import …`` names one file whichever
test folders a run collects; ``from api_support import …`` picked another folder's conftest when
``tests/api`` and ``tests/ui`` ran together.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

PUBLIC_TEST_ADDRESS = "93.184.216.34"
"""A public address: where the API tests' stub resolver (conftest ``dns``) sends names under
``.example`` and ``.example.com``."""


@dataclass
class Keys:
    intake: str
    underwriter: str
    compliance: str
    ids: dict[str, str]

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {getattr(self, role)}"}


MakeClient = Callable[..., TestClient]


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
