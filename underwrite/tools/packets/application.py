"""Read a packet folder back into an Application. The answer key (truth.json) is never opened."""

from __future__ import annotations

from pathlib import Path

from underwrite.core.schemas import Applicant, Application, FactValue, LoanRequest
from underwrite.tools.documents import DocumentError, DocumentFailure, read_documents
from underwrite.tools.extraction import extract_facts

ANSWER_KEY = "truth.json"
# Answer keys of generated packets and of the hand-written corpus (tests/corpus/unseen).
ANSWER_KEYS = frozenset({ANSWER_KEY, "answer_key.json"})


def packet_files(packet_dir: Path) -> list[Path]:
    """The documents of a packet: every visible file except the answer key."""
    return sorted(
        p
        for p in packet_dir.iterdir()
        if p.is_file() and p.name not in ANSWER_KEYS and not p.name.startswith(".")
    )


def _number(value: FactValue) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def load_application(packet_dir: Path) -> tuple[Application, list[DocumentFailure]]:
    """Read every document in ``packet_dir`` and extract facts; the folder name is the application id.

    Files that cannot be read are returned as failures; the rest are still read.
    """
    packet_dir = Path(packet_dir)
    if not packet_dir.is_dir():
        raise DocumentError("is not a packet folder", str(packet_dir))
    documents, failures = read_documents(packet_files(packet_dir))
    facts = extract_facts(documents)
    values: dict[str, FactValue] = {}
    for fact in facts:
        values.setdefault(fact.name, fact.value)
    product = "sme_term_loan" if values.get("product") == "sme_term_loan" else "consumer_instalment"
    name = values.get("business_name") if product == "sme_term_loan" else values.get("applicant_name")
    term = _number(values.get("loan_term_months"))
    application = Application(
        application_id=packet_dir.name,
        applicant=Applicant(
            name=None if name is None else str(name),
            kind="business" if product == "sme_term_loan" else "individual",
        ),
        request=LoanRequest(
            product=product,
            amount=_number(values.get("loan_amount")),
            term_months=None if term is None else int(term),
            purpose=None if values.get("loan_purpose") is None else str(values.get("loan_purpose")),
        ),
        documents=documents,
        facts=facts,
    )
    return application, failures
