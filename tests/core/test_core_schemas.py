from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from underwrite.core.fields import FIELDS, PROTECTED_FIELDS, field
from underwrite.core.schemas import (
    Application,
    Decision,
    Document,
    Fact,
    FactMethod,
    FindingStatus,
    MediaType,
    Page,
    Reason,
    Recommendation,
    RuleFinding,
    Score,
    Severity,
    SourceSpan,
)


def _application() -> Application:
    doc = Document(
        doc_id="abc123",
        filename="form.pdf",
        media_type=MediaType.pdf,
        sha256="0" * 64,
        size_bytes=10,
        pages=[Page(number=1, text="Loan amount: EUR 1,234.50")],
    )
    span = SourceSpan(doc_id="abc123", page=1, start=13, end=25, quote="EUR 1,234.50")
    return Application(
        application_id="APP-1",
        documents=[doc],
        facts=[
            Fact(name="loan_amount", value=1234.5, unit="EUR", source=span, method=FactMethod.form),
            Fact(
                name="loan_amount",
                value=1200.0,
                unit="EUR",
                source=span,
                method=FactMethod.llm,
                confidence=0.4,
            ),
        ],
    )


def test_application_json_round_trip() -> None:
    app = _application()
    again = Application.model_validate_json(app.model_dump_json())
    assert again == app
    assert json.loads(app.model_dump_json())["facts"][0]["source"]["quote"] == "EUR 1,234.50"


def test_fact_precedence_prefers_form_over_llm() -> None:
    app = _application()
    assert app.value("loan_amount") == 1234.5
    assert app.value("monthly_net_income") is None


def test_other_schemas_round_trip() -> None:
    score = Score(
        pd=0.12,
        grade="C",
        model_version="m1",
        reasons=[
            Reason(
                code="R01", feature="checking_account_status", text="No checking account", contribution=0.3
            )
        ],
    )
    finding = RuleFinding(
        rule_id="AFF-1",
        section_id="CP-4.2",
        subject="dti",
        operator="<=",
        limit=0.4,
        value=0.45,
        severity=Severity.hard,
        status=FindingStatus.failed,
        message="DTI above",
    )
    decision = Decision(application_id="APP-1", decision=Recommendation.decline, reviewer="u1", reason="x")
    for model in (score, finding, decision):
        assert type(model).model_validate_json(model.model_dump_json()) == model


def test_unknown_fields_rejected_at_boundary() -> None:
    with pytest.raises(ValidationError):
        Fact.model_validate({"name": "x", "value": 1, "method": "form", "surprise": True})
    with pytest.raises(ValidationError):
        Score(pd=1.5, grade="A", model_version="m")


def test_field_registry_marks_prohibited_bases() -> None:
    assert {"age_years", "sex", "marital_status", "foreign_worker"} <= PROTECTED_FIELDS
    assert not FIELDS["loan_amount"].protected
    with pytest.raises(KeyError, match="unknown field"):
        field("shoe_size")


def test_as_number_reads_numbers_and_refuses_flags_and_words() -> None:
    from underwrite.core.schemas import as_number

    assert as_number(3000) == 3000.0 and as_number("2500.5") == 2500.5
    assert as_number(True) is None and as_number(None) is None and as_number("rented") is None
    assert as_number("2500", parse_text=False) is None
