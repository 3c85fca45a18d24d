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
