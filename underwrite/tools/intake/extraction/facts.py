"""Orchestrates the rule layer over a set of documents and reports what it could not find."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from underwrite.core.fields import FIELDS
from underwrite.core.schemas import Document, Fact, FactMethod, FactValue, SourceSpan
from underwrite.tools.intake.extraction.conversion import apply_currency
from underwrite.tools.intake.extraction.debt_table import debt_table_facts
from underwrite.tools.intake.extraction.derived import age_on, employment_band, installment_rate_code
from underwrite.tools.intake.extraction.form import LabeledValue, labeled_values
from underwrite.tools.intake.extraction.form_outgoings import outgoings_facts
from underwrite.tools.intake.extraction.form_sentences import sentence_facts
from underwrite.tools.intake.extraction.form_signed import signed_date_facts
from underwrite.tools.intake.extraction.income import letter_net_pay
from underwrite.tools.intake.extraction.kv_facts import structured_facts
from underwrite.tools.intake.extraction.ocr_facts import mark_ocr_facts
from underwrite.tools.intake.extraction.prose_documents import prose_facts
from underwrite.tools.intake.extraction.statement import statement_facts
from underwrite.tools.intake.extraction.statement_flows import flow_facts
from underwrite.tools.intake.extraction.tax_return import tax_return_facts
from underwrite.tools.intake.extraction.values import UNITS, parse_value
from underwrite.tools.intake.extraction.vocabulary import LABELS

PNL_FIELDS = [
    "business_annual_revenue",
    "business_ebitda",
    "business_existing_debt_service",
    "business_total_debt",
    "business_equity",
]
BUREAU_FIELDS = ["delinquencies_2y", "public_records"]
APPLICATION_FORM_FIELDS = [
    n for n in LABELS if n not in PNL_FIELDS and n not in BUREAU_FIELDS and n != "payslip_net_pay"
]
FORM_KINDS = {
    "application_form": APPLICATION_FORM_FIELDS,
    "profit_and_loss": PNL_FIELDS,
    "credit_report": BUREAU_FIELDS,
}
STATEMENT_FIELDS = ["statement_avg_monthly_deposits", "statement_avg_closing_balance"]
DERIVED_FIELDS = ["age_years", "employment_since_band", "installment_rate_code"]
PROSE_FIELDS = [n for n, f in FIELDS.items() if f.prose_only]
_BUSINESS_ONLY = {"business_name", "years_in_business", *PNL_FIELDS}
EXPECTED_FIELDS: dict[str, list[str]] = {
    "consumer_instalment": [n for n in APPLICATION_FORM_FIELDS if n not in _BUSINESS_ONLY]
    + ["payslip_net_pay", *BUREAU_FIELDS, *STATEMENT_FIELDS, *DERIVED_FIELDS, *PROSE_FIELDS],
    "sme_term_loan": [
        *APPLICATION_FORM_FIELDS,
        *PNL_FIELDS,
        *BUREAU_FIELDS,
        *STATEMENT_FIELDS,
        *DERIVED_FIELDS,
        *PROSE_FIELDS,
    ],
}


def _span(hit: LabeledValue) -> SourceSpan:
    return SourceSpan(doc_id=hit.doc_id, page=hit.page, start=hit.start, end=hit.end, quote=hit.raw)


def _readable(name: str, label: str, raw: str) -> bool:
    # Any date will do as the application date here: only whether the value parses matters.
    return parse_value(name, label, raw, date(2000, 1, 1)) is not None


def _labeled_facts(docs: list[Document], names: list[str], method: FactMethod) -> list[Fact]:
    hits = labeled_values(docs, names, accepts=_readable)
    applied: date | None = None
    for hit in hits:
        if hit.name == "application_date":
            value = parse_value(hit.name, hit.label, hit.raw, None)
            if value is not None:
                applied = date.fromisoformat(str(value))
                break
    facts: list[Fact] = []
    seen: set[str] = set()
    for hit in hits:
        if hit.name in seen:
            continue
        value = parse_value(hit.name, hit.label, hit.raw, applied)
        if value is None:
            continue
        seen.add(hit.name)
        unit = UNITS.get(FIELDS[hit.name].kind)
        facts.append(Fact(name=hit.name, value=value, unit=unit, source=_span(hit), method=method))
    return facts


def _computed(facts: list[Fact]) -> list[Fact]:
    by_name = {f.name: f for f in reversed(facts)}
    values: dict[str, FactValue] = {name: f.value for name, f in by_name.items()}
    out = []

    def add(name: str, value: FactValue, basis: str) -> None:
        if value is not None:
            source = by_name[basis].source if basis in by_name else None
            out.append(
                Fact(
                    name=name,
                    value=value,
                    unit=UNITS.get(FIELDS[name].kind),
                    source=source,
                    method=FactMethod.computed,
                )
            )

    if "date_of_birth" in values and "application_date" in values:
        born = date.fromisoformat(str(values["date_of_birth"]))
        add("age_years", age_on(born, date.fromisoformat(str(values["application_date"]))), "date_of_birth")
    if "employment_status" in values:
        years = values.get("employment_years")
        band = employment_band(str(values["employment_status"]), None if years is None else float(years))
        add("employment_since_band", band, "employment_years" if years is not None else "employment_status")
    add("installment_rate_code", installment_rate_code(values), "loan_amount")
    return out


def extract_facts(documents: list[Document]) -> list[Fact]:
    """Every fact the rule layer can read from ``documents``, each with its source span.

    Form fields come from documents classified as application forms, profit-and-loss statements or
    credit bureau reports;
    statement averages from bank statements; net pay from pay slips and employer/benefit letters;
    age and the German credit bands are computed from those. Prose (cover letters, e-mails) is read
    by cue-pattern rules (:mod:`prose`) for the fields nothing else stated.
    """
    facts: list[Fact] = []
    for kind, names in FORM_KINDS.items():
        facts += _labeled_facts([d for d in documents if d.kind == kind], names, FactMethod.form)
    # Layouts the renderer never uses (tables, exports, CSV/JSON, other languages) fill the gaps.
    dropped, extra = structured_facts(documents, facts)
    facts = [f for f in facts if f not in dropped] + extra
    facts += _labeled_facts(
        [d for d in documents if d.kind == "payslip"], ["payslip_net_pay"], FactMethod.rule
    )
    for doc in documents:
        if doc.kind == "employer_letter":
            facts += letter_net_pay(doc)
        elif doc.kind == "bank_statement":
            facts += statement_facts(doc) + flow_facts(doc)
    facts += tax_return_facts(documents)  # a tax calculation: the latest year's income, self-employment
    facts += debt_table_facts(documents, facts)  # a table of credits: the payments that go on
    facts += sentence_facts(documents, facts)  # a form's answer written as a sentence states more
    facts += signed_date_facts(documents, facts)  # "Aveiro, 4 de novembro de 2025" above the signature
    facts += outgoings_facts(documents, facts)  # a list of outgoings: its debts summed, its rent row
    # Applications written as sentences: only fields no form or statement gave.
    facts += prose_facts(documents, skip={f.name for f in facts})
    # Money in another currency: converted to EUR with the rate table, or left unread and flagged.
    facts = apply_currency(facts, documents)
    return mark_ocr_facts(facts + _computed(facts), documents)


def missing_fields(facts: Iterable[Fact], product: str | None = None) -> list[str]:
    """Expected fields the facts do not cover (prose-only ones included: they await the LLM layer)."""
    facts = list(facts)
    values = {f.name: f.value for f in facts}
    product = str(values.get("product") or product or "consumer_instalment")
    expected = EXPECTED_FIELDS.get(product, EXPECTED_FIELDS["consumer_instalment"])
    if values.get("employment_status") == "unemployed":
        expected = [n for n in expected if n not in ("employer_name", "employment_years")]
    return [n for n in expected if n not in values]
