"""Uploads built to break the reader or the server: a DOCX zip bomb, PDFs with cyclic or enormous
page trees, file names that are not UTF-8. Each is refused in words, nothing is queued, and the
server stays up for the next call."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from api_support import FORM, Keys, MakeClient
from docx import Document
from fastapi.testclient import TestClient

from underwrite.records.audit import AuditLog
from underwrite.tools.intake.errors import CorruptDocumentError, CorruptPDFError, TooLargeError
from underwrite.tools.intake.pdf import read_pdf
from underwrite.tools.intake.reader import read_document

PROBLEM = "application/problem+json"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def idle(make_client: MakeClient) -> TestClient:
    return make_client(background=False)


def _queued(client: TestClient, keys: Keys) -> int:
    total: int = client.get("/v1/queue", headers=keys.auth("compliance")).json()["total"]
    return total


def zip_bomb(padding: int = 200_000_000) -> bytes:
    """A valid DOCX whose document.xml carries ``padding`` bytes of comment: ~200 KB compressed."""
    buf = io.BytesIO()
    Document().save(buf)
    source = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                at = data.index(b"<w:body>")
                data = data[:at] + b"<!--" + b" " * padding + b"-->" + data[at:]
            bomb.writestr(info.filename, data, compresslevel=9)
    return out.getvalue()


def test_a_docx_zip_bomb_is_refused_at_upload_before_unpacking(idle: TestClient, keys: Keys) -> None:
    # Before the fix it was accepted (only the zip's member names were read) and the worker's
    # python-docx inflated every byte: 870 MB of memory for a 440 KB upload.
    bomb = zip_bomb()
    assert len(bomb) < 1_000_000
    files = [("files", ("letter.docx", bomb, DOCX))]
    response = idle.post("/v1/applications", files=files, headers=keys.auth("intake"))
    assert response.status_code == 413 and response.headers["content-type"] == PROBLEM, response.text
    body = response.json()
    assert body["type"] == "/problems/too-large"
    assert body["detail"].startswith("letter.docx unpacks to 20") and "ZIP bomb" in body["detail"]
    assert _queued(idle, keys) == 0
    ok = idle.post(
        "/v1/applications", files=[("files", ("form.txt", FORM, "text/plain"))], headers=keys.auth("intake")
    )
    assert ok.status_code == 202  # the server is still there


def test_the_reader_refuses_the_zip_bomb_too(tmp_path: Path) -> None:
    """A packet dropped into a batch folder never passes the API: the reader has the same bound."""
    path = tmp_path / "letter.docx"
    path.write_bytes(zip_bomb())
    with pytest.raises(TooLargeError, match="ZIP bomb"):
        read_document(path)


def test_a_zip_that_understates_its_size_inflates_no_further(tmp_path: Path) -> None:
    """The bound trusts declared sizes; a member that lies about its size must not inflate past it."""
    bomb = bytearray(zip_bomb())
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = bomb.index(signature)
        while bomb[at + (46 if signature == b"PK\x01\x02" else 30) :].startswith(name) is False:
            at = bomb.index(signature, at + 4)
        struct.pack_into("<I", bomb, at + size_at, 20_000)
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(bomb))
    with pytest.raises(CorruptDocumentError, match=r"damaged DOCX file \(Bad CRC-32"):
        read_document(path)


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def _fan_out(depth: int) -> list[bytes]:
    """A page tree where every node lists the next one ten times: 10**depth pages in ~1 KB."""
    nodes = [
        f"<< /Type /Pages /Kids [{' '.join([f'{d + 3} 0 R'] * 10)}] /Count {10 ** (depth - d)} >>".encode()
        for d in range(depth)
    ]
    return [CATALOG, *nodes, b"<< /Type /Page /MediaBox [0 0 10 10] >>"]


@pytest.mark.parametrize(
    ("objects", "error", "words"),
    [
        ([CATALOG, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"], CorruptPDFError, "cyclic page references"),
        (
            [
                CATALOG,
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
            ],
            CorruptPDFError,
            "cyclic page references",
        ),
        (_fan_out(3), TooLargeError, "has 1000 pages; the limit is 50"),
        (_fan_out(7), CorruptPDFError, "page tree entry limit"),
    ],
    ids=["kids-itself", "kids-cycle", "1000-pages-in-1kb", "10-million-pages"],
)
def test_hostile_page_trees_are_refused_in_words(objects: list[bytes], error: type, words: str) -> None:
    # Caught before this work: pypdf detects the cycle and bounds the tree, the page limit holds.
    with pytest.raises(error, match=words):
        read_pdf(_pdf(objects), max_pages=50)


def _upload_named(client: TestClient, keys: Keys, raw_name: bytes) -> object:
    """Raw multipart bytes: httpx would encode or escape the name itself."""
    body = (
        b'--b0\r\nContent-Disposition: form-data; name="files"; filename="' + raw_name + b'"\r\n'
        b"Content-Type: text/plain\r\n\r\n" + FORM + b"\r\n--b0--\r\n"
    )
    headers = {**keys.auth("intake"), "content-type": "multipart/form-data; boundary=b0"}
    return client.post("/v1/applications", content=body, headers=headers)


@pytest.mark.parametrize(
    ("raw_name", "why"),
    [
        # Not UTF-8: arrives decoded as Latin-1, 0x80-0x9F as C1 controls (accepted before the fix).
        (b"\xed\xa0\x80.txt", "control characters"),
        (b"pay\x9bslip.txt", "control characters"),
        ("invoice\u202etxt.pdf".encode(), "bidirectional"),  # displays as "invoicefdp.txt"
        (b"nul\x00.txt", "control characters"),
    ],
    ids=["surrogate-bytes", "c1-csi", "right-to-left-override", "nul"],
)
def test_file_names_with_hidden_controls_are_refused(
    idle: TestClient, keys: Keys, raw_name: bytes, why: str
) -> None:
    response = _upload_named(idle, keys, raw_name)
    assert getattr(response, "status_code") == 422, getattr(response, "text")  # noqa: B009
    body = getattr(response, "json")()  # noqa: B009
    assert body["type"] == "/problems/bad-filename" and why in body["detail"]
    assert _queued(idle, keys) == 0


@pytest.mark.parametrize("raw_name", ["Überweisung_€.txt".encode(), b"caf\xe9.txt"])
def test_readable_names_in_utf8_or_latin1_are_still_accepted(
    idle: TestClient, keys: Keys, raw_name: bytes
) -> None:
    response = _upload_named(idle, keys, raw_name)
    assert getattr(response, "status_code") == 202, getattr(response, "text")  # noqa: B009


def test_a_refused_file_name_is_told_to_the_client_but_masked_in_the_audit_trail(
    idle: TestClient, keys: Keys
) -> None:
    """Before the fix the refusal's words, file name and all, went into the api_call record: a file
    named after the applicant put the name in the trail, where identifiers are pseudonyms."""
    response = _upload_named(idle, keys, b"Erika Mustermann payslip\x85.txt")
    assert getattr(response, "status_code") == 422  # noqa: B009
    assert "Erika Mustermann payslip" in getattr(response, "json")()["detail"]  # noqa: B009
    records = [e for e in AuditLog().records("api") if e.kind == "api_call"]
    refused = [e for e in records if e.payload.get("status") == 422]
    assert len(refused) == 1 and "bad-filename" in refused[0].payload["problem"]
    assert "Mustermann" not in json.dumps([e.payload for e in records])
    assert "[pii:" in refused[0].payload["problem"]


def test_a_docx_with_malformed_xml_reads_as_damaged_in_words(tmp_path: Path) -> None:
    """Before: lxml's XMLSyntaxError escaped the reader (reported as a reader bug, not the file's)."""
    buf = io.BytesIO()
    Document().save(buf)
    source = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as broken:
        for info in source.infolist():
            data = source.read(info.filename)
            broken.writestr(info.filename, data[:-40] if info.filename == "word/document.xml" else data)
    path = tmp_path / "cut.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(CorruptDocumentError, match="damaged DOCX file"):
        read_document(path)
