"""The code-only steps as plain functions: the preview and the graph's nodes share them."""

from __future__ import annotations

from application_fakes import fake_score, make_application

from underwrite.agent.assessment import assess, check_flags, with_ratios
from underwrite.core.schemas import Application, FactValue, RuleFinding, Score


def _score(app: Application) -> Score:
    return fake_score(12000, 24, 3000, 350)


def test_assess_merges_ratios_and_hands_them_to_the_rules() -> None:
    app = make_application("APP-1", "Ada Lovelace", 12000, 24, 3000)
    seen: dict[str, FactValue] = {}

    def rules(values: dict[str, FactValue], product: str) -> list[RuleFinding]:
        seen.update(values, product=product)
        return []

    result = assess(app, score=_score, rules=rules)
    assert result.values["loan_amount"] == 12000.0
    assert result.ratios.dti is not None and result.values["dti"] == result.ratios.dti
    assert seen["dti"] == result.ratios.dti and seen["product"] == "consumer_instalment"
    assert result.checks == [] and result.anomaly_score is None
    assert result.score.model_version == "fake-1"


def test_check_flags_reports_income_gaps_and_outliers() -> None:
    _ratios, values = with_ratios({"monthly_net_income": 3000.0, "payslip_net_pay": 2000.0})
    flags, percentile = check_flags(values, anomaly=lambda _v: 0.004)
    assert [f.code for f in flags] == ["income_inconsistent", "statistical_outlier"]
    assert percentile == 0.004
    typical, _ = check_flags(
        {"monthly_net_income": 3000.0, "payslip_net_pay": 3000.0}, anomaly=lambda _v: 0.5
    )
    assert typical == []
