"""The facts of an application as an underwriter reads them: labelled, the request and
affordability first, each with its source; prohibited-basis facts kept apart.

Prohibited-basis facts (sex, marital status, nationality, age, date of birth, foreign-worker
status) are kept for fair-lending monitoring; they never enter the decision, so the decision view
does not put them in front of the decision maker. They are shown only after an audited reveal.
"""

from __future__ import annotations

from underwrite.core.fields import FIELDS, PROTECTED_FIELDS
from underwrite.core.schemas import Application, Fact
from underwrite.ui.models import FactView

FIRST = (
    "product",
    "loan_amount",
    "loan_term_months",
    "loan_purpose",
    "monthly_net_income",
    "payslip_net_pay",
    "statement_avg_monthly_deposits",
    "monthly_debt_payments",
    "monthly_housing_cost",
)
"""The request and the affordability inputs lead the table; the rest follow in vocabulary order."""
_ORDER = {name: i for i, name in enumerate([*FIRST, *(n for n in FIELDS if n not in FIRST)])}
QUOTE_CHARS = 80


def fact_label(name: str) -> str:
    return FIELDS[name].label if name in FIELDS else name.replace("_", " ")


def source_text(app: Application, fact: Fact) -> str:
    src = fact.source
    if src is None:
        return "(computed)"
    doc = next((d.filename for d in app.documents if d.doc_id == src.doc_id), src.doc_id)
    quote = " ".join(src.quote.split())
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1] + "…"
    return f"{doc} p.{src.page}: “{quote}”"


def value_text(fact: Fact) -> str:
    if fact.value is None:
        return ""
    if isinstance(fact.value, float):
        return f"{fact.value:,.2f}".rstrip("0").rstrip(".")
    return str(fact.value)


def decision_facts(app: Application) -> list[tuple[int, Fact]]:
    """(index in ``app.facts``, fact) for every fact the decision may use, in reading order."""
    kept = [(i, f) for i, f in enumerate(app.facts) if f.name not in PROTECTED_FIELDS]
    return sorted(kept, key=lambda item: (_ORDER.get(item[1].name, len(_ORDER)), item[0]))


def protected_count(app: Application) -> int:
    return sum(f.name in PROTECTED_FIELDS for f in app.facts)


def protected_facts(app: Application) -> list[FactView]:
    return [
        FactView(
            label=fact_label(f.name), value=value_text(f), source=source_text(app, f), method=f.method.value
        )
        for f in app.facts
        if f.name in PROTECTED_FIELDS
    ]
