"""The meaning checks reach both paths: ``verify_narrative`` names them as violations at the right
place, ``check_claims`` as claim problems that ``rules_of`` can count."""

from __future__ import annotations

from memo_fakes import clean_narrative, make_evidence

from underwrite.agent.memo import CitedText, ViolationKind, verify_narrative
from underwrite.agent.memo.claim_checks import check_claims, rules_of
from underwrite.agent.memo.claims import Claim
from underwrite.agent.memo.evidence import build_sources
from underwrite.core.schemas import Recommendation
from underwrite.evals.suites.memo_redteam import evidence as redteam_evidence


def _kinds_at(text: str, citations: list[str], where: str = "strength") -> dict[str, set[ViolationKind]]:
    n = clean_narrative(Recommendation.approve)
    st = CitedText(text=text, citations=citations)
    n = n.model_copy(update={"strengths": [st]} if where == "strength" else {"recommendation_rationale": st})
    out: dict[str, set[ViolationKind]] = {}
    for v in verify_narrative(n, make_evidence()):
        out.setdefault(v.location, set()).add(v.kind)
    return out


def test_the_clean_narrative_still_verifies() -> None:
    assert verify_narrative(clean_narrative(), make_evidence()) == []


def test_an_inverted_comparison_is_a_violation_of_its_statement() -> None:
    found = _kinds_at("DTI of 35.1% is above the 45% limit of CP-4.2.", ["ratio:dti", "policy:CP-4.2"])
    assert ViolationKind.inverted_comparison in found["strengths[0]"]


def test_a_misattributed_number_is_reported_once_not_also_as_unsupported() -> None:
    found = _kinds_at("Net monthly income of EUR 12,500.", ["fact:monthly_net_income"])
    assert found["strengths[0]"] == {ViolationKind.misattributed_number}


def test_an_unsupported_number_is_not_reported_twice() -> None:
    found = _kinds_at("Net monthly income of EUR 9,999.", ["fact:monthly_net_income"])
    assert found["strengths[0]"] == {ViolationKind.unsupported_number}


def test_speculation_in_a_strength_is_a_violation() -> None:
    found = _kinds_at("Income will probably rise with the used car.", ["fact:monthly_net_income"])
    assert ViolationKind.speculative_text in found["strengths[0]"]


def test_a_rationale_arguing_for_a_decline_under_an_approval_is_a_violation() -> None:
    found = _kinds_at("Decline: the used car loan is too large.", ["fact:loan_amount"], where="rationale")
    assert ViolationKind.recommendation_text_conflict in found["recommendation_rationale"]


def test_a_strength_on_a_failed_rule_is_a_violation() -> None:
    ev = make_evidence(hard_fail=True)
    n = clean_narrative(Recommendation.decline).model_copy(
        update={
            "strengths": [
                CitedText(text="The eligibility rule ELIG-02 looks fine.", citations=["rule:ELIG-02"])
            ]
        }
    )
    assert ViolationKind.strength_on_failure in {v.kind for v in verify_narrative(n, ev)}


def _claim_problems(claim: Claim, hard_fail: bool = False) -> list[str]:
    ev = make_evidence(hard_fail=hard_fail)
    [(_c, problems)] = check_claims([claim], ev, build_sources(ev))
    return problems


def test_a_rationale_claim_calling_a_passed_rule_breached_is_rejected() -> None:
    problems = _claim_problems(
        Claim(
            kind="rationale", evidence=["rule:AFF-01"], text="The debt limit is breached so we must decline"
        )
    )
    assert "contradicts_file" in rules_of(f"rationale 'x': {'; '.join(problems)}")
    assert "recommendation_conflict" in rules_of(f"rationale 'x': {'; '.join(problems)}")


def test_a_speculative_strength_claim_is_rejected() -> None:
    problems = _claim_problems(
        Claim(kind="strength", evidence=["ratio:dti"], text="Debt load will likely stay low within the limit")
    )
    assert rules_of(f"strength 'x': {'; '.join(problems)}") == ["speculative"]


def test_a_claim_naming_a_prohibited_basis_is_rejected() -> None:
    problems = _claim_problems(
        Claim(kind="risk", evidence=["score:R03"], text="A foreign worker with no balance")
    )
    assert "prohibited_basis" in rules_of(f"risk 'x': {'; '.join(problems)}")


def test_a_claim_in_everyday_words_is_grounded_by_the_quantitys_words() -> None:
    ev = redteam_evidence()  # residual income comfortably above its minimum
    plain = Claim(kind="strength", evidence=["ratio:residual_income"], text="Plenty is left over each month")
    [(_c, problems)] = check_claims([plain], ev, build_sources(ev))
    assert problems == []
    unrelated = plain.model_copy(update={"text": "Plenty of sunshine in the garden"})
    [(_c, problems)] = check_claims([unrelated], ev, build_sources(ev))
    assert rules_of(f"strength 'x': {'; '.join(problems)}") == ["lexical_grounding"]


def test_youth_as_a_reason_is_a_prohibited_basis() -> None:
    problems = _claim_problems(
        Claim(kind="risk", evidence=["score:R03"], text="The young applicant has no balance")
    )
    assert "prohibited_basis" in rules_of(f"risk 'x': {'; '.join(problems)}")
