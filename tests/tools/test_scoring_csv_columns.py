"""What `train --csv` makes of each column of a file written elsewhere: one small test per edge case."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.csv_columns import (
    column_decimal_mark,
    file_decimal_mark,
    infer_kind,
    is_date_column,
    is_identifier,
)
from underwrite.tools.scoring.data import is_protected, load_csv
from underwrite.tools.scoring.features import parse_numbers
from underwrite.tools.scoring.training_errors import NonBinaryTargetError, UnreadableCSVError


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1.234,56", ",", 1234.56),
        ("3.105,82 €", ",", 3105.82),
        ("1 234,5", ",", 1234.5),
        ("1\u00a0234,5", ",", 1234.5),
        ("5,96 %", ",", 5.96),
        ("EUR 34,053", ".", 34053.0),
        ("CHF 1'200.50", ".", 1200.5),
        ("12,5", ".", np.nan),  # a decimal comma is not a thousands comma: unreadable, not 125
        ("kr 12.500,00", ",", 12500.0),
    ],
)
def test_amounts_are_read_in_the_files_convention(text: str, decimal: str, expected: float) -> None:
    (value,) = parse_numbers(pd.Series([text]), decimal=decimal).tolist()
    assert value == pytest.approx(expected, nan_ok=True)


def test_the_file_decides_the_mark_from_values_only_one_mark_can_read() -> None:
    continental = pd.DataFrame({"a": ["1.234,56", "12,5", "7"], "b": ["1.000", "2.000", "3.000"]})
    english = pd.DataFrame({"a": ["1,234.56", "12.5", "7"], "b": ["1,000", "2,000", "3,000"]})
    assert file_decimal_mark(continental) == ","
    assert file_decimal_mark(english) == "."
    assert file_decimal_mark(pd.DataFrame({"a": ["1,000", "2,000"]})) == "."  # nothing tells: "."


def test_a_column_with_its_own_evidence_keeps_its_mark() -> None:
    assert column_decimal_mark(pd.Series(["0.5", "12.25"]), ",") == "."
    assert column_decimal_mark(pd.Series(["0,5", "12,25"]), ".") == ","
    assert column_decimal_mark(pd.Series(["3", "4"]), ",") == ","


def test_dates_in_either_order_are_dates_and_amounts_are_not() -> None:
    assert is_date_column(pd.Series(["01.01.2024", "03.01.2024", "31.12.2023"]))
    assert is_date_column(pd.Series(["2024-01-01", "2024-02-01 10:00"]))
    assert not is_date_column(pd.Series(["1.234,56", "12,5"]))


def test_identifiers_need_one_whole_number_per_row_and_a_key_name_or_even_steps() -> None:
    steps = pd.Series(np.arange(2024001, 2024001 + 7 * 40, 7), dtype=float)
    assert is_identifier("Antragsnr", steps)
    assert is_identifier("whatever", steps)  # constant steps: a counter, whatever it is called
    rng = np.random.default_rng(0)
    amounts = pd.Series(rng.choice(np.arange(1000, 90000), 40, replace=False), dtype=float)
    assert not is_identifier("loan_amount", amounts)  # distinct whole amounts are still amounts
    assert is_identifier("customer_no", amounts)
    assert not is_identifier("customer_no", steps.iloc[:10])  # too few rows to tell


def test_european_amounts_are_numbers_not_identifier_like() -> None:
    values = pd.Series([f"{1000 + i * 13.37:,.2f}".replace(",", " ").replace(".", ",") for i in range(80)])
    kind, numbers = infer_kind(values, "Nettoeinkommen", ",")
    assert kind == "numeric" and numbers is not None
    assert numbers.iloc[1] == pytest.approx(1013.37)


@pytest.mark.parametrize(
    "name", ["Geschlecht", "Alter", "Familienstand", "Staatsangehörigkeit", "sexe", "edad"]
)
def test_protected_attributes_are_caught_in_the_languages_intake_reads(name: str) -> None:
    assert is_protected(name)


@pytest.mark.parametrize("name", ["Nettoeinkommen", "Laufzeit_Monate", "usage", "Wohnsituation", "konto"])
def test_ordinary_columns_are_not_protected(name: str) -> None:
    assert not is_protected(name)


def _write(tmp_path: Path, text: str, encoding: str) -> Path:
    path = tmp_path / "file.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _rows(labels: tuple[str, str]) -> str:
    rng = np.random.default_rng(1)
    lines = ["Einkommen;Wohnsituation;Ausgefallen"]
    for i in range(120):
        bad = i % 3 == 0
        income = rng.normal(2000 if bad else 3200, 600)
        housing = "Miete" if bad ^ (i % 5 == 0) else "Eigentümer"
        lines.append(f"{income:.2f};{housing};{labels[0] if bad else labels[1]}")
    return "\r\n".join(line.replace(".", ",") for line in lines) + "\r\n"


@pytest.mark.parametrize(("encoding", "named"), [("cp1252", "cp1252"), ("utf-8", None), ("utf-16", "utf-16")])
def test_windows_and_unicode_exports_are_read_and_named(
    tmp_path: Path, encoding: str, named: str | None
) -> None:
    training = load_csv(_write(tmp_path, _rows(("ja", "nein")), encoding), "Ausgefallen", load_config())
    assert training.frame["Wohnsituation"].isin(["Miete", "Eigentümer"]).all()  # ä survived
    assert training.schema.numeric == ["Einkommen"] and training.schema.decimal_mark == ","
    assert (f"encoding {named}" in training.source) == (named is not None)
    assert training.y.sum() == 40


@pytest.mark.parametrize("labels", [("ja", "nein"), ("oui", "non"), ("sí", "no"), ("ano", "ne")])
def test_yes_no_in_other_languages_is_a_binary_target(tmp_path: Path, labels: tuple[str, str]) -> None:
    training = load_csv(_write(tmp_path, _rows(labels), "utf-8"), "Ausgefallen", load_config())
    assert training.y.sum() == 40


def test_two_yes_words_are_still_refused(tmp_path: Path) -> None:
    text = _rows(("ja", "oui"))
    with pytest.raises(NonBinaryTargetError, match="cannot tell bad from good"):
        load_csv(_write(tmp_path, text, "utf-8"), "Ausgefallen", load_config())


def test_binary_content_is_refused_even_though_latin1_reads_any_byte(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4)  # an .xlsx renamed .csv
    with pytest.raises(UnreadableCSVError, match="binary content"):
        load_csv(path, "y", load_config())


def test_a_column_read_with_its_own_mark_is_scored_with_it_too(tmp_path: Path) -> None:
    from underwrite.tools.scoring.features import build_matrix, rows_frame

    # A decimal-comma file whose rate column was typed with points by another system ("4.07"):
    # scored with the file's mark, "5.125" would read as 5125.
    lines = ["betrag;einkommen;zins;aus"]
    for i in range(90):
        lines.append(f"{1000 + 37 * i},50;{2000 + 11 * i},25;{3 + i % 4}.{(7 * i) % 100:02d};{i % 3 == 0}")
    path = tmp_path / "gemischt.csv"
    path.write_text("\n".join(lines).replace("True", "ja").replace("False", "nein") + "\n", encoding="utf-8")
    schema = load_csv(path, "aus", load_config()).schema
    assert schema.decimal_mark == "," and schema.column_marks == {"zins": "."}
    matrix = build_matrix(rows_frame([{"betrag": "1.250,50", "zins": "5.125"}], schema), schema)
    assert matrix.loc[0, "betrag"] == 1250.5 and matrix.loc[0, "zins"] == 5.125
