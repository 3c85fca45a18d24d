"""Portuguese, Scandinavian, Czech and Slovak documents: labels, crowns, durations, hint columns,
export rows and amounts in words — one small test per thing the reader had to learn (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest

from underwrite.core.schemas import Document, MediaType, Page
from underwrite.tools.intake.classify import classify_text
from underwrite.tools.intake.extraction import normalize as nz
from underwrite.tools.intake.extraction.crowns import bare_crown
from underwrite.tools.intake.extraction.currency import ISO_CODES, codes_in, doc_currency
from underwrite.tools.intake.extraction.kv import line_pairs
from underwrite.tools.intake.extraction.kv_parties import party_column
from underwrite.tools.intake.extraction.lexicon import LEXICON, category_value, key
from underwrite.tools.intake.extraction.number_words_romance import romance_money, words_value
from underwrite.tools.intake.extraction.statement import delimited_dates


def _doc(text: str, media: MediaType = MediaType.text) -> Document:
    page = Page(number=1, text=text)
    return Document(
        doc_id="d1", filename="x.txt", media_type=media, sha256="0" * 64, size_bytes=len(text), pages=[page]
    )


@pytest.mark.parametrize(
    ("label", "field"),
    [("Montante pretendido", "loan_amount"), ("Rendimento líquido mensal", "monthly_net_income"),
     ("Renda líquida mensal", "monthly_net_income"), ("Aluguel", "monthly_housing_cost"),
     ("Återbetalningstid", "loan_term_months"), ("Månadsinkomst efter skatt", "monthly_net_income"),
     ("Nedbetalingstid", "loan_term_months"), ("Boligsituasjon", "housing_status"),
     ("Výše úvěru", "loan_amount"), ("Čistý mesačný príjem", "monthly_net_income"),
     ("Sted og dato", "application_date"), ("Bott på adressen sedan", "residence_years")],
)  # fmt: skip
def test_labels_of_the_new_languages(label: str, field: str) -> None:
    assert LEXICON[key(label)] == field


def test_bare_renda_is_no_label() -> None:
    # Rent in Portugal, income in Brazil: a form saying only "Renda" must not be guessed.
    assert key("Renda") not in LEXICON


@pytest.mark.parametrize(
    ("field", "shown", "value"),
    [("housing_status", "Habitação própria com crédito", "own"), ("housing_status", "Hyresrätt", "rent"),
     ("housing_status", "nájomný byt", "rent"), ("employment_status", "Tillsvidareanställning", "employed"),
     ("loan_purpose", "ojetý automobil", "car (used)"), ("loan_purpose", "Oppussing", "repairs")],
)  # fmt: skip
def test_category_wordings(field: str, shown: str, value: str) -> None:
    assert category_value(field, shown) == value


@pytest.mark.parametrize(
    ("text", "kind"),
    [("PROPOSTA DE CRÉDITO\nProponente: Ana\nValor solicitado: R$ 9.000", "application_form"),
     ("Radnummer;Bokföringsdag;Belopp;Bokfört saldo", "bank_statement"),
     ("VÝPLATNÍ PÁSKA\nHrubá mzda 52 000\nK výplatě 38 238", "payslip")],
)  # fmt: skip
def test_document_kinds(text: str, kind: str) -> None:
    assert classify_text(text) == kind


@pytest.mark.parametrize(
    ("text", "code"),
    [("Hyra 8 950 kr per månad, lån och bostad", "SEK"),
     ("Lånebeløp 250 000 kr. Søknad om lån, inntekt og utgifter, nedbetalingstid 5 år", "NOK"),
     ("Lånebeløb 90 000 kr. Ansøgning, indkomst og udgifter, løbetid 5 år", "DKK"),
     ("Beløp 1 000 kr (NOK)", "NOK")],
)  # fmt: skip
def test_whose_crowns_a_bare_kr_is(text: str, code: str) -> None:
    assert bare_crown(text)[0] == code
    assert doc_currency(_doc(text)).main == code


def test_a_bare_kr_with_nothing_to_go_on_says_it_assumed() -> None:
    code, why = bare_crown("Amount 1 000 kr")
    assert code == "SEK" and "check the currency" in why


def test_other_marks_and_no_empty_pattern() -> None:
    assert codes_in("R$ 15.000,00", ISO_CODES) == ["BRL"]  # not USD, and no crown in it
    assert codes_in("38 238 Kč", ISO_CODES) == ["CZK"]
    assert codes_in("Antrag vom 3. März", ISO_CODES) == []  # a pattern that matches nothing stays silent


@pytest.mark.parametrize(
    ("text", "months"),
    [("7 år", 84.0), ("5 anos", 60.0), ("72 měsíců", 72.0), ("48 mesiacov", 48.0), ("60 mnd", 60.0),
     ("2 roky", 24.0), ("plat 5 let", 60.0)],
)  # fmt: skip
def test_durations_in_the_new_languages(text: str, months: float) -> None:
    assert nz.parse_duration_months(text) == months


@pytest.mark.parametrize(("text", "months"), [("09.2014", 126.0), ("2016-08", 103.0)])
def test_a_start_as_month_and_year(text: str, months: float) -> None:
    assert nz.parse_duration_months(text, date(2025, 3, 18)) == months


def test_a_decimal_is_still_no_start() -> None:
    assert nz.parse_duration_months("3.5 years") == 42.0


def test_markdown_bold_around_a_label_is_not_the_value() -> None:
    line = "**Namn:** Johanna Lindqvist"
    assert [(label, line[s:e]) for label, s, e, _ in line_pairs(line)] == [("Namn", "Johanna Lindqvist")]


@pytest.mark.parametrize(
    "line",
    [
        "Dátum narodenia\tDD.MM.RRRR\t1992-06-13",
        "Výška úveru\tv €\t9800",
        "Meno a priezvisko\tpovinné\tZuzana",
    ],
)
def test_a_hint_column_between_label_and_answer_is_skipped(line: str) -> None:
    pairs = list(line_pairs(line))
    assert len(pairs) == 1 and line[pairs[0][1] : pairs[0][2]] == line.split("\t")[2]


def test_a_two_cell_row_keeps_its_second_cell() -> None:
    line = "Počet detí\t1"
    assert [line[s:e] for _, s, e, _ in line_pairs(line)] == ["1"]


@pytest.mark.parametrize("header", ["Søker\tMedsøker", "\tSökande\tMedsökande", "\tŽadatel\tSpoludlužník"])
def test_scandinavian_and_czech_party_columns(header: str) -> None:
    assert party_column(header, "\t") == 1


def test_an_export_row_whose_dates_are_not_its_first_cell() -> None:
    row = '1;8214-7;924 553 118-6;"Privatkonto";SEK;2025-08-01;2025-08-01;"HYRA";-8420,00;6392,40'
    day, after = delimited_dates(row)
    assert day == date(2025, 8, 1) and row[after:] == ';"HYRA";-8420,00;6392,40'
    assert delimited_dates("Rent 2025-08-01 850") == (None, 0)  # not an export row


@pytest.mark.parametrize(
    ("run", "value"),
    [("doze mil", 12000), ("mil quinhentos e oitenta", 1580), ("quarenta e cinco", 45),
     ("doce mil quinientos", 12500), ("quatre-vingt-dix mille", 90000), ("vingt et un", 21)],
)  # fmt: skip
def test_amounts_in_words(run: str, value: int) -> None:
    assert words_value(run) == value


def test_words_count_as_money_only_before_a_currency() -> None:
    assert romance_money("um crédito de doze mil euros") == [(14, 22, 12000)]
    assert romance_money("a pagar em cinco anos") == []  # a duration, read elsewhere
    assert romance_money("un crédit pour une voiture") == []


@pytest.mark.parametrize(
    ("line", "iso"),
    [("Aveiro, 4 de novembro de 2025", "2025-11-04"), ("Berlin, den 3. März 2025", "2025-03-03"),
     ("V Brně dne 9. 6. 2025", "2025-06-09"), ("Bergen, 18.03.2025", "2025-03-18")],
)  # fmt: skip
def test_a_form_signed_under_a_place_and_date_is_dated_by_it(line: str, iso: str) -> None:
    from underwrite.tools.intake.extraction.form_signed import signed_date_facts

    doc = _doc(f"PEDIDO DE CRÉDITO\nMontante 5.000 €\n{line}\nAssinatura: ____").model_copy(
        update={"kind": "application_form"}
    )
    (fact,) = signed_date_facts([doc], [])
    assert fact.value == iso and fact.source is not None and line.endswith(fact.source.quote)


def test_a_signing_line_never_overrides_a_stated_date_or_reads_an_address() -> None:
    from underwrite.core.schemas import Fact, FactMethod
    from underwrite.tools.intake.extraction.form_signed import signed_date_facts

    doc = _doc("Sede: Rua Direita, 77, 3810-081 Aveiro\nBraga, 12.05.2025 Unterschrift").model_copy(
        update={"kind": "application_form"}
    )
    assert signed_date_facts([doc], []) == []  # an address, and a date with more on its line
    signed = _doc("Bergen, 18.03.2025").model_copy(update={"kind": "application_form"})
    stated = Fact(name="application_date", value="2025-03-01", method=FactMethod.form)
    assert signed_date_facts([signed], [stated]) == []


@pytest.mark.parametrize(
    ("value", "option"),
    [("☐ 24 ☐ 36 ☐ 48 ☒ 60 ☐ 72 ☐ 84", "60"),
     ("☐ vlastní byt ☐ družstevní byt ☒ nájemní byt", "nájemní byt"),
     ("☒ vybavení domácnosti (nábytek)", "vybavení domácnosti (nábytek)"),
     ("[ ] Miete [x] Eigentum", "Eigentum")],
)  # fmt: skip
def test_an_answer_given_by_ticking_a_box_is_the_ticked_option(value: str, option: str) -> None:
    from underwrite.tools.intake.extraction.kv import ticked_option

    span = ticked_option(value)
    assert span is not None and value[span[0] : span[1]] == option


@pytest.mark.parametrize("value", ["60", "☐ 24 ☐ 36", "☒ 24 ☒ 36"])
def test_no_ticked_box_or_several_leave_the_value_alone(value: str) -> None:
    from underwrite.tools.intake.extraction.kv import ticked_option

    assert ticked_option(value) is None
