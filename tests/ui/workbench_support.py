"""A workbench over the real backend and the scripted model, with one application drafted.

Shared by the UI tests that need a real memo (edits, exports, decisions, chat) without a real LLM."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent_fakes import ScriptedLLM, make_deps, narrative

from underwrite.ui.backend import RealBackend
from underwrite.ui.models import MemoChunk, Role, User
from underwrite.ui.service import Workbench

ALICE = User(username="alice", role=Role.underwriter)


@dataclass
class Drafted:
    bench: Workbench
    application_id: str
    deps: Any
    """The scripted deps (``deps.llm.script`` takes more replies, ``deps.audit`` holds the records)."""
    chunks: list[MemoChunk]
    """What drafting the memo streamed, the finished memo last."""


def drafted(tmp_path: Path) -> Drafted:
    """Upload a small packet as Alice and draft its memo with the scripted narrative."""
    deps = make_deps(ScriptedLLM({"MemoNarrative": [narrative()]}))
    bench = Workbench(RealBackend(deps))
    form, statement = tmp_path / "form.txt", tmp_path / "statement.csv"
    form.write_text("Applicant: Test Person\nRequested amount: EUR 12500\n")
    statement.write_text("date,amount\n2024-01-31,2500\n")
    application_id = bench.submit_packet(ALICE, [form, statement])
    return Drafted(bench, application_id, deps, list(bench.stream_memo(ALICE, application_id)))
