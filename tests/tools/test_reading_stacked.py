"""Print-outs of online applications: a question on its own line, the answer indented below it.

Text written here for the rule (not a copy of tests/corpus/heldout7).
"""

from __future__ import annotations

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
