"""The graph's first step shows a document's currency notes as flags in words, not bare codes."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from underwrite.agent.nodes.intake import read_documents
from underwrite.tools.intake.packet import load_application

LETTER = (
    "Dear Sir or Madam,\n\nI am writing to apply for a loan of £4,800 for a retraining course.\n"
    "My net monthly income is 2,390 EUR.\n\nYours faithfully,\nOliver Brandt\n"
)


def test_converted_and_mixed_amounts_are_flagged_in_words(tmp_path: Path) -> None:
    folder = tmp_path / "gbp-letter"
    folder.mkdir()
    (folder / "letter.txt").write_text(LETTER, encoding="utf-8")
    runtime = cast(Any, SimpleNamespace(context=SimpleNamespace(load_application=load_application)))
    out = read_documents({"packet_dir": str(folder)}, runtime)  # type: ignore[typeddict-item]
    flags = {f.code: f for f in out["flags"]}
    converted = flags["document_currency_converted"]
    assert converted.severity == "info" and converted.message.startswith(
        "letter.txt: Loan amount: GBP 4,800.00"
    )
    assert "EUR/GBP (rate table of 2026-10-30)" in converted.message
    mixed = flags["document_mixed_currencies"]
    assert mixed.severity == "warning" and "GBP and EUR" in mixed.message
    assert out["application"].value("monthly_net_income") == 2390.0


def test_the_models_converted_facts_are_judged_against_the_stated_application_date(tmp_path: Path) -> None:
    from agent_fakes import ScriptedLLM

    from underwrite.agent.nodes.intake import ExtractedFact, ExtractedFacts, extract_prose_facts
    from underwrite.core.schemas import Fact, FactMethod

    folder = tmp_path / "usd-letter"
    folder.mkdir()
    # Only the model reads the rent here: the rules have no cue for "what we hand the landlord".
    (folder / "letter.txt").write_text(
        "Dear Sir or Madam,\n\nWhat we hand the landlord is $1,450 each month for our rent.\n\n"
        "Yours faithfully,\nDana Whitlock\n",
        encoding="utf-8",
    )
    app, _ = load_application(folder)
    app.facts = [f for f in app.facts if f.name != "monthly_housing_cost"] + [
        Fact(name="application_date", value="2027-03-01", method=FactMethod.rule, confidence=0.9)
    ]
    quote = "What we hand the landlord is $1,450 each month for our rent"
    llm = ScriptedLLM(
        {
            "ExtractedFacts": [
                ExtractedFacts(facts=[ExtractedFact(name="monthly_housing_cost", value="1450", quote=quote)])
            ]
        }
    )
    runtime = cast(Any, SimpleNamespace(context=SimpleNamespace(llm=llm)))
    out = extract_prose_facts({"application": app}, runtime)  # type: ignore[typeddict-item]
    codes = {f.code for f in out.get("flags", [])}
    assert "document_currency_converted" in codes
    # 2026-10-30 rates against a 2027-03-01 application: 122 days, over the limit, said on this path too.
    assert "document_currency_rates_stale" in codes
