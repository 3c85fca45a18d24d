from __future__ import annotations

import pytest
from memo_fakes import clean_narrative, make_evidence

from underwrite.agent.memo import (
    CitedText,
    ExceptionRecord,
    ViolationKind,
    assemble_memo,
    deterministic_narrative,
    verify_narrative,
)
from underwrite.agent.memo.numbers import is_supported, numbers_in_text
from underwrite.core.memo import NarrativeSource, VerificationStatus, Versions
from underwrite.core.schemas import Recommendation


def kinds(violations) -> list[ViolationKind]:
    return [v.kind for v in violations]


def test_clean_narrative_passes() -> None:
    assert verify_narrative(clean_narrative(), make_evidence()) == []


def test_invented_number_is_caught() -> None:
    n = clean_narrative()
    n.strengths.append(
        CitedText(text="Net income of EUR 3,100 per month.", citations=["fact:monthly_net_income"])
    )
    violations = verify_narrative(n, make_evidence())
    assert kinds(violations) == [ViolationKind.unsupported_number]
    assert "3,100" in violations[0].detail and violations[0].location == "strengths[1]"


def test_bad_citation_is_caught() -> None:
    n = clean_narrative()
    n.strengths[0].citations.append("policy:CP-9.9")
    violations = verify_narrative(n, make_evidence())
    assert kinds(violations) == [ViolationKind.unknown_citation]


def test_approve_over_hard_fail_is_caught() -> None:
    violations = verify_narrative(
        clean_narrative(Recommendation.approve_with_conditions), make_evidence(hard_fail=True)
    )
    assert ViolationKind.recommendation_over_hard_fail in kinds(violations)
    assert "ELIG-02" in violations[0].detail


def test_hard_fail_with_exception_record_may_be_approved() -> None:
    ev = make_evidence(hard_fail=True)
    ev.exceptions.append(
        ExceptionRecord(
            rule_id="ELIG-02", authority="senior_credit_officer", granted_by="u1", reason="collateral"
        )
    )
    assert ViolationKind.recommendation_over_hard_fail not in kinds(verify_narrative(clean_narrative(), ev))


def test_adverse_action_reasons_must_be_score_reasons_and_not_protected() -> None:
    n = clean_narrative(Recommendation.decline)
    n.adverse_action_codes = ["R03", "R42", "R99"]
    found = kinds(verify_narrative(n, make_evidence(pd=0.5)))
    assert ViolationKind.adverse_action_unknown_reason in found
    assert ViolationKind.adverse_action_prohibited_basis in found
    n.adverse_action_codes = []
    assert ViolationKind.adverse_action_missing in kinds(verify_narrative(n, make_evidence(pd=0.5)))


def test_prohibited_basis_in_text_is_caught() -> None:
    n = clean_narrative()
    n.risks_and_mitigants = []
    n.recommendation_rationale.text = "The applicant is married, which supports approval."
    assert ViolationKind.prohibited_basis_text in kinds(verify_narrative(n, make_evidence()))


def test_uncited_number_is_caught() -> None:
    n = clean_narrative()
    n.summary.citations = []
    assert kinds(verify_narrative(n, make_evidence())) == [ViolationKind.missing_citation]


@pytest.mark.parametrize(
    ("written", "value", "ok"),
    [
        ("1,234.50", 1234.5, True),
        ("1.234,50", 1234.5, True),
        ("EUR 1,234", 1234.5, True),
        ("12%", 0.12, True),
        ("0.12", 12.0, True),
        ("35.1%", 0.3512, True),
        ("36%", 0.3512, False),
        ("EUR 12 500", 12500, True),
        ("12.5k", 12500, True),
        ("1,300", 1234.5, False),
        ("40,000", 4000, False),
        ("0,351", 0.351, True),
        ("1.234", 1234, True),
        ("EUR 400", 4.0, False),
    ],
)
def test_tolerant_number_matching(written: str, value: float, ok: bool) -> None:
    mentions = numbers_in_text(f"about {written} here")
    assert len(mentions) == 1
    assert is_supported(mentions[0], [value]) is ok


def test_identifiers_are_not_numbers() -> None:
    n = clean_narrative()
    n.strengths[0].text = "Rule AFF-01 under CP-4.2 passes; reason R07 is minor; see case german-0420."
    assert verify_narrative(n, make_evidence()) == []


@pytest.mark.parametrize("hard_fail", [False, True])
@pytest.mark.parametrize("pd", [0.05, 0.25, 0.6])
def test_deterministic_narrative_always_verifies(hard_fail: bool, pd: float) -> None:
    ev = make_evidence(hard_fail=hard_fail, pd=pd)
    n = deterministic_narrative(ev)
    assert verify_narrative(n, ev) == []
    if hard_fail or pd >= 0.4:
        assert n.recommendation == Recommendation.decline
        assert n.adverse_action_codes and "R99" not in n.adverse_action_codes


def test_assembled_memo_tables_come_from_state() -> None:
    ev = make_evidence()
    memo = assemble_memo(
        ev,
        clean_narrative(),
        versions=Versions(score_model="m", policy="p", llm="l"),
        flags=[],
        verification=VerificationStatus(passed=True, narrative_source=NarrativeSource.llm, attempts=1),
    )
    assert {r.name: r.display for r in memo.ratios}["dti"] == "35.1%"
    assert "age_years" not in memo.facts_used
    assert [c.source_id for c in memo.citations][:2] == ["fact:loan_amount", "fact:loan_term_months"]
    assert len(memo.content_hash()) == 64


def test_constrained_schema_closes_citations_and_recommendation_and_leaves_codes_to_the_score() -> None:
    from pydantic import ValidationError

    from underwrite.agent.memo.constrained import constrained_narrative_schema, to_narrative
    from underwrite.agent.memo.fallback import adverse_action_codes

    ev = make_evidence(hard_fail=True)
    schema = constrained_narrative_schema(ev)
    assert "adverse_action_codes" not in schema.model_json_schema()["properties"]
    written = clean_narrative(Recommendation.decline)
    written.adverse_action_codes = ["R42"]  # whatever a model writes here is not used
    narrative = to_narrative(schema.model_validate(written.model_dump(mode="json")), ev)
    assert narrative.adverse_action_codes == adverse_action_codes(ev) != []
    assert "R99" not in narrative.adverse_action_codes  # the age-based reason is never stated
    assert narrative.model_copy(update={"adverse_action_codes": []}) == written.model_copy(
        update={"adverse_action_codes": []}
    )
    refer = to_narrative(schema.model_validate(clean_narrative(Recommendation.refer).model_dump()), ev)
    assert refer.adverse_action_codes == []
    with pytest.raises(ValidationError):  # approval over a hard fail is not even expressible
        schema.model_validate(clean_narrative(Recommendation.approve).model_dump(mode="json"))
    bad_cite = clean_narrative(Recommendation.decline).model_dump(mode="json")
    bad_cite["summary"]["citations"] = ["https://example.com/x"]
    with pytest.raises(ValidationError):
        schema.model_validate(bad_cite)


def test_identifiers_are_not_prohibited_basis_mentions() -> None:
    ev = make_evidence().model_copy(update={"application_id": "APP-GER-000337-sex"})
    n = clean_narrative()
    n.summary.text = "Application APP-GER-000337-sex requests EUR 12,500 over 36 months."
    assert ViolationKind.prohibited_basis_text not in kinds(verify_narrative(n, ev))
    n.summary.text += " The applicant's sex is noted."
    assert ViolationKind.prohibited_basis_text in kinds(verify_narrative(n, ev))


INTEGRITY = [
    "prompt_injection_suspected",
    "document_hidden_text",
    "income_inconsistent",
    "statistical_outlier",
]


@pytest.mark.parametrize("flag", INTEGRITY)
def test_integrity_flags_refer_and_allow_only_refer(flag: str) -> None:
    from underwrite.agent.memo import allowed_recommendations, policy_recommendation

    ev = make_evidence()
    assert policy_recommendation(ev) == Recommendation.approve
    flagged = ev.model_copy(update={"flag_codes": [flag]})
    assert policy_recommendation(flagged) == Recommendation.refer  # CP-9.4 step 0
    assert allowed_recommendations(flagged) == {Recommendation.refer}
    narrative = deterministic_narrative(flagged)
    assert narrative.recommendation == Recommendation.refer
    assert flag in narrative.recommendation_rationale.text
    assert verify_narrative(narrative, flagged) == []


def test_policy_grades_drive_the_baseline() -> None:
    from underwrite.agent.memo import policy_recommendation

    # CP-9.2/9.3: D (10-20%) → conditions, E (20-35%) → refer, F (≥35%) → decline.
    assert policy_recommendation(make_evidence(pd=0.15)) == Recommendation.approve_with_conditions
    assert policy_recommendation(make_evidence(pd=0.25)) == Recommendation.refer
    assert policy_recommendation(make_evidence(pd=0.35)) == Recommendation.decline
    assert policy_recommendation(make_evidence(pd=0.34)) == Recommendation.refer


def test_numbers_glued_by_hyphens_are_claims_unless_they_are_known_ids() -> None:
    # Seen from the real 135M model: the agent's verifier used to read past "-36794.5".
    n = clean_narrative()
    n.summary.text = "Requested amount is confirmed by LANDMARK-2018-36794.5 records."
    details = [v.detail for v in verify_narrative(n, make_evidence())]
    assert any("'2018'" in d for d in details) and any("'36794.5'" in d for d in details)
    n.summary.text = "Debt-to-income is inside the limit of CP-4.2 for a 12-month term."
    found = verify_narrative(n, make_evidence())
    assert not [v for v in found if v.kind is ViolationKind.unsupported_number and "4.2" in v.detail]


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        ("SEM-LIMPIA-MISER: SUMMARY OF THE DETAILS", False),
        ("delecionar", False),
        ("none identified", True),
        ("Debt-to-income of 35.1% is inside the CP-4.2 limit.", True),
        ("DTI within the EU limit for this loan.", True),
    ],
)
def test_text_must_read_as_prose(text: str, readable: bool) -> None:
    n = clean_narrative()
    n.recommendation_rationale.text = text
    found = kinds(verify_narrative(n, make_evidence()))
    assert (ViolationKind.unreadable_text not in found) is readable
