"""The underwriter's edit of a memo: kept beside the memo's outputs, hashed into the audit trail, and
read by every surface that shows, exports or decides on the memo (the workbench and the REST API).

The verified memo itself is never changed: the edit is a separate record (text, editor, time, the
hash of its text and of the memo it started from), so the original stays retrievable and the
decision's audit record names both hashes.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from underwrite.core.canonical import sha256_text
from underwrite.core.memo import Memo
from underwrite.core.schemas import Decision
from underwrite.core.settings import get_settings
from underwrite.records.audit import AuditLog
from underwrite.tools.exports import MemoEdit

EDIT_FILENAME = "memo.edited.json"
"""The reviewer's edit (text, editor, time, hashes) beside the memo's other outputs."""


def edit_path(application_id: str) -> Path:
    return get_settings().outputs_dir / application_id / EDIT_FILENAME


def load_edit(application_id: str) -> MemoEdit | None:
    """The reviewer's saved edit of this application's memo, if any (of whichever draft)."""
    path = edit_path(application_id)
    if not path.is_file():
        return None
    return MemoEdit.model_validate_json(path.read_text(encoding="utf-8"))


def current_edit(application_id: str, memo: Memo) -> MemoEdit | None:
    """The saved edit if it was made on this very memo; an edit of an earlier draft (the memo was
    drafted again since) is not this memo's text, so it is neither shown, exported nor decided on.
    The file stays where it is: the underwriter's text is not lost."""
    edit = load_edit(application_id)
    if edit is None or edit.original_sha256 != memo.content_hash():
        return None
    return edit


def save_edit(application_id: str, memo: Memo, markdown: str, editor: str, audit: AuditLog) -> MemoEdit:
    """Write the edited text beside the memo (with its hash and the original's) and audit its hash.

    Written aside and renamed into place, so a reader never sees half an edit."""
    edit = MemoEdit(
        markdown=markdown,
        editor=editor,
        saved_at=datetime.now(UTC),
        sha256=sha256_text(markdown),
        original_sha256=memo.content_hash(),
    )
    path = edit_path(application_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    part.write_text(edit.model_dump_json(indent=2), encoding="utf-8")
    os.replace(part, path)
    audit.append(
        "memo_edited",
        application_id,
        {"sha256": edit.sha256, "chars": len(markdown), "memo_sha256": edit.original_sha256},
        actor=editor,
    )
    return edit


def bound_to_edit(decision: Decision, memo: Memo) -> Decision:
    """The decision as taken on the text the underwriter saw: the edit's hash when there is one."""
    edit = current_edit(decision.application_id, memo)
    if edit is None:
        return decision
    return decision.model_copy(update={"memo_edit_sha256": edit.sha256})
