"""Claims path: schema, rendering, each meaning check (one small test per check), selection, graph."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from agent_fakes import ScriptedLLM, make_deps, packet_folder
from memo_fakes import make_evidence
from pydantic import ValidationError

from underwrite.agent.memo import NarrativeSource
from underwrite.agent.memo.claim_checks import check_claims
from underwrite.agent.memo.claim_render import render_claim
from underwrite.agent.memo.claim_select import select_claims
from underwrite.agent.memo.claims import Claim, ClaimKind, ClaimSet, claims_schema
from underwrite.agent.memo.evidence import build_sources
from underwrite.agent.workflow import draft_memo

GUIDELINES = "This memo contains a list of guidelines that are to be followed by the user"
CELMS = "It ensures compliance with the German Credit and Loan Management System (CeLMS) policy"


def _problems(*claims: Claim, hard_fail: bool = False) -> list[list[str]]:
    ev = make_evidence(hard_fail=hard_fail)
    return [p for _c, p in check_claims(list(claims), ev, build_sources(ev))]


def test_schema_closes_evidence_to_this_applications_ids_and_text_to_words() -> None:
    schema = claims_schema(make_evidence()).model_json_schema()
    claim = schema["$defs"]["Claim"]["properties"]
    ids = claim["evidence"]["items"]["enum"]
    assert "ratio:dti" in ids and "score:R03" in ids
    assert not any(i.startswith(("policy:", "case:")) for i in ids)
    assert "score:R99" not in ids  # a reason on a prohibited basis (age) is not evidence to cite
    assert "pattern" in claim["text"]


@pytest.mark.parametrize(
    "text", ["DTI is within the limit of CP-4.2", "Income of EUR 2450 is good", "ratio:dti ok"]
)
def test_text_with_digits_or_ids_is_refused_by_the_schema(text: str) -> None:
    with pytest.raises(ValidationError):
        Claim(kind="strength", evidence=["ratio:dti"], text=text)


def test_code_renders_numbers_and_citations_from_the_evidence() -> None:
    ev = make_evidence()
    text, cites = render_claim(
        Claim(kind="strength", evidence=["ratio:dti"], text="Debt load leaves room"), ev, build_sources(ev)
    )
    assert "35.1% against the 45% maximum" in text and "AFF-01, CP-4.2" in text
    assert cites == ["ratio:dti", "rule:AFF-01", "policy:CP-4.2"]


def test_a_good_strength_and_risk_pass() -> None:
    assert _problems(
        Claim(kind="strength", evidence=["ratio:dti"], text="Debt load leaves room within the limit"),
        Claim(kind="risk", evidence=["score:R03"], text="No balance on the checking account"),
    ) == [[], []]


def test_a_precedent_or_policy_section_alone_cannot_carry_a_claim() -> None:
    [problems] = _problems(
        Claim(kind="strength", evidence=["case:german-0420"], text="A similar used car loan was repaid")
    )
    assert any("precedent or policy" in p for p in problems)


def test_a_strength_must_cite_a_favourable_value() -> None:
    [problems] = _problems(
        Claim(kind="strength", evidence=["score:R03"], text="The checking account is fine")
    )
    assert any("favourable" in p for p in problems)


def test_a_risk_must_cite_risk_evidence() -> None:
    [problems] = _problems(Claim(kind="risk", evidence=["ratio:dti"], text="Debt to income is a worry"))
    assert any("a risk must cite" in p for p in problems)


def test_a_failed_rule_is_a_risk_not_a_strength() -> None:
    [problems] = _problems(
        Claim(kind="strength", evidence=["rule:ELIG-02"], text="The eligibility rule looks fine"),
        hard_fail=True,
    )
    assert any("favourable" in p for p in problems)


def test_an_invented_organisation_cannot_be_written_under_the_schema() -> None:
    with pytest.raises(ValidationError):
        Claim(kind="rationale", evidence=["score:pd"], text=CELMS)


def test_an_invented_organisation_is_rejected() -> None:
    # a served model without guided decoding, or a reply that bypassed the schema: checked anyway
    claim = Claim.model_construct(kind=ClaimKind.rationale, evidence=["score:pd"], text=CELMS)
    [problems] = _problems(claim)
    assert any("German Credit and Loan Management System" in p and "CeLMS" in p for p in problems)


def test_text_about_the_memo_or_its_reader_is_rejected() -> None:
    [problems] = _problems(Claim(kind="rationale", evidence=["score:pd"], text=GUIDELINES))
    assert any("memo or its reader" in p for p in problems)


def test_a_claim_sharing_no_term_with_its_evidence_is_rejected() -> None:
    [problems] = _problems(Claim(kind="risk", evidence=["score:R07"], text="Weather was rainy all along"))
    assert any("shares no term" in p for p in problems)


def test_a_repeated_claim_is_rejected() -> None:
    first = Claim(kind="risk", evidence=["score:R03"], text="No balance on the checking account")
    again = Claim(
        kind="risk", evidence=["score:R03", "score:R07"], text="No balance on the checking account at all"
    )
    assert _problems(first, again)[1] == ["repeats an earlier claim"]


def test_selection_keeps_passing_claims_and_fills_the_rest_with_origins() -> None:
    ev = make_evidence()
    sel = select_claims(
        ev,
        [
            Claim(kind="risk", evidence=["score:R03"], text="No balance on the checking account"),
            Claim(kind="rationale", evidence=["score:pd"], text=GUIDELINES),
        ],
    )
    assert (sel.proposed, sel.kept) == (2, 1) and len(sel.rejections) == 1
    n = sel.narrative
    assert n.risks_and_mitigants[0].risk.startswith("No balance on the checking account: score reason R03")
    assert n.origins["risks_and_mitigants[0].risk"] == "llm"
    assert n.origins["recommendation_rationale"] == "deterministic"
    assert "guidelines" not in json.dumps(n.model_dump())
    assert "Recommendation: approve" in n.summary.text


def _claims_deps(llm: ScriptedLLM, mode: str = "claims"):  # type: ignore[no-untyped-def]
    return dataclasses.replace(make_deps(llm), memo_narrative=mode)


def test_graph_claims_path_marks_the_memo_mixed(tmp_path: Path) -> None:
    packet = packet_folder(tmp_path)
    reply = ClaimSet(
        claims=[Claim(kind="risk", evidence=["score:R03"], text="No balance on the checking account")]
    )
    llm = ScriptedLLM({"MemoClaims": [reply]})
    result = draft_memo(packet, _claims_deps(llm))
    v = result.memo.verification
    assert v.narrative_source == NarrativeSource.mixed and (v.claims_proposed, v.claims_kept) == (1, 1)
    assert "llm" in result.memo.narrative.origins.values()
    assert "memo_claims" in result.memo.versions.prompts


def test_graph_claims_all_rejected_falls_back_with_flag(tmp_path: Path) -> None:
    packet = packet_folder(tmp_path)
    reply = ClaimSet(claims=[Claim(kind="rationale", evidence=["score:pd"], text=GUIDELINES)])
    result = draft_memo(packet, _claims_deps(ScriptedLLM({"MemoClaims": [reply]})))
    assert result.memo.verification.narrative_source == NarrativeSource.fallback
    assert "narrative_fallback" in {f.code for f in result.memo.flags}
    assert set(result.memo.narrative.origins.values()) == {"deterministic"}


def test_graph_deterministic_mode_calls_no_model_for_the_narrative(tmp_path: Path) -> None:
    packet = packet_folder(tmp_path)
    llm = ScriptedLLM({})
    result = draft_memo(packet, _claims_deps(llm, "deterministic"))
    assert result.memo.verification.narrative_source == NarrativeSource.deterministic
    assert not any(name in ("MemoClaims", "MemoNarrative") for name, _ in llm.calls)


def test_markdown_export_names_each_statements_source(tmp_path: Path) -> None:
    from underwrite.tools.exports import memo_to_markdown

    packet = packet_folder(tmp_path)
    reply = ClaimSet(
        claims=[Claim(kind="risk", evidence=["score:R03"], text="No balance on the checking account")]
    )
    memo = draft_memo(packet, _claims_deps(ScriptedLLM({"MemoClaims": [reply]}))).memo
    md = memo_to_markdown(memo)
    assert "No balance on the checking account: score reason R03" in md
    line = next(x for x in md.splitlines() if "No balance on the checking account" in x)
    assert "(source: llm)" in line and "Mitigant:" in line
    assert "(source: deterministic)" in md and "model claims kept 1 of 1" in md
    assert memo.model_dump(mode="json")["narrative"]["origins"]["summary"] == "deterministic"


@pytest.mark.parametrize(
    ("configured", "url", "mode"),
    [
        ("auto", "", "deterministic"),
        ("auto", "http://gpu:8000/v1", "claims"),
        ("claims", "", "claims"),
        ("narrative", "http://gpu:8000/v1", "narrative"),
    ],
)
def test_narrative_mode_by_backend(configured: str, url: str, mode: str) -> None:
    from underwrite.agent.deps import narrative_mode

    assert narrative_mode(configured, url) == mode


def test_rule_id_lookalike_text_is_refused_by_the_schema() -> None:
    with pytest.raises(ValidationError):
        Claim(kind="strength", evidence=["ratio:dti"], text="AFF-DTI-SOFT")


def test_text_in_capitals_does_not_read_as_prose() -> None:
    claim = Claim.model_construct(
        kind=ClaimKind.risk, evidence=["score:R03"], text="NO CHECKING ACCOUNT BALANCE"
    )
    [problems] = _problems(claim)
    assert any("prose" in p for p in problems)


def test_a_kept_condition_on_an_approval_without_conditions_finds_no_slot() -> None:
    ev = make_evidence()  # approve: no conditions section
    sel = select_claims(
        ev,
        [Claim(kind="condition", evidence=["fact:monthly_net_income"], text="Verify the net monthly income")],
    )
    assert sel.kept == 1 and sel.used == 0
