"""Bounds on what a ZIP-based upload (DOCX) may unpack to, checked before anything is unpacked.

A DOCX is a ZIP archive, and python-docx reads every part into memory: a 440 KB upload whose
``word/document.xml`` is 400 MB of padding took 870 MB of memory to refuse, so a 25 MB one (the
API's upload limit) could exhaust a worker. The central directory declares each member's unpacked
size, and Python's ``zipfile`` never inflates a member past its declared size (it stops there and
fails the CRC check), so checking the declared sizes bounds the real ones.
"""

from __future__ import annotations

import zipfile

from underwrite.tools.intake.errors import TooLargeError

MAX_UNPACKED_BYTES = 64_000_000
"""A letter, pay slip or statement as DOCX unpacks to well under 5 MB, images included."""
MAX_MEMBERS = 2000


def check_zip_bounds(archive: zipfile.ZipFile) -> None:
    """Raise TooLargeError, in words, for an archive that unpacks to more than a document could."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise TooLargeError(
            f"is a ZIP archive of {len(infos)} parts; a document has at most {MAX_MEMBERS} "
            "(refused before unpacking: an archive like this is built to exhaust the reader)"
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        biggest = max(infos, key=lambda info: info.file_size)
        raise TooLargeError(
            f"unpacks to {total / 1e6:.0f} MB ({biggest.filename}: {biggest.file_size / 1e6:.0f} MB); "
            f"a document may unpack to at most {MAX_UNPACKED_BYTES / 1e6:.0f} MB "
            "(refused before unpacking: a ZIP bomb, or not a letter, pay slip or statement)"
        )
