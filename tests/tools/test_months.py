"""Month names in many languages: one table, one lookup, and no abbreviation that is a common word."""

from __future__ import annotations

import pytest

from underwrite.tools.intake.extraction import months
from underwrite.tools.intake.extraction.normalize import parse_date
from underwrite.tools.intake.extraction.parse import find_month_year
from underwrite.tools.intake.extraction.parse import parse_date as parse_date_simple


def test_no_spelling_names_two_months() -> None:
    seen: dict[str, int] = {}
    for language, row in months._BY_LANGUAGE.items():
        assert len([e for e in row if ":" not in e]) == 12, language
        for place, entry in enumerate(row, 1):
            name, _, number = entry.partition(":")
            value = int(number) if number else place
            assert seen.setdefault(name, value) == value, (language, name)


@pytest.mark.parametrize(
    ("word", "number"),
    [("Mar", 3), ("Sept.", 9), ("okt", 10), ("června", 6), ("července", 7), ("março", 3), ("maj", 5),
     ("października", 10), ("décembre", 12), ("augusti", 8)],
)  # fmt: skip
def test_names_and_abbreviations(word: str, number: int) -> None:
    assert months.month_number(word) == number


@pytest.mark.parametrize("word", ["pro", "ago", "out", "list", "set", "gen", "des", "sie"])
def test_common_words_are_no_month(word: str) -> None:
    # Each is the start of a month's name in some language (prosinec, agosto, outubro, listopad, ...).
    assert months.month_number(word) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [("Nasci a 3 de novembro de 1986", "1986-11-03"), ("V Brně dne 9. 6. 2025", "2025-06-09"),
     ("9. června 2025", "2025-06-09"), ("le 3 février 2024", "2024-02-03"),
     ("den 9 juni 2025", "2025-06-09"), ("el 14 de marzo de 2025", "2025-03-14"),
     ("3 marca 2025", "2025-03-03"), ("14. März 2025", "2025-03-14")],
)  # fmt: skip
def test_dates_in_words_and_spaced_numbers(text: str, iso: str) -> None:
    assert str(parse_date(text)) == iso and str(parse_date_simple(text)) == iso


def test_a_month_year_after_a_bare_year_word() -> None:
    assert find_month_year("seit März 2019") == (2019, 3)
    assert find_month_year("seit 2019") is None
