"""Fast tests of the workbench facade and its access rules (no browser, no server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_fakes import FakeBackend

from underwrite.core.schemas import Recommendation
from underwrite.ui.auth import UserConfigError, UserStore, hash_password, verify_password
from underwrite.ui.backend import RealBackend
from underwrite.ui.models import DecisionRequest, Role, User
from underwrite.ui.service import AccessDenied, InvalidRequest, Workbench

ALICE = User(username="alice", role=Role.underwriter)
CARL = User(username="carl", role=Role.compliance)


@pytest.fixture
def bench() -> Workbench:
    workbench = Workbench(FakeBackend(delay_s=0))
    list(workbench.stream_memo(ALICE, "APP-0001"))  # the fake recommends approve
    return workbench


# --- passwords and users ---------------------------------------------------------------------------


def test_password_hash_is_salted_scrypt_and_verifies() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("scrypt$") and first != second  # random salt
    assert "correct horse" not in first
    assert verify_password("correct horse", first)
    assert not verify_password("correct horsf", first)
    assert not verify_password("correct horse", "plain$text")


def test_user_store_round_trip_and_file_holds_no_password(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "users.yaml")
    store.add_user("alice", "s3cret-pass", Role.underwriter)
    store.add_user("carl", "another-pass", Role.compliance)
    assert store.authenticate("alice", "s3cret-pass")
    assert not store.authenticate("alice", "another-pass")
    assert not store.authenticate("mallory", "s3cret-pass")
    assert store.get("carl") == CARL
    assert store.get("mallory") is None and store.get(None) is None
    text = (tmp_path / "users.yaml").read_text()
    assert "s3cret-pass" not in text and "scrypt$" in text
    assert (tmp_path / "users.yaml").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("username", "password", "match"),
    [
        ("Alice!", "long-enough", "username"),
        ("bob", "short", "at least 8"),
        ("alice", "s3cret-pass", "exists"),
    ],
)
def test_user_store_rejects_bad_input(tmp_path: Path, username: str, password: str, match: str) -> None:
    store = UserStore(tmp_path / "users.yaml")
    store.add_user("alice", "s3cret-pass", Role.underwriter)
    with pytest.raises(UserConfigError, match=match):
        store.add_user(username, password, Role.underwriter)


def test_malformed_users_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    path.write_text("users:\n  alice: {role: admin, password: x}\n")
    with pytest.raises(UserConfigError, match="not a valid users file"):
        UserStore(path).authenticate("alice", "x")


# --- role gating -----------------------------------------------------------------------------------


def test_compliance_views_refuse_underwriters(bench: Workbench) -> None:
    with pytest.raises(AccessDenied, match="compliance"):
        bench.audit_trail(ALICE, "APP-0001")
    with pytest.raises(AccessDenied):
        bench.latest_eval_report(ALICE)
    assert bench.audit_trail(CARL, "APP-0001").entries  # the memo draft was audited


def test_compliance_cannot_decide_or_upload(bench: Workbench, tmp_path: Path) -> None:
    with pytest.raises(AccessDenied, match="underwriter"):
        bench.decide(CARL, DecisionRequest(application_id="APP-0001", decision=Recommendation.approve))
    doc = tmp_path / "form.txt"
    doc.write_text("hello")
    with pytest.raises(AccessDenied):
        bench.submit_packet(CARL, [doc])


# --- review rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "too short"])
def test_departure_without_a_real_reason_is_rejected(bench: Workbench, reason: str) -> None:
    request = DecisionRequest(application_id="APP-0001", decision=Recommendation.refer, reason=reason)
    with pytest.raises(InvalidRequest, match="departs from the recommendation approve"):
        bench.decide(ALICE, request)
    assert bench.open_application(ALICE, "APP-0001").decision is None


def test_departure_with_reason_is_recorded_and_audited(bench: Workbench) -> None:
    request = DecisionRequest(
        application_id="APP-0001", decision=Recommendation.refer, reason="Income needs a second pay slip"
    )
    record = bench.decide(ALICE, request)
    assert record.departs_from_recommendation and record.decision.reviewer == "alice"
    assert record.audit_record_id
    with pytest.raises(InvalidRequest, match="already decided"):
        bench.decide(ALICE, request)


def test_exception_authority_reaches_the_recorded_decision(bench: Workbench) -> None:
    request = DecisionRequest(
        application_id="APP-0001", decision=Recommendation.approve, exception_authority="  L4 "
    )
    assert bench.decide(ALICE, request).decision.exception_authority == "L4"


def test_following_the_recommendation_needs_no_reason(bench: Workbench) -> None:
    record = bench.decide(ALICE, DecisionRequest(application_id="APP-0001", decision=Recommendation.approve))
    assert not record.departs_from_recommendation and record.decision.reason is None


def test_decline_carries_adverse_action_reasons(bench: Workbench) -> None:
    record = bench.decide(
        ALICE,
        DecisionRequest(
            application_id="APP-0001", decision=Recommendation.decline, reason="DTI too high after review"
        ),
    )
    assert record.adverse_action_reasons and record.adverse_action_reasons[0].startswith("R01")


def test_conditions_required_and_memo_required(bench: Workbench) -> None:
    with pytest.raises(InvalidRequest, match="at least one condition"):
        bench.decide(
            ALICE,
            DecisionRequest(
                application_id="APP-0001",
                decision=Recommendation.approve_with_conditions,
                reason="needs collateral",
                conditions=["  "],
            ),
        )
    with pytest.raises(InvalidRequest, match="memo before deciding"):
        bench.decide(ALICE, DecisionRequest(application_id="APP-0002", decision=Recommendation.approve))


# --- input validation ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["../etc", "a/b", "", ".hidden"])
def test_application_ids_are_validated(bench: Workbench, bad_id: str) -> None:
    with pytest.raises(InvalidRequest, match="not a valid application id"):
        bench.open_application(ALICE, bad_id)


def test_upload_rejects_bad_files(bench: Workbench, tmp_path: Path) -> None:
    exe = tmp_path / "run.exe"
    exe.write_bytes(b"MZ")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(InvalidRequest, match="unsupported file type"):
        bench.submit_packet(ALICE, [exe])
    with pytest.raises(InvalidRequest, match="is empty"):
        bench.submit_packet(ALICE, [empty])
    with pytest.raises(InvalidRequest, match="at least one"):
        bench.submit_packet(ALICE, [])


def test_what_if_only_moves_allowed_levers(bench: Workbench) -> None:
    with pytest.raises(InvalidRequest, match="cannot change"):
        bench.what_if(ALICE, "APP-0001", {"age_years": 30})
    with pytest.raises(InvalidRequest, match="whole number of months"):
        bench.what_if(ALICE, "APP-0001", {"loan_term_months": -12})
    result = bench.what_if(ALICE, "APP-0001", {"monthly_net_income": 1500})
    assert result.changed.score.pd > result.base.score.pd
    dti = {r.name: r for r in result.changed.ratios}["dti"]
    assert dti.value is not None and dti.value > {r.name: r for r in result.base.ratios}["dti"].value  # type: ignore[operator]


def test_queue_filters(bench: Workbench) -> None:
    assert [e.application_id for e in bench.list_queue(ALICE, status="queued")] == ["APP-0002"]
    assert [e.application_id for e in bench.list_queue(ALICE, text="0001")] == ["APP-0001"]
    assert len(bench.list_queue(ALICE, status="all")) == 2


def test_real_backend_refuses_unknown_applications_and_early_steps(tmp_path: Path) -> None:
    bench = Workbench(RealBackend())
    with pytest.raises(InvalidRequest, match="no application 'APP-0404'"):
        bench.open_application(ALICE, "APP-0404")
    form, statement = tmp_path / "form.txt", tmp_path / "statement.csv"
    form.write_text("Applicant: Test Person\nRequested amount: EUR 5000\n")
    statement.write_text("date,amount\n2024-01-31,2800\n")
    application_id = bench.submit_packet(ALICE, [form, statement])
    # Nothing has run yet: no chat, no export, no edit, no decision — each says what to do first.
    with pytest.raises(InvalidRequest, match="run the workflow"):
        list(bench.chat_stream(ALICE, application_id, [], "why?"))
    with pytest.raises(InvalidRequest, match="generate the memo"):
        bench.export_memo(ALICE, application_id, "pdf")
    with pytest.raises(InvalidRequest, match="no memo to edit"):
        bench.save_memo_edits(ALICE, application_id, "edited")


def test_real_backend_policy_section_from_the_manual() -> None:
    bench = Workbench(RealBackend())
    section = bench.policy_section(ALICE, "CP-4.2")
    assert section.section_id == "CP-4.2" and section.title and len(section.text) > 50
    with pytest.raises(InvalidRequest, match="no policy section"):
        bench.policy_section(ALICE, "CP-99.9")


def test_real_backend_latest_eval_report(isolated_home: Path) -> None:
    from underwrite.evals.harness.log import write_log
    from underwrite.evals.harness.types import BarResult, EvalLog, SuiteResult, SuiteStatus

    bench = Workbench(RealBackend())
    assert bench.latest_eval_report(CARL) is None
    bar = BarResult(metric="auc", op=">=", threshold=0.7, value=0.65, passed=False, why="discrimination")
    suite = SuiteResult(name="model", title="Model", status=SuiteStatus.failed, bars=[bar])
    run = isolated_home / "outputs" / "evals" / "20260101T000000Z"
    write_log(EvalLog(run_id="r1", started_at="2026-01-01T00:00:00Z", suites=[suite]), run)
    (run / "report.html").write_text("<html></html>")
    report = bench.latest_eval_report(CARL)
    assert report is not None and report.passed is False
    assert report.path.endswith("report.html") and "| model | failed | auc |" in report.summary_markdown
    with pytest.raises(AccessDenied):
        bench.latest_eval_report(ALICE)


# --- the real backend, as far as it is wired -------------------------------------------------------


def test_real_backend_queues_an_upload_and_lists_it(tmp_path: Path) -> None:
    bench = Workbench(RealBackend())
    form, statement = tmp_path / "form.txt", tmp_path / "statement.csv"
    form.write_text("Applicant: Test Person\nRequested amount: EUR 5000\n")
    statement.write_text("date,amount\n2024-01-31,2800\n")
    application_id = bench.submit_packet(ALICE, [form, statement])
    entries = bench.list_queue(ALICE)
    assert [(e.application_id, e.status) for e in entries] == [(application_id, "queued")]
    assert bench.list_queue(ALICE, status="decided") == []
    # The same files again are a duplicate packet: refused with the queue's reason, nothing left over.
    with pytest.raises(InvalidRequest, match="duplicate"):
        bench.submit_packet(ALICE, [form, statement])
    assert len(bench.list_queue(ALICE)) == 1


def test_real_backend_edited_memo_is_exported_and_bound_to_the_decision(tmp_path: Path) -> None:
    from io import BytesIO

    from docx import Document
    from workbench_support import drafted

    from underwrite.core.canonical import sha256_text

    made = drafted(tmp_path)
    bench, application_id, deps, chunks = made.bench, made.application_id, made.deps, made.chunks
    memo = chunks[-1].memo
    assert memo is not None and memo.edited_by is None
    # The narrative streamed while it was written, as readable text, before the verified memo.
    drafts = [c.draft for c in chunks if c.draft]
    assert len(drafts) > 3 and "The applicant requests EUR 12,500" in drafts[-1]
    assert any(c.text.startswith("- ") for c in chunks)  # the finished steps too

    edited = memo.markdown + "\n## Reviewer note\n\nIncome confirmed with the employer by phone.\n"
    view = bench.save_memo_edits(ALICE, application_id, edited)
    assert view.edited_by == "alice" and bench.open_application(ALICE, application_id).memo.markdown == edited

    doc = Document(BytesIO(bench.export_memo(ALICE, application_id, "docx").read_bytes()))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Income confirmed with the employer by phone." in paragraphs
    assert any(p.startswith("Edited by alice") for p in paragraphs)

    bench.decide(ALICE, DecisionRequest(application_id=application_id, decision=Recommendation.approve))
    records = {r.kind: r for r in deps.audit.records(application_id)}
    assert records["memo_edited"].payload["sha256"] == sha256_text(edited)
    assert records["decision"].payload["memo_edit_sha256"] == sha256_text(edited)
    with pytest.raises(InvalidRequest, match="decision is recorded"):
        bench.save_memo_edits(ALICE, application_id, "too late")
