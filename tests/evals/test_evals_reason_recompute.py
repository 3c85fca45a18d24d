"""The adverse-action agreement check compares the memo with a recomputation from the score model."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from underwrite.evals.scorers.reasons import DeclineCase, MemoReasonAgreementScorer
from underwrite.evals.suites import adverse_action
from underwrite.tools.scoring.reasons import ReasonEntry, ReasonTable


def _table() -> ReasonTable:
    return ReasonTable(
        fallback=ReasonEntry(code="R99", text="Other factors"),
        reasons={
            "checking_account_status": ReasonEntry(code="R01", text="Checking {value}"),
            "loan_term_months": ReasonEntry(code="R02", text="Term {value}"),
            "savings_status": ReasonEntry(code="R05", text="Savings {value}"),
        },
    )


def test_recomputed_codes_take_the_top_risk_raising_inputs_never_a_protected_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = SimpleNamespace(limit=4, bundle=SimpleNamespace(reason_table=_table()))
    monkeypatch.setattr("underwrite.tools.scoring.get_scorer", lambda: fake)
    contrib = {
        "age_years": 0.9,
        "loan_term_months": 0.5,
        "checking_account_status": 0.7,
        "savings_status": -0.2,
    }
    assert adverse_action.recomputed_codes(contrib) == ["R01", "R02"]


def test_a_memo_repeating_wrong_tool_reasons_fails_against_the_recomputation() -> None:
    scorer = MemoReasonAgreementScorer()
    assert scorer.score(scorer.red_state()).metrics["memo_reason_mismatches"] >= 1
    assert scorer.score(scorer.green_state()).metrics["memo_reason_mismatches"] == 0
    # the tool's own codes agree with the memo, yet the recomputation says otherwise: a mismatch
    case = DeclineCase("x", [], {}, ["R01"], recomputed_codes=["R02"])
    state = scorer.green_state()
    state.declines.append(case)
    assert scorer.score(state).metrics["memo_reason_mismatches"] == 1
