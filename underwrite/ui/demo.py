"""`underwrite demo` preparation: default model, policy/precedent index, demo users, sample queue.

Every step is idempotent, so a second run only re-checks. A piece that is not part of this build
stops the demo with a message naming it instead of showing an empty workbench.
"""

from __future__ import annotations

import importlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from underwrite.core.private_files import write_private
from underwrite.core.settings import get_settings
from underwrite.ui.auth import UserStore
from underwrite.ui.models import Role

DEMO_PACKETS = 12
DEMO_SEED = 7
# Embedding all ~14.5k precedents takes minutes on a laptop CPU; the demo indexes a slice so the
# first start is quick. `underwrite demo --precedent-limit 0` (or `underwrite index build`) does all.
DEMO_PRECEDENT_LIMIT: int | None = 1000  # keep in step with the CLI default
DEMO_USERS = {"demo": Role.underwriter, "auditor": Role.compliance}
CREDENTIALS_FILENAME = "demo-credentials.txt"


class MissingPiece(RuntimeError):
    """A capability the demo needs is not in this build."""


@dataclass(frozen=True)
class DemoStep:
    name: str
    run: Callable[[], str]
    """Does the step (or confirms it is done) and returns a one-line result."""


def _resolve(module: str, attribute: str, piece: str, issue: int, branch: str) -> Any:
    try:
        found = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as exc:
        raise MissingPiece(
            f"{piece}: `{module}.{attribute}` is not in this build (issue #{issue}, branch `{branch}`)."
        ) from exc
    return found


def prepare_model() -> str:
    ensure = _resolve(
        "underwrite.tools.scoring", "ensure_default_model", "the default score model", 3, "scoring"
    )
    return f"score model at {ensure()}"


def prepare_index(precedent_limit: int | None = DEMO_PRECEDENT_LIMIT) -> str:
    """Policy manual plus the first ``precedent_limit`` precedents (None: all of them)."""
    ensure = _resolve(
        "underwrite.retrieval", "ensure_index", "the policy and precedent index", 4, "retrieval"
    )
    report = ensure(precedent_limit=precedent_limit)
    scope = "all precedents" if precedent_limit is None else f"first {precedent_limit} precedents only"
    counts = report.precedents if report is not None else None
    found = f", {counts.unchanged + counts.upserts} precedent cases indexed" if counts is not None else ""
    return f"{scope}{found} under {get_settings().chroma_dir}"


def demo_credentials_path() -> Path:
    return get_settings().home / CREDENTIALS_FILENAME


def prepare_users(store: UserStore | None = None) -> str:
    """Demo accounts with random passwords, written once to a 0600 file under UW_HOME."""
    store = store or UserStore()
    creds_path = demo_credentials_path()
    existing = {u.username for u in store.list_users()}
    lines = creds_path.read_text(encoding="utf-8").splitlines() if creds_path.exists() else []
    known = {line.split(":", 1)[0] for line in lines if ":" in line}
    for username, role in DEMO_USERS.items():
        if username in existing and username in known:
            continue
        password = secrets.token_urlsafe(12)
        store.add_user(username, password, role, replace=True)
        lines = [line for line in lines if not line.startswith(f"{username}:")]
        lines.append(f"{username}:{password}:{role.value}")
    write_private(creds_path, "\n".join(lines) + "\n")  # 0600 from creation, not chmod'ed after
    return f"users {', '.join(DEMO_USERS)} (passwords in {creds_path})"


def prepare_queue(n: int = DEMO_PACKETS) -> str:
    """Generate ``n`` German-credit packets under UW_HOME/demo-packets and put them on the queue."""
    generate = _resolve("underwrite.synth", "generate_packets", "generated sample packets", 2, "docs")
    repository = _resolve("underwrite.queue", "QueueRepository", "the application queue", 7, "batch")
    queue = repository()
    queued = [j for j in queue.jobs() if Path(j.packet_dir).parent == demo_packets_dir()]
    if len(queued) >= n:
        return f"{len(queued)} demo packets already queued"
    folders = generate("german", n, demo_packets_dir(), seed=DEMO_SEED)
    report = queue.add(folders)
    if report.rejected:
        raise MissingPiece(f"the queue refused a demo packet: {report.rejected[0].reason}")
    return f"{len(report.added)} packets generated in {demo_packets_dir()} and queued"


def demo_packets_dir() -> Path:
    return get_settings().home / "demo-packets"


def demo_steps(precedent_limit: int | None = DEMO_PRECEDENT_LIMIT) -> list[DemoStep]:
    scope = "all precedents" if precedent_limit is None else f"first {precedent_limit} precedents"
    return [
        DemoStep("Default score model (trained on first run)", prepare_model),
        DemoStep(f"Policy and precedent index ({scope})", lambda: prepare_index(precedent_limit)),
        DemoStep("Demo users", prepare_users),
        DemoStep(f"Sample queue ({DEMO_PACKETS} generated packets)", prepare_queue),
    ]


def read_demo_credentials() -> list[tuple[str, str, str]]:
    path = demo_credentials_path()
    if not path.exists():
        return []
    rows = [
        line.split(":", 2) for line in path.read_text(encoding="utf-8").splitlines() if line.count(":") == 2
    ]
    return [(u, p, r) for u, p, r in rows]
