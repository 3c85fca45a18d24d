"""What the workbench itself writes to the audit trail, beside the workflow's own records.

The graph records drafts and decisions; an auditor also needs to see that someone ran the
workflow (and how that ended), asked the assistant questions, and tried a decision that was refused.
Questions and answers are free text: identifiers in them are masked (the application's names and
birth date by value, e-mails, IBANs, phone numbers and dates by pattern) before they are stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from underwrite.agent.workflow import ChatPiece
from underwrite.records.audit import AuditLog
from underwrite.records.log_masking import application_identifiers

MAX_TEXT_CHARS = 4000


def _known(state: dict[str, Any]) -> tuple[str, ...]:
    app = state.get("application")
    return application_identifiers(app) if app is not None else ()


def record_workflow_run(
    audit: AuditLog, application_id: str, actor: str, first_step: str, outcome: str
) -> None:
    audit.append("workflow_run", application_id, {"first_step": first_step, "outcome": outcome}, actor=actor)


def record_chat_turn(
    audit: AuditLog,
    application_id: str,
    actor: str,
    state: dict[str, Any],
    question: str,
    answer: str,
    withheld: str | None = None,
) -> None:
    payload = {"question": question[:MAX_TEXT_CHARS], "answer": answer[:MAX_TEXT_CHARS]}
    if withheld is not None:  # the draft the underwriter saw stream in, then replaced: kept for the record
        payload["withheld_draft"] = withheld[:MAX_TEXT_CHARS]
    audit.append(
        "chat_turn",
        application_id,
        payload,
        actor=actor,
        known_identifiers=_known(state),
    )


def record_refused_decision(
    audit: AuditLog, application_id: str, actor: str, state: dict[str, Any], decision: str, why: str
) -> None:
    audit.append(
        "decision_refused",
        application_id,
        {"decision": decision, "reason": why[:MAX_TEXT_CHARS]},
        actor=actor,
        known_identifiers=_known(state),
    )


def audited_chat(
    chunks: Iterator[ChatPiece],
    audit: AuditLog,
    application_id: str,
    actor: str,
    state: dict[str, Any],
    question: str,
) -> Iterator[ChatPiece]:
    """Pass the answer through as it streams; record the turn once it ends (also when cut short):
    the answer as finally shown, and a draft it replaced."""
    answer: list[str] = []
    withheld: str | None = None
    outcome = "answered"
    try:
        for chunk in chunks:
            if chunk.replaces_draft:
                answer, withheld = [], chunk.withheld
            answer.append(chunk.text)
            yield chunk
    except BaseException as exc:
        outcome = f"failed: {type(exc).__name__}"
        raise
    finally:
        text = "".join(answer) if outcome == "answered" else f"[{outcome}] " + "".join(answer)
        record_chat_turn(audit, application_id, actor, state, question, text, withheld)
