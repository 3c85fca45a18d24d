"""The prose LLM path: schema, quote check, and `underwrite read --json --llm` (scripted fake LLM)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.schemas import Document, FactMethod, MediaType, Page
from underwrite.core.settings import reset_settings_cache
from underwrite.testing.openai_wire import Reply
from underwrite.testing.scripted_llm import ScriptedLLM
from underwrite.tools.intake.extraction.prose_llm import (
    LLM_FACT_CONFIDENCE,
    checked_value,
    facts_schema,
    kept_fields,
    llm_prose_facts,
)

LETTER = (
    "Dear Sir or Madam,\n\nMy employer is Lumen Optics GmbH. I would like a loan "
    "of eleven thousand euros for a used car, repaid over 3 years.\n\nYours sincerely,\nInes Carvalho\n"
)


def _doc(text: str = LETTER) -> Document:
    return Document(doc_id="c1", filename="letter.txt", media_type=MediaType.text, sha256="0" * 64,
                    size_bytes=len(text), pages=[Page(number=1, text=text)], kind="cover_letter")  # fmt: skip


def _reply(*facts: tuple[str, str, str]) -> Reply:
    return Reply.say(json.dumps({"facts": [{"name": n, "value": v, "quote": q} for n, v, q in facts]}))


def test_the_schema_only_allows_the_fields_asked_for() -> None:
    schema = facts_schema(["loan_amount", "employer_name"]).model_json_schema()
    item = schema["$defs"]["QuotedFact"]["properties"]["name"]
    assert set(item["enum"]) == {"loan_amount", "employer_name"}


def test_quoted_facts_are_kept_and_invented_ones_dropped() -> None:
    llm = ScriptedLLM([_reply(
        ("employer_name", "Lumen Optics GmbH", "My employer is Lumen Optics GmbH"),
        ("loan_amount", "11000", "a loan of eleven thousand euros"),  # number in words: supported
        ("loan_term_months", "36", "repaid over 3 years"),  # years → months: supported
        ("loan_purpose", "used car", "for a used car"),
        ("applicant_name", "Ines Carvalho", "Applicant: Ines Carvalho"),  # quote not in the letter
        ("monthly_net_income", "2500", "I would like a loan"),  # value not in the quote
    )])  # fmt: skip
    asked = ["employer_name", "loan_amount", "loan_term_months", "loan_purpose", "applicant_name",
             "monthly_net_income"]  # fmt: skip
    result = llm_prose_facts(llm, [_doc()], asked)
    got = {f.name: f for f in result.facts}
    assert {n: f.value for n, f in got.items()} == {
        "employer_name": "Lumen Optics GmbH",
        "loan_amount": 11000.0,
        "loan_term_months": 36,
        "loan_purpose": "car (used)",
    }
    assert result.dropped == 2 and result.error is None
    span = got["employer_name"].source
    assert span is not None and LETTER[span.start : span.end] == "My employer is Lumen Optics GmbH"
    assert all(f.method == FactMethod.llm and f.confidence == LLM_FACT_CONFIDENCE for f in result.facts)
    prompt = llm.requests[0]["messages"][-1]["content"]
    assert "<document" in prompt and "employer_name" in prompt


def test_value_checks() -> None:
    assert checked_value("loan_amount", "12.500", "einen Kredit über 12.500 €") == 12500
    assert checked_value("loan_amount", "15000", "einen Kredit über 12.500 €") is None
    assert checked_value("monthly_net_income", "2800", "33,600 euros net per year") == 2800
    assert checked_value("loan_purpose", "new car", "to renovate the kitchen") is None
    assert checked_value("employer_name", "Siemens", "I work at Bosch") is None


def test_value_checks_for_the_fields_the_graph_asks_for() -> None:
    # The intake node (agent/nodes/intake.py) checks its LLM facts with the same function.
    assert checked_value("employment_years", "6", "with my employer for 6 years") == 6
    assert checked_value("dependents", "2", "my rent is 600 EUR") is None
    assert checked_value("dependents", "2", "we have 2 children") == 2
    assert checked_value("residence_years", "4", "we have lived here for four years") == 4
    assert checked_value("monthly_housing_cost", "900", "my rent is 900 EUR a month") == 900
    assert checked_value("employment_status", "self-employed", "I have been self-employed since 2015")
    assert checked_value("employment_status", "employed", "I run a bakery") is None


def test_model_failure_is_reported_and_loses_nothing() -> None:
    llm = ScriptedLLM([Reply.say('{"facts": [{"name": "loan_amount", "val')])
    result = llm_prose_facts(llm, [_doc()], ["loan_amount"])
    assert result.facts == [] and result.error and "StructuredOutputError" in result.error


def test_no_call_without_prose_or_fields() -> None:
    llm = ScriptedLLM([])
    form = _doc().model_copy(update={"kind": "application_form"})
    assert llm_prose_facts(llm, [form], ["loan_amount"]).facts == []
    assert llm_prose_facts(llm, [_doc()], []).facts == []
    assert llm.requests == []


def test_kept_fields_by_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UW_LLM_URL", raising=False)
    monkeypatch.delenv("UW_PROSE_LLM_FIELDS", raising=False)
    reset_settings_cache()
    assert kept_fields() == ()  # the embedded model: measured to add nothing
    monkeypatch.setenv("UW_LLM_URL", "http://gpu:8000/v1")
    reset_settings_cache()
    assert "employer_name" in kept_fields()
    monkeypatch.setenv("UW_PROSE_LLM_FIELDS", "employer_name, bogus")
    reset_settings_cache()
    assert kept_fields() == ("employer_name",)
    reset_settings_cache()


def test_read_json_llm_adds_quote_checked_prose_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "letter.txt").write_text(LETTER, encoding="utf-8")
    monkeypatch.setenv("UW_PROSE_LLM_FIELDS", "employer_name,applicant_name")
    reset_settings_cache()
    llm = ScriptedLLM([_reply(("employer_name", "Lumen Optics GmbH", "employer is Lumen Optics GmbH"))])
    monkeypatch.setattr("underwrite.llm.LLMClient.from_settings", classmethod(lambda cls, *a, **k: llm))
    result = CliRunner().invoke(app, ["read", str(tmp_path / "letter.txt"), "--json", "--llm"])
    reset_settings_cache()
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["results"][0]
    facts = {f["name"]: f for f in data["facts"]}
    assert facts["loan_amount"]["value"] == 11000 and facts["loan_amount"]["method"] == "rule"
    assert facts["employer_name"]["method"] == "llm" and facts["employer_name"]["source"]["quote"]
    assert facts["applicant_name"]["method"] == "rule"  # the sign-off: read by the rules
    assert data["llm"]["facts_added"] == 1 and data["llm"]["facts_dropped"] == 0
    asked = llm.requests[0]["messages"][-1]["content"]
    assert "- employer_name (" in asked and "- applicant_name (" not in asked  # only what the rules lacked


@pytest.mark.integration
def test_real_embedded_model_only_ever_adds_quote_checked_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real model (slow): whatever it returns, every admitted fact quotes the letter and matches it."""
    from underwrite.llm import LLMClient, stop_embedded
    from underwrite.tools.intake.extraction.prose_llm import PROSE_LLM_FIELDS

    # conftest points UW_LLM_URL at a dead port: without this the model is never asked and the
    # loop below has nothing to check.
    monkeypatch.delenv("UW_LLM_URL", raising=False)
    monkeypatch.setenv("UW_LLM_PORT", "0")  # a free port: other people's servers may hold 8765
    reset_settings_cache()
    llm = LLMClient.from_settings()
    try:
        result = llm_prose_facts(llm, [_doc()], PROSE_LLM_FIELDS)
    finally:
        llm.close()
        stop_embedded()
    # The model answered (a reply that is not schema-valid is a possible outcome of a 135M model,
    # a refused connection is not).
    assert result.prompt_version and (result.error is None or "Connect" not in result.error), result.error
    for fact in result.facts:
        assert fact.source is not None and fact.source.quote.lower() in LETTER.lower()
        assert checked_value(fact.name, str(fact.value), fact.source.quote) is not None
