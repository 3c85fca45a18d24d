"""Where the workbench finds and keeps applications: queue jobs and uploaded packets (memo edits
live in ``records.memo_edits``, shared with the REST API)."""

from __future__ import annotations

import re
import secrets
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from underwrite.agent.workflow import RunView, run_views
from underwrite.core.schemas import Recommendation
from underwrite.core.settings import get_settings
from underwrite.queue import QueueRepository
from underwrite.records.memo_edits import current_edit
from underwrite.tools.intake.packet import packet_files
from underwrite.tools.intake.reader import read_documents
from underwrite.ui.models import MemoView, QueueEntry
from underwrite.ui.service import InvalidRequest, ServiceError
from underwrite.ui.state_views import memo_view


def queue_jobs() -> list[Any]:
    try:
        return QueueRepository().jobs()
    except SQLAlchemyError as exc:
        # e.g. a UW_HOME whose database an older build created (a column this build reads is missing)
        raise ServiceError(
            f"the application queue in the database cannot be read: {getattr(exc, 'orig', None) or exc}"
        ) from exc


def packet_dir_of(application_id: str) -> tuple[Path, str | None]:
    """The application's packet folder and its queue state (None for an upload not in the queue)."""
    for job in queue_jobs():
        if job.application_id == application_id:
            return Path(job.packet_dir), job.state
    upload = get_settings().home / "uploads" / application_id
    if upload.is_dir():
        return upload, None
    raise InvalidRequest(f"no application {application_id!r} in the queue or the uploads.")


REFERENCE = re.compile(
    r"\b(?:application\s+)?(?:reference|ref\.?|application\s+(?:no\.?|number|id))\s*[:\t]\s*"
    r"([A-Za-z0-9][A-Za-z0-9_.-]{2,60})",
    re.IGNORECASE,
)
"""An application form's own reference line, e.g. "Reference: APP-GER-000958"."""


def packet_reference(folder: Path) -> str | None:
    """The application reference the packet's documents state (application form first), if any."""
    documents, _ = read_documents(packet_files(folder))
    documents.sort(key=lambda d: d.kind != "application_form")
    for doc in documents:
        for page in doc.pages:
            match = REFERENCE.search(page.text)
            if match and not match.group(1).upper().startswith("CBR-"):
                return match.group(1).rstrip(".")
    return None


def _taken(application_id: str) -> bool:
    home = get_settings().home / "uploads" / application_id
    return home.exists() or any(j.application_id == application_id for j in queue_jobs())


def store_upload(files: Sequence[Path]) -> tuple[str, Path]:
    """Copy uploaded files into a new packet folder under UW_HOME/uploads: (application id, folder).

    The id is the packet's own application reference (with -2, -3… when that id is taken), so the
    queue and the form agree; a packet that states none gets an UPL- id."""
    names = [Path(f).name for f in files]
    if len(set(names)) != len(names):
        raise InvalidRequest("two uploaded files have the same name; a packet needs distinct names.")
    uploads = get_settings().home / "uploads"
    staging = uploads / f".staging-{secrets.token_hex(6)}"
    staging.mkdir(parents=True)
    for source, name in zip(files, names, strict=True):
        shutil.copyfile(source, staging / name)
    reference = packet_reference(staging)
    if reference is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        application_id = f"UPL-{stamp}-{secrets.token_hex(3)}"
    else:
        application_id, n = reference, 1
        while _taken(application_id):
            n += 1
            application_id = f"{reference}-{n}"
    packet_dir = uploads / application_id
    staging.rename(packet_dir)
    return application_id, packet_dir


def run_status(view: RunView, queue_state: str | None) -> str:
    """The run's own status once it has started; before that, the queue's (or "new")."""
    return view.status if view.status != "new" else queue_state or "new"


def queue_entries() -> list[QueueEntry]:
    """The queue as the workbench lists it: each job with its run's grade, PD and outcome."""
    jobs = queue_jobs()
    runs = run_views([j.application_id for j in jobs])
    entries = []
    for job in jobs:
        run = runs[job.application_id]
        score, memo, review, app = run.score, run.memo, run.review, run.application
        recommendation = memo.recommendation if memo else job.recommendation
        entries.append(
            QueueEntry(
                application_id=job.application_id,
                status=run_status(run, job.state),
                product=app.request.product if app else None,
                grade=score.grade if score else None,
                pd=score.pd if score else None,
                recommendation=Recommendation(recommendation) if recommendation else None,
                decision=review.decision.decision if review else None,
                updated_at=job.finished_at or job.created_at,
                failure_reason=job.failure_reason,
            )
        )
    return entries


def memo_view_of(application_id: str, run: RunView) -> MemoView | None:
    """The run's memo as the workbench shows it: the reviewer's edited text when there is one."""
    if run.memo is None:
        return None
    edit = current_edit(application_id, run.memo)
    if edit is None:
        return memo_view(run.memo)
    return memo_view(run.memo, markdown=edit.markdown, edited_by=edit.editor)
