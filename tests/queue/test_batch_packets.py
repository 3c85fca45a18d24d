from __future__ import annotations

from pathlib import Path

import pytest

from underwrite.queue.errors import PacketRejected
from underwrite.queue.packets import packet_content_hash, validate_packet_dir
from underwrite.tools.intake.packet import packet_files


def _packet(tmp_path: Path) -> Path:
    folder = tmp_path / "APP-1"
    folder.mkdir()
    (folder / "form.txt").write_text("income 3000")
    (folder / "statement.csv").write_text("date,amount\n2024-01-01,3000\n")
    return folder


def test_hash_ignores_os_junk_but_not_real_files(tmp_path: Path) -> None:
    folder = _packet(tmp_path)
    base = packet_content_hash(folder)
    (folder / ".DS_Store").write_bytes(b"\x00junk")
    (folder / "__MACOSX").mkdir()
    (folder / "__MACOSX" / "form.txt").write_text("resource fork")
    assert packet_content_hash(folder) == base
    (folder / "form.txt").write_text("income 3001")
    assert packet_content_hash(folder) != base


def test_hash_covers_exactly_the_files_the_reader_opens(tmp_path: Path) -> None:
    folder = _packet(tmp_path)
    assert [p.name for p in packet_files(folder)] == ["form.txt", "statement.csv"]
    base = packet_content_hash(folder)
    (folder / "truth.json").write_text("{}")  # the answer key: never read
    (folder / "Thumbs.db").write_bytes(b"\x00")
    (folder / "notes").mkdir()
    (folder / "notes" / "extra.txt").write_text("a subfolder the reader does not open")
    assert [p.name for p in packet_files(folder)] == ["form.txt", "statement.csv"]
    assert packet_content_hash(folder) == base
    (folder / "letter.txt").write_text("a new document")
    assert packet_content_hash(folder) != base


def test_hash_changes_when_a_file_is_renamed(tmp_path: Path) -> None:
    folder = _packet(tmp_path)
    base = packet_content_hash(folder)
    (folder / "form.txt").rename(folder / "form2.txt")
    assert packet_content_hash(folder) != base


def test_identical_content_in_two_folders_has_one_hash(tmp_path: Path) -> None:
    first = _packet(tmp_path)
    second = tmp_path / "copy" / "APP-1"
    second.mkdir(parents=True)
    for path in first.iterdir():
        (second / path.name).write_bytes(path.read_bytes())
    assert packet_content_hash(first) == packet_content_hash(second)


def _make(tmp_path: Path, kind: str) -> Path:
    if kind == "file":
        (tmp_path / "file.txt").write_text("x")
        return tmp_path / "file.txt"
    folder = tmp_path / kind
    if kind != "missing":
        folder.mkdir()
    if kind == "answer_key_only":
        (folder / "truth.json").write_text("{}")
    return folder


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "no such folder"),
        ("file", "not a folder"),
        ("empty", "no application documents"),
        ("answer_key_only", "no application documents"),
    ],
)
def test_non_packets_are_rejected_with_the_reason(tmp_path: Path, kind: str, message: str) -> None:
    with pytest.raises(PacketRejected, match=message):
        validate_packet_dir(_make(tmp_path, kind))


def test_parent_of_packets_is_rejected_with_a_hint(tmp_path: Path) -> None:
    _packet(tmp_path)
    with pytest.raises(PacketRejected, match=r"queue each packet folder instead"):
        validate_packet_dir(tmp_path)
