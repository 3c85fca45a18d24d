"""What the panels show, without a browser: facts order and prohibited-basis split, a passing rule
read as met, ratios against limits, the upload's id from its application reference, per-claim
origin in the memo view, the what-if table in pp."""

from __future__ import annotations

from pathlib import Path

from application_fakes import make_application
from ui_fakes import FakeBackend

from underwrite.agent.workflow import ratio_checks
from underwrite.core.schemas import Fact, FactMethod, FindingStatus, RuleFinding, Severity
from underwrite.ui.facts import decision_facts, protected_facts
from underwrite.ui.models import PolicyFinding
from underwrite.ui.panels.evidence import findings_frame
from underwrite.ui.panels.limits import ratios_html, what_if_html
from underwrite.ui.storage import store_upload


def test_prohibited_basis_facts_leave_the_decision_view() -> None:
    app = make_application("A-1", "Ann", 5000, 12, 2000)
    app = app.model_copy(
        update={"facts": [Fact(name="nationality", value="Italian", method=FactMethod.form), *app.facts]}
    )
    names = [f.name for _, f in decision_facts(app)]
    assert "nationality" not in names
    assert names[:2] == ["loan_amount", "loan_term_months"]  # the request first, not the name
    (shown,) = protected_facts(app)
    assert shown.label == "Nationality" and shown.value == "Italian"


def _finding(status: FindingStatus) -> RuleFinding:
    return RuleFinding(
        rule_id="AFF-DTI-HARD", section_id="CP-4.2", subject="dti", operator="<=", limit=0.5, value=0.31,
        severity=Severity.hard, status=status, message="Total DTI must not exceed 50%",
    )  # fmt: skip


def test_a_passing_rule_reads_as_met_and_the_test_is_in_percent() -> None:
    frame = findings_frame([PolicyFinding(finding=_finding(FindingStatus.passed))])
    row = frame.iloc[0]
    assert row["requirement"] == "Requirement met"  # not the failure text
    assert row["test"] == "Debt-to-income: 31.0% <= 50.0%" and row["outcome"] == "✔ met"
    count = _finding(FindingStatus.passed).model_copy(
        update={"subject": "delinquencies_2y", "value": 2.0, "limit": 2.0}
    )
    assert findings_frame([PolicyFinding(finding=count)]).iloc[0]["test"] == "Delinquencies (2y): 2 <= 2"
    failed = findings_frame([PolicyFinding(finding=_finding(FindingStatus.failed))]).iloc[0]
    assert failed["requirement"].startswith("Not met: ")


def test_ratios_show_their_limits_and_a_coloured_outcome() -> None:
    failed = _finding(FindingStatus.failed).model_copy(update={"value": 0.62})
    html = ratios_html(ratio_checks({"dti": 0.62}, [failed]))
    assert "62.0%" in html and "&lt;= 50.0%" in html and "uw-hard_breach" in html


def test_what_if_table_says_pp_and_the_recommendation() -> None:
    result = FakeBackend().what_if("APP-0001", {"monthly_net_income": 900.0})
    html = what_if_html(result)
    assert f"({result.delta_pd_pp:+.2f} pp)" in html
    assert f"<b id='whatif-recommendation'>{result.changed.recommendation.value}</b>" in html
    assert "Debt-to-income (DTI)" in html and "AFF-DTI-HARD" in html


def test_an_upload_takes_its_application_reference(tmp_path: Path, isolated_home: Path) -> None:
    form = tmp_path / "application_form.txt"
    form.write_text("LOAN APPLICATION FORM\nReference: APP-XYZ-000123\nApplicant: Test Person\n")
    first, _ = store_upload([form])
    second, folder = store_upload([form])
    assert (first, second) == ("APP-XYZ-000123", "APP-XYZ-000123-2")
    assert (folder / "application_form.txt").is_file()
    bare = tmp_path / "note.txt"
    bare.write_text("no reference here\n")
    assert store_upload([bare])[0].startswith("UPL-")


def test_facts_show_their_unit_and_what_a_converted_amount_stated() -> None:
    from underwrite.core.schemas import Conversion
    from underwrite.ui.panels.application import facts_frame

    app = make_application("A-1", "Ann", 5000, 12, 2000)
    stated = Conversion(
        amount=12000.0, currency="CNY", per_eur=7.4326, table_date="2026-10-30", table_source="ECB"
    )
    facts = []
    for fact in app.facts:
        if fact.name == "monthly_net_income":
            fact = fact.model_copy(update={"value": 1614.51, "unit": "EUR/month", "conversion": stated})
        elif fact.name == "loan_term_months":
            fact = fact.model_copy(update={"unit": "months"})
        elif fact.name == "loan_amount":
            fact = fact.model_copy(update={"unit": "EUR"})
        facts.append(fact)
    frame = facts_frame(app.model_copy(update={"facts": facts}))
    value = dict(zip(frame["fact"], frame["value"], strict=True))
    assert value["Loan amount"] == "EUR 5,000"
    assert value["Term"] == "12 months"
    assert value["Net monthly income"] == (
        "EUR 1,614.51/month, converted from CNY 12,000.00/month at 0.134542 EUR/CNY "
        "(rate table of 2026-10-30)"
    )
    assert value["Applicant name"] == "Ann"


def test_the_header_says_the_currency_and_the_product_in_words() -> None:
    from underwrite.ui.models import ApplicationView
    from underwrite.ui.panels.application import header_markdown

    app = make_application("A-1", "Ann", 5000, 12, 2000)
    app = app.model_copy(
        update={"request": app.request.model_copy(update={"amount": 5000.0, "term_months": 12})}
    )
    text = header_markdown(ApplicationView(application=app, status="queued"))
    assert "consumer instalment · EUR 5,000 over 12 months" in text  # was "consumer_instalment · 5,000"


def test_who_wrote_each_statement_names_places_as_a_reader_does() -> None:
    from underwrite.ui.panels.memo import location_words

    assert location_words("summary") == "Summary"
    assert location_words("recommendation_rationale") == "Recommendation rationale"
    assert location_words("strengths[0]") == "Strength 1"
    assert location_words("risks_and_mitigants[1].risk") == "Risk 2"
    assert location_words("risks_and_mitigants[1].mitigant") == "Risk 2, mitigant"
    assert location_words("conditions[2]") == "Condition 3"
