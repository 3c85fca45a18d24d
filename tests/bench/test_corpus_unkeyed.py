"""The corpus bench lists facts read for fields a document's key does not name, unscored."""

from __future__ import annotations

import json
from pathlib import Path

from underwrite.bench.corpus_accuracy import evaluate_corpus

LETTER = (
    "Dear Sir or Madam,\n\nI would like to borrow 5,000 euros over 24 months for a new kitchen.\n"
    "My rent is 700 euros a month.\n\nYours sincerely,\nAnna Weber\n"
)


def _corpus(tmp_path: Path, fields: dict[str, object]) -> Path:
    packet = tmp_path / "corpus" / "p01"
    packet.mkdir(parents=True)
    (packet / "letter.txt").write_text(LETTER, encoding="utf-8")
    key = {
        "packet_id": "p01",
        "language": "en",
        "documents": {
            "letter.txt": {
                "layout": "txt_letter",
                "format": "txt",
                "doc_type": "cover_letter",
                "fields": fields,
            }
        },
    }
    (packet / "answer_key.json").write_text(json.dumps(key), encoding="utf-8")
    return tmp_path / "corpus"


def test_a_fact_for_a_field_the_key_leaves_out_is_listed_with_its_quote(tmp_path: Path) -> None:
    report = evaluate_corpus(_corpus(tmp_path, {"loan_amount": 5000}))
    assert report.fields["loan_amount"].correct == 1
    housing = [u for u in report.unkeyed if u.field == "monthly_housing_cost"]
    assert [(u.extracted, u.quote) for u in housing] == [(700.0, "700")]
    assert report.summary()["unkeyed_facts"] == len(report.unkeyed)


def test_keyed_fields_are_not_listed_as_unkeyed(tmp_path: Path) -> None:
    report = evaluate_corpus(_corpus(tmp_path, {"loan_amount": 5000, "monthly_housing_cost": 700}))
    assert {u.field for u in report.unkeyed}.isdisjoint({"loan_amount", "monthly_housing_cost"})
