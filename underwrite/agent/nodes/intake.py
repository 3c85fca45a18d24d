"""Read the packet, add prose facts through the LLM (quote-checked), check required documents."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from langgraph.runtime import Runtime
from pydantic import BaseModel, Field, create_model

from underwrite.agent.deps import Deps
from underwrite.agent.errors import EmptyPacketError
from underwrite.agent.nodes._common import call_structured, deps_of, jsonable
from underwrite.agent.state import Flag, UnderwritingState
from underwrite.core.fields import FIELDS
from underwrite.core.schemas import Document, Fact, FactMethod
from underwrite.prompts import render_prompt
from underwrite.records.log_masking import application_identifiers
from underwrite.tools.intake.extraction.conversion import (
    CONVERTED,
    MIXED,
    flag_messages,
    stated_application_date,
    to_application_currency,
)
from underwrite.tools.intake.extraction.prose_llm import checked_value, locate_quote, shown_documents
from underwrite.tools.intake.injection import scan_for_injection
from underwrite.tools.intake.packet import best_values, packet_content_hash

# Fields worth asking the LLM for when the rule layer left them empty, each with the words a sentence
# stating it would contain. A field is only asked for when one of its cue words is in the prose, so
# the call is skipped when the letter cannot state any missing field (the common case).
# ``applicant_statement`` is not asked for: its value is the letter itself, which stays on file as a
# document; having the small model copy it back was the longest generation of a run and fed nothing.
LLM_FIELD_CUES: dict[str, tuple[str, ...]] = {
    "loan_purpose": ("purpose", "buy", "for a", "pay for", "finance"),
    "employment_years": ("employ", "work", "job", "years"),
    "employment_status": ("employ", "work", "job", "self-employed", "benefit"),
    "monthly_housing_cost": ("rent", "mortgage", "housing"),
    "monthly_debt_payments": ("loan", "repay", "instalment", "installment", "debt"),
    "monthly_expenses": ("expenses", "living costs", "spend"),
    "dependents": ("depend", "support", "children", "household"),
    "residence_years": ("address", "lived", "living"),
}
LLM_FIELDS: tuple[str, ...] = tuple(LLM_FIELD_CUES)
PROSE_KINDS = frozenset({"cover_letter", "statement_of_purpose", "unknown"})
LLM_FACT_CONFIDENCE = 0.6
EXTRACTION_MAX_TOKENS = 160
"""A few short facts with their quotes; the schema allows at most ``MAX_LLM_FACTS``."""
MAX_LLM_FACTS = 4


class ExtractedFact(BaseModel):
    name: str = Field(description="One of the field names listed", max_length=40)
    value: str = Field(description="The value as stated", max_length=40)
    quote: str = Field(description="The exact words from the document that state it", max_length=120)


class ExtractedFacts(BaseModel):
    facts: list[ExtractedFact] = Field(default_factory=list, max_length=MAX_LLM_FACTS)


def _as_dict(failure: Any) -> dict[str, Any]:
    return failure if isinstance(failure, dict) else dict(jsonable(failure))


def failure_text(failure: dict[str, Any]) -> str:
    """A file that could not be read, as the underwriter reads it: its name and why. Not the dict
    (``{'path': '/srv/…/uploads/…', 'error_type': …}``), which also showed the server's folders."""
    path = str(failure.get("path", ""))
    name = Path(path).name or path
    message = str(failure.get("message", "")).replace(path, name).removeprefix(f"{name}: ")
    return f"{name} could not be read: {message}"


def _facts_schema(names: list[str]) -> type[ExtractedFacts]:
    """``ExtractedFacts`` whose ``name`` is an enum of the fields asked for (grammar-enforced)."""
    name: Any = (Literal[tuple(names)], Field(description="One of the field names listed"))
    fact = create_model("ExtractedFact", __base__=ExtractedFact, name=name)
    items: Any = (list[fact], Field(default_factory=list, max_length=min(MAX_LLM_FACTS, len(names))))
    return create_model("ExtractedFacts", __base__=ExtractedFacts, facts=items)


def read_documents(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    deps = deps_of(runtime)
    packet_dir = Path(state["packet_dir"])
    # Hashed before reading, so a file changed while it is read shows as a change on the next call.
    packet_sha256 = packet_content_hash(packet_dir) if packet_dir.is_dir() else None
    app, failures = deps.load_application(packet_dir)
    application_identifiers(app)  # masked by value in every log line from here on
    if not app.documents:
        reasons = "; ".join(failure_text(_as_dict(f)) for f in failures)[:500] or "the folder is empty"
        raise EmptyPacketError(f"no readable document in {state['packet_dir']}: {reasons}")
    flags: list[Flag] = []
    for doc in app.documents:
        flags += [
            Flag(
                code=f"document_{f}",
                message=f"{doc.filename}: {'; '.join(flag_messages(doc, f)) or f}",
                severity="info" if f == CONVERTED else "warning",
                source=doc.doc_id,
            )
            for f in doc.flags
        ]
        # Hidden text (white or tiny) is kept out of the pages by the reader but scanned here too.
        hidden = " ".join(getattr(doc, "hidden_text", []) or [])
        for hit in scan_for_injection(f"{doc.text}\n{hidden}"):
            flags.append(
                Flag(
                    code="prompt_injection_suspected",
                    severity="critical",
                    source=doc.doc_id,
                    message=f"{doc.filename}: text that reads like instructions ({hit.pattern}): "
                    f"{hit.excerpt!r}",
                )
            )
    failure_dicts = [_as_dict(f) for f in failures]
    for f in failure_dicts:
        flags.append(Flag(code="document_unreadable", message=failure_text(f)[:300]))
    return {
        "run_id": state.get("run_id") or uuid.uuid4().hex,
        "started_at": state.get("started_at") or datetime.now(UTC).isoformat(),
        "application_id": app.application_id,
        "application": app,
        "document_failures": failure_dicts,
        "packet_sha256": packet_sha256,
        "flags": flags,
    }


def _prose_documents(docs: list[Document]) -> list[Document]:
    """The applicant's own prose. Forms, statements, pay evidence and bureau reports are read by rules."""
    return [d for d in docs if d.kind in PROSE_KINDS]


def _cued_fields(missing: list[str], docs: list[Document]) -> list[str]:
    text = " ".join(d.text for d in docs).lower()
    return [n for n in missing if any(cue in text for cue in LLM_FIELD_CUES[n])]


def extract_prose_facts(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    deps = deps_of(runtime)
    app = state["application"]
    have = {f.name for f in app.facts} | {k for k, v in best_values(app).items() if v is not None}
    docs = _prose_documents(app.documents)
    wanted = [FIELDS[n] for n in _cued_fields([n for n in LLM_FIELDS if n not in have], docs)]
    if not wanted or not docs:
        return {}  # nothing the prose could add: no LLM call
    shown = shown_documents(docs)
    prompt = render_prompt("fact_extraction", fields=[f.model_dump() for f in wanted], documents=shown)
    result, call = call_structured(
        deps.llm,
        "extract_prose_facts",
        prompt,
        _facts_schema([f.name for f in wanted]),
        EXTRACTION_MAX_TOKENS,
    )
    update: dict[str, Any] = {"llm_calls": [call], "prompt_versions": {prompt.name: prompt.version}}
    if result is None:
        update["flags"] = [Flag(code="llm_extraction_failed", message=call.error or "", severity="info")]
        return update
    wanted_names = {f.name for f in wanted}
    new_facts: list[Fact] = []
    dropped = 0
    for item in result.facts:
        span = locate_quote(item.quote, docs) if item.name in wanted_names else None
        value = checked_value(item.name, item.value, item.quote) if span else None
        if span is None or value is None or any(f.name == item.name for f in new_facts):
            dropped += 1
            continue
        new_facts.append(
            Fact(
                name=item.name,
                value=value,
                source=span,
                method=FactMethod.llm,
                confidence=LLM_FACT_CONFIDENCE,
            )
        )
    if dropped:
        update["flags"] = [
            Flag(
                code="llm_facts_dropped",
                severity="info",
                message=f"{dropped} LLM-extracted fact(s) dropped: quote not in the document, "
                "unknown field or value not in the quote",
            )
        ]
    if new_facts:
        # The model reads "$1,200" as 1200 like the rules do: the same currency pass applies.
        # The application date is among the facts already read, not the model's new ones: without it
        # a stale rate table would go unflagged on this path.
        applied = stated_application_date(app.facts)
        new_facts, notes = to_application_currency(new_facts, docs, applied=applied)
        names = {d.doc_id: d.filename for d in docs}
        update["flags"] = [*update.get("flags", [])] + [
            Flag(
                code=f"document_{n.flag}",
                message=f"{names.get(n.doc_id, n.doc_id)}: {n.text}",
                severity="info" if n.flag == CONVERTED else "warning",
                source=n.doc_id,
            )
            for n in notes
            if n.flag != MIXED  # raised when the packet was read
        ]
        update["application"] = app.model_copy(update={"facts": [*app.facts, *new_facts]})
    return update


def check_completeness(state: UnderwritingState, runtime: Runtime[Deps]) -> dict[str, Any]:
    deps = deps_of(runtime)
    app = state["application"]
    values = best_values(app)
    required = deps.required_documents(str(values.get("product") or app.request.product))
    kinds = {d.kind for d in app.documents}
    missing = [req for req, accepted in required.items() if not kinds & accepted]
    flags = [Flag(code="missing_document", message=f"required document missing: {m}") for m in missing]
    return {"missing_documents": missing, "values": values, "flags": flags}
