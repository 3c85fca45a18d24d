"""Canned applications (a text form with cited facts) and a formula score, for tests that need an
``Application`` or a ``Score`` without the pipeline. Test-only."""

from __future__ import annotations

import hashlib

from underwrite.core.schemas import (
    Applicant,
    Application,
    Document,
    Fact,
    FactMethod,
    LoanRequest,
    MediaType,
    Page,
    Reason,
    Score,
    SourceSpan,
)

FORM_TEXT = (
    "LOAN APPLICATION FORM\nApplicant: {name}\nRequested amount: EUR {amount}\nTerm: {term} months\n"
    "Net monthly income: EUR {income}\nExisting debt payments: EUR {debt} per month\n"
)


def text_document(kind: str, text: str) -> Document:
    """A one-page text document of ``kind``, named ``{kind}.txt``, with its real digest."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        doc_id=digest[:16],
        filename=f"{kind}.txt",
        media_type=MediaType.text,
        sha256=digest,
        size_bytes=len(text),
        pages=[Page(number=1, text=text)],
        kind=kind,
    )


def _fact(doc: Document, name: str, value: float | str, quote: str) -> Fact:
    start = doc.pages[0].text.index(quote)
    span = SourceSpan(doc_id=doc.doc_id, page=1, start=start, end=start + len(quote), quote=quote)
    return Fact(name=name, value=value, source=span, method=FactMethod.form)


def make_application(application_id: str, name: str, amount: int, term: int, income: int) -> Application:
    debt = 350
    text = FORM_TEXT.format(name=name, amount=amount, term=term, income=income, debt=debt)
    doc = text_document("application_form", text)
    facts = [
        _fact(doc, "applicant_name", name, name),
        _fact(doc, "loan_amount", float(amount), str(amount)),
        _fact(doc, "loan_term_months", term, f"{term} months"),
        _fact(doc, "monthly_net_income", float(income), str(income)),
        _fact(doc, "monthly_debt_payments", float(debt), str(debt)),
    ]
    return Application(
        application_id=application_id,
        applicant=Applicant(name=name),
        request=LoanRequest(amount=amount, term_months=term, purpose="car"),
        documents=[doc],
        facts=facts,
    )


def fake_score(amount: float, term: float, income: float, debt: float) -> Score:
    payment = amount / max(term, 1)
    dti = (debt + payment) / max(income, 1)
    pd_value = min(0.95, max(0.01, 0.02 + 0.5 * dti))
    grade = "A" if pd_value < 0.1 else "B" if pd_value < 0.2 else "C" if pd_value < 0.35 else "D"
    reasons = [
        Reason(code="R01", feature="dti", text="Debt payments are high relative to income", contribution=dti),
        Reason(
            code="R02", feature="loan_amount", text="Requested amount is large", contribution=amount / 1e5
        ),
        Reason(code="R03", feature="employment_years", text="Long employment", contribution=-0.2),
    ]
    return Score(pd=round(pd_value, 4), grade=grade, reasons=reasons, model_version="fake-1")
