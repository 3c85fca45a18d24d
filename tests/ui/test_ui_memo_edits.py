"""The workbench's memo edits through the shared ``records.memo_edits`` (the REST API reads the same
records, tests/api/test_api_memo_edits.py): saved whole, shown and exported while they belong to
the memo on screen, and never passed off as the edit of a memo drafted again since."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from workbench_support import ALICE, drafted

from underwrite.agent.workflow import run_view
from underwrite.core.canonical import sha256_text
from underwrite.core.schemas import Recommendation
from underwrite.records.memo_edits import edit_path, load_edit, save_edit
from underwrite.ui.models import DecisionRequest


def test_an_edit_is_shown_while_it_belongs_to_the_memo_and_never_after_a_redraft(tmp_path: Path) -> None:
    made = drafted(tmp_path)
    bench, application_id, deps = made.bench, made.application_id, made.deps
    edited = "# Credit memo\n\nRewritten by the underwriter.\n"
    bench.save_memo_edits(ALICE, application_id, edited)
    assert bench.open_application(ALICE, application_id).memo.markdown == edited
    assert [p.name for p in edit_path(application_id).parent.iterdir() if p.name.endswith(".part")] == []
    edit = load_edit(application_id)
    assert edit is not None and edit.sha256 == sha256_text(edited) and edit.editor == "alice"

    # As if the memo was drafted again since: the saved edit started from another memo.
    memo = run_view(application_id).memo
    assert memo is not None
    earlier = memo.model_copy(update={"application_id": "an-earlier-draft"})  # another content hash
    save_edit(application_id, earlier, "# stale text\n", "bob", deps.audit)  # type: ignore[attr-defined]
    view = bench.open_application(ALICE, application_id).memo
    assert view is not None and view.edited_by is None and "stale text" not in view.markdown
    docx = Document(BytesIO(bench.export_memo(ALICE, application_id, "docx").read_bytes()))
    assert not any("stale text" in p.text or p.text.startswith("Edited by") for p in docx.paragraphs)
    bench.decide(ALICE, DecisionRequest(application_id=application_id, decision=Recommendation.approve))
    records = deps.audit.records(application_id)  # type: ignore[attr-defined]
    assert next(r for r in records if r.kind == "decision").payload["memo_edit_sha256"] is None
    assert load_edit(application_id) is not None  # the underwriter's text is kept, not deleted
