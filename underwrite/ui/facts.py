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


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _with_unit(number: str, unit: str | None, value: object) -> str:
    """A value as people write it, "EUR 1,614.51/month", "24 months", "1 year", "12.5%": a bare
    number leaves the reader to guess the currency and the period."""
    if not unit:
        return number
    code, slash, period = unit.partition("/")
    if len(code) == 3 and code.isalpha() and code.isupper():  # an ISO currency code
        return f"{code} {number}{slash}{period}"
    if unit == "%":
        return f"{number}%"
    if value == 1 and unit in {"months", "years"}:
        unit = unit.removesuffix("s")
    return f"{number} {unit}"


def value_text(fact: Fact) -> str:
    """The value with its unit; a converted amount also says what the document stated and at which
    rate, so the underwriter can check the conversion against the quote."""
    if fact.value is None:
        return ""
    if isinstance(fact.value, bool) or not isinstance(fact.value, int | float):
        return str(fact.value)
    number = _number(float(fact.value)) if isinstance(fact.value, float) else f"{fact.value:,}"
    shown = _with_unit(number, fact.unit, fact.value)
    if fact.conversion is not None:
        _code, slash, period = (fact.unit or "").partition("/")
        shown += f", converted from {fact.conversion.describe(slash + period)}"
    return shown


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
