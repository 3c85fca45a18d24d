"""What the graph tells the reviewer about the packet itself: never its own outcome as a precedent,
an unreadable file in words (not the server's path), a packet with nothing readable as a failure in words."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from agent_fakes import ScriptedLLM, make_deps, narrative, packet_folder

from underwrite.agent.workflow import draft_memo


def test_a_generated_packet_is_not_shown_its_own_outcome_as_a_precedent(tmp_path: Path) -> None:
    from types import SimpleNamespace

    packet = packet_folder(tmp_path, "APP-GER-000420")
    deps = make_deps(ScriptedLLM({"MemoNarrative": [narrative()]}))
    meta = {"amount": 12500.0, "term_months": 36}
    own = SimpleNamespace(
        case_id="german-00420",
        similarity=0.99,
        decision="approve",
        outcome="repaid",
        summary="",
        metadata=meta,
    )
    other = SimpleNamespace(
        case_id="german-00421",
        similarity=0.7,
        decision="approve",
        outcome="repaid",
        summary="",
        metadata=meta,
    )
    deps = dataclasses.replace(deps, search_precedents=lambda t, k, f: [own, other])
    result = draft_memo(packet, deps)
    assert [p.case_id for p in result.memo.precedents] == ["german-00421"]


def test_an_unreadable_file_is_flagged_in_words_without_the_servers_path(tmp_path: Path) -> None:
    from agent_fakes import fake_application

    from underwrite.tools.intake.packet import load_application

    folder = packet_folder(tmp_path, "APP-X-1")
    (folder / "bank_statement.pdf").write_bytes(b"%PDF-1.4\n not a pdf at all")
    (folder / "note.txt").write_text("Loan amount: 1,000.00\n")
    _, failures = load_application(folder)
    assert failures, "the reader no longer fails a corrupt PDF"
    deps = dataclasses.replace(
        make_deps(ScriptedLLM({"MemoNarrative": [narrative()]})),
        load_application=lambda packet_dir: (fake_application(packet_dir), failures),
    )
    result = draft_memo(folder, deps)
    (text,) = [f.message for f in result.memo.flags if f.code == "document_unreadable"]
    assert text.startswith("bank_statement.pdf could not be read: ")
    assert str(tmp_path) not in text and "error_type" not in text


def test_a_packet_with_no_readable_file_fails_in_words(tmp_path: Path) -> None:
    from underwrite.agent.errors import EmptyPacketError
    from underwrite.tools.intake.packet import load_application

    folder = packet_folder(tmp_path, "BAD-1")
    (folder / "form.pdf").write_bytes(b"%PDF-1.4 broken")
    app, failures = load_application(folder)
    assert not app.documents and failures
    deps = dataclasses.replace(
        make_deps(ScriptedLLM({})), load_application=lambda packet_dir: (app, failures)
    )
    with pytest.raises(EmptyPacketError) as raised:
        draft_memo(folder, deps)
    # The queue shows this as the failed job's reason; it held a dict repr of the failure.
    assert "form.pdf could not be read: " in str(raised.value) and "'error_type'" not in str(raised.value)
