"""Read a packet folder back into an Application; answer keys (truth.json, answer_key.json) stay closed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from underwrite.core.schemas import Applicant, Application, FactValue, LoanRequest, as_number
from underwrite.tools.intake import DocumentError, DocumentFailure, read_documents
from underwrite.tools.intake.extraction import extract_facts

ANSWER_KEY = "truth.json"
ANSWER_KEYS = frozenset({ANSWER_KEY, "answer_key.json"})
"""Generated packets carry truth.json, the hand-written corpus answer_key.json: neither is a document."""
# Files an operating system drops into folders by itself (dot-files aside); not part of an application.
OS_JUNK_NAMES = frozenset({"Thumbs.db", "desktop.ini", "Icon\r"})


def packet_files(packet_dir: Path) -> list[Path]:
    """The documents of a packet: every visible file directly in the folder except the answer keys
    and OS junk. The one definition of a packet: the reader opens these and the queue hashes these."""
    return sorted(
        p
        for p in packet_dir.iterdir()
        if p.is_file()
        and p.name not in ANSWER_KEYS
        and not p.name.startswith(".")
        and p.name not in OS_JUNK_NAMES
    )


def packet_content_hash(packet_dir: Path) -> str:
    """sha256 over the packet's documents (the files the reader opens: names and bytes), so renaming
    or editing any of them changes it and nothing else does."""
    digest = hashlib.sha256()
    for path in packet_files(packet_dir):
        data = path.read_bytes()
        name = path.relative_to(packet_dir).as_posix().encode()
        # Lengths delimit the fields, so no two different packets can produce the same stream.
        digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


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
    term = as_number(values.get("loan_term_months"), parse_text=False)
    application = Application(
        application_id=packet_dir.name,
        applicant=Applicant(
            name=None if name is None else str(name),
            kind="business" if product == "sme_term_loan" else "individual",
        ),
        request=LoanRequest(
            product=product,
            amount=as_number(values.get("loan_amount"), parse_text=False),
            term_months=None if term is None else int(term),
            purpose=None if values.get("loan_purpose") is None else str(values.get("loan_purpose")),
        ),
        documents=documents,
        facts=facts,
    )
    return application, failures


def best_values(app: Application) -> dict[str, FactValue]:
    """Most trusted value per fact name, plus the request fields the application header carries."""
    values: dict[str, FactValue] = {
        name: app.value(name) for name in dict.fromkeys(f.name for f in app.facts)
    }
    values.setdefault("product", app.request.product)
    if app.request.amount is not None:
        values.setdefault("loan_amount", app.request.amount)
    if app.request.term_months is not None:
        values.setdefault("loan_term_months", app.request.term_months)
    if app.request.purpose:
        values.setdefault("loan_purpose", app.request.purpose)
    return values
