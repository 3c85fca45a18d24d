"""Print-outs of online applications: a question on its own line, the answer indented below it.

Text written here for the rule (not a copy of tests/corpus/heldout7).
"""

from __future__ import annotations

from pathlib import Path

from application_fakes import text_document

from underwrite.tools.intake.extraction.facts import extract_facts
from underwrite.tools.intake.extraction.kv import document_pairs

PRINTOUT = (
    "YOUR DETAILS\n"
    "What is your full name?\n"
    "    Aoife Brennan\n"
    "How much do you want to borrow?\n"
    "    €7,500.00\n"
    "Net monthly income\n"
    "    €2,640.00\n"
    "Comments\n"
    "\n"
    "    (none)\n"
)


def test_an_indented_answer_under_its_question_is_a_pair_quoting_the_answer() -> None:
    pairs = {p.label: p.value for p in document_pairs(text_document("application_form", PRINTOUT))}
    assert pairs["What is your full name?"] == "Aoife Brennan"
    assert pairs["How much do you want to borrow?"] == "€7,500.00"
    assert "Comments" not in pairs  # a blank line between parts them
    facts = {f.name: f.value for f in extract_facts([text_document("application_form", PRINTOUT)])}
    assert (facts["applicant_name"], facts["loan_amount"], facts["monthly_net_income"]) == (
        "Aoife Brennan",
        7500.0,
        2640.0,
    )


def test_an_indented_line_under_a_sentence_is_no_answer() -> None:
    text = "We have reviewed your application and will contact you within five working days.\n    €7,500.00\n"
    assert not document_pairs(text_document("application_form", text))


def test_a_windows_printout_reads_like_a_unix_one(tmp_path: Path) -> None:
    from underwrite.tools.intake.reader import read_document

    text = PRINTOUT + "Employer name\n    Brennan & Daly Solicitors\n"
    read = {}
    for name, newline in (("unix.txt", "\n"), ("windows.txt", "\r\n")):
        (tmp_path / name).write_bytes(text.replace("\n", newline).encode())
        doc = read_document(tmp_path / name).model_copy(update={"kind": "application_form"})
        assert "\r" not in doc.pages[0].text
        read[name] = {f.name: f.value for f in extract_facts([doc])}
    assert read["windows.txt"] == read["unix.txt"]
    assert read["windows.txt"]["employer_name"] == "Brennan & Daly Solicitors"  # was "name": CR split it


def test_a_long_portal_question_is_still_a_label() -> None:
    text = (
        "How long would you like to take to repay?\n    48 months\n"
        "How much is your monthly rent or mortgage payment?\n    €1,150.00\n"
    )
    facts = {f.name: f.value for f in extract_facts([text_document("application_form", text)])}
    assert (facts["loan_term_months"], facts["monthly_housing_cost"]) == (48, 1150.0)


def test_a_no_to_a_yes_no_question_states_no_duration() -> None:
    text = "Have you lived at this address for at least 2 years?\n    No - before that 4 Main St (3 years)"
    facts = {f.name for f in extract_facts([text_document("application_form", text + "\n")])}
    assert "residence_years" not in facts  # the 3 years were at the previous address
