"""The compliance view's audit trail: workflow runs, drafts, chat turns and decisions of one
application (free text masked), and "no such application" for an id nobody submitted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from agent_fakes import ScriptedLLM, make_deps, narrative

from underwrite.core.schemas import Recommendation
from underwrite.ui.backend import RealBackend
from underwrite.ui.models import DecisionRequest, Role, User
from underwrite.ui.service import InvalidRequest, Workbench

ALICE = User(username="alice", role=Role.underwriter)
CARL = User(username="carl", role=Role.compliance)


def test_trail_shows_runs_drafts_chat_and_decision(tmp_path: Path) -> None:
    llm = ScriptedLLM({"MemoNarrative": [narrative()], "chat": ["DTI is 6%.", "No delinquencies."]})
    bench = Workbench(RealBackend(make_deps(llm)))
    form, statement = tmp_path / "form.txt", tmp_path / "statement.csv"
    form.write_text("Applicant: Test Person\nRequested amount: EUR 12500\n")
    statement.write_text("date,amount\n2024-01-31,2500\n")
    application_id = bench.submit_packet(ALICE, [form, statement])
    list(bench.stream_memo(ALICE, application_id))
    list(bench.run_workflow(ALICE, application_id))  # already run: no second draft, no new record
    list(bench.chat_stream(ALICE, application_id, [], "Mail erika@example.org the DTI?"))
    list(bench.chat_stream(ALICE, application_id, [], "Any delinquencies?"))
    bench.decide(ALICE, DecisionRequest(application_id=application_id, decision=Recommendation.approve))

    trail = bench.audit_trail(CARL, application_id)
    kinds = [e.kind for e in trail.entries]
    assert kinds == ["memo_drafted", "workflow_run", "chat_turn", "chat_turn", "decision"]
    assert trail.chain_ok
    run = trail.entries[1].payload
    assert run["outcome"] == "awaiting_review" and run["first_step"] == "read_documents"
    first_turn = trail.entries[2].payload
    # "6%" is no number the tools gave: the shown answer is the correction, the draft kept beside it
    assert first_turn["answer"].startswith("[Correction:") and "ratio:dti" in first_turn["answer"]
    assert first_turn["withheld_draft"] == "DTI is 6%."
    assert "erika@example.org" not in json.dumps(first_turn) and "[pii:" in first_turn["question"]
    assert trail.entries[2].actor == "alice"


def test_unknown_application_is_not_reported_as_an_empty_intact_trail() -> None:
    bench = Workbench(RealBackend(make_deps(ScriptedLLM())))
    with pytest.raises(InvalidRequest, match="no such application"):
        bench.audit_trail(CARL, "APP-DOES-NOT-EXIST")
