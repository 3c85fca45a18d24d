"""Labels the encoder hears as a field they never name: limits, addresses (``label_match.rules_out``)."""

from __future__ import annotations

import pytest
from application_fakes import text_document

from underwrite.tools.intake.extraction import extract_facts
from underwrite.tools.intake.extraction.label_match import candidates, match_label, rules_out


@pytest.mark.parametrize("label", ["Address", "Home address", "Previous address", "Adresse"])
def test_an_address_label_is_no_duration(label: str) -> None:
    assert rules_out(label, "residence_years")
    assert all(m.name != "residence_years" for m in candidates(label))
    found = match_label(label)
    assert found is None or found.name != "residence_years"


@pytest.mark.parametrize(
    "label", ["How long at this address", "Years living at present address", "Time in present employment"]
)
def test_a_duration_label_says_time_and_stays_readable(label: str) -> None:
    assert not rules_out(label, "residence_years")
    assert not rules_out(label, "employment_years")


def test_an_employers_address_is_not_the_employers_name() -> None:
    assert rules_out("Employer's address", "employer_name")
    assert not rules_out("Employer", "employer_name")
    found = match_label("Employer's address")
    assert found is None or found.name != "employer_name"


def test_a_house_number_in_an_address_is_not_years_lived_there() -> None:
    text = (
        "Name\tIngrid Solberg\n"
        "Adresse\tKirkeveien 27, 5072 Bergen\n"
        "Address\t17 Ard na Gréine, Tralee\n"
        "Years at this address\t6\n"
    )
    facts = {f.name: f.value for f in extract_facts([text_document("application_form", text)])}
    assert facts["residence_years"] == 6.0  # was 27 from "Adresse" (encoder 0.60) before the guard
    alone = text.replace("Years at this address\t6\n", "")
    facts = {f.name: f.value for f in extract_facts([text_document("application_form", alone)])}
    assert "residence_years" not in facts


def test_a_members_shares_are_no_business_equity() -> None:
    assert rules_out("Shares balance", "business_equity")
    assert not rules_out("Shareholders' equity", "business_equity")
    assert all(not m.name.startswith("business_") for m in candidates("Shares balance"))
    text = "Name\tSeán Ó Briain\nShares balance\t€2,350.00\n"
    facts = {f.name for f in extract_facts([text_document("application_form", text)])}
    assert "business_equity" not in facts  # was €2,350 as the encoder's runner-up (0.57)
