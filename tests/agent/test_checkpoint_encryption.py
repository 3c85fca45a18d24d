"""Agent checkpoints are encrypted at rest: the applicant's facts never sit in clear in the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from agent_fakes import ScriptedLLM, make_deps, narrative
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from underwrite.agent.checkpoints import open_checkpointer, serializer
from underwrite.agent.graph import compile_graph
from underwrite.agent.workflow import draft_memo
from underwrite.core.checkpoint_cipher import CheckpointDecryptError
from underwrite.core.keys import keys_dir, new_key
from underwrite.core.settings import get_settings


def _blobs() -> list[tuple[str, bytes]]:
    with sqlite3.connect(get_settings().checkpoints_path) as conn:
        rows = conn.execute("SELECT type, checkpoint FROM checkpoints").fetchall()
        rows += conn.execute("SELECT type, value FROM writes").fetchall()
    return [(t, bytes(b)) for t, b in rows if b is not None]


def test_a_drafted_memo_leaves_no_applicant_text_in_the_checkpoint_file(tmp_path: Path) -> None:
    packet = tmp_path / "german-0042"
    packet.mkdir()
    deps = make_deps(ScriptedLLM({"MemoNarrative": [narrative()]}))
    result = draft_memo(packet, deps)
    assert result.status == "awaiting_review"
    blobs = _blobs()
    assert blobs, "the run wrote no checkpoint"
    assert all("+aesgcm:" in typ for typ, _ in blobs), sorted({typ for typ, _ in blobs})
    # The model's narrative and the requested amount are in the state; neither may be readable
    # in the file (WAL included: read through SQLite, which has merged it).
    for clear in (b"requests EUR 12,500", b"Debt-to-income is inside"):
        assert not any(clear in blob for _, blob in blobs), clear
    with open_checkpointer(None) as saver:
        snap = compile_graph(saver).get_state({"configurable": {"thread_id": packet.name}})
    assert snap.values["memo"].model_dump() == result.memo.model_dump()


def test_a_checkpoint_written_before_encryption_still_loads() -> None:
    plain = JsonPlusSerializer().dumps_typed({"note": "written by an older version"})
    assert serializer().loads_typed(plain) == {"note": "written by an older version"}


def test_an_altered_byte_fails_in_words_instead_of_reviving_state() -> None:
    serde = serializer()
    typ, blob = serde.dumps_typed({"income": 4200})
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(CheckpointDecryptError, match="integrity check"):
        serde.loads_typed((typ, tampered))


def test_after_key_rotation_old_checkpoints_open_and_new_ones_use_the_new_key() -> None:
    old_typ, old_blob = serializer().dumps_typed({"income": 4200})
    new_id = new_key("checkpoint", keys_dir())
    serde = serializer()
    assert serde.loads_typed((old_typ, old_blob)) == {"income": 4200}
    assert serde.dumps_typed({"income": 1})[0].endswith(":" + new_id)


def test_a_checkpoint_whose_key_is_gone_says_which_key_is_missing() -> None:
    typ, blob = serializer().dumps_typed({"income": 4200})
    for path in keys_dir().glob("checkpoint*"):
        path.unlink()
    with pytest.raises(CheckpointDecryptError, match="not among this home's checkpoint keys"):
        serializer().loads_typed((typ, blob))
