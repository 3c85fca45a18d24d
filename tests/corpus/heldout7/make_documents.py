"""Write every document of the seventh held-out corpus (v01 … v08).

Run from the repository root: `/tmp/ci7/.venv/bin/python tests/corpus/heldout7/make_documents.py`
(any python with reportlab, python-docx and openpyxl). The documents are written byte for byte
the same on every run: the PDFs with reportlab's `invariant=1` (fixed creation date and document
ID), the DOCX re-zipped with a fixed timestamp on every member (`fixed_zip`), the e-mails without
generated headers, all text with fixed line endings.

Modules (each under 300 lines):
  mt940.py       v01 SWIFT MT940 export of a German savings bank
  camt053.py     v02 ISO 20022 camt.053 export of a Dutch bank
  sa302_pdf.py   v03 HMRC SA302 tax calculation PDF
  paystub_pdf.py v04 US pay stub PDF
  irish_docx.py  v05 Irish credit-union application DOCX (existing-debts table)
  hungary_pdf.py v06 Hungarian personal-loan application PDF
  texts.py       v03 cover e-mail, v04 online application summary, v07 Finnish .eml, v08 Japanese HTML
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FONTS = Path("/usr/share/fonts/truetype/dejavu")
ZIP_TIME = (2025, 12, 2, 9, 30, 0)

PACKETS = {
    "v01": "v01_de_mt940_sparkasse",
    "v02": "v02_nl_camt053_xml",
    "v03": "v03_uk_sa302_self_employed",
    "v04": "v04_us_paystub_and_summary",
    "v05": "v05_ie_docx_debts_table",
    "v06": "v06_hu_igenyles_pdf",
    "v07": "v07_fi_eml_base64_words",
    "v08": "v08_ja_html_moushikomi",
}


def out(packet: str, name: str) -> Path:
    """The path of a document in its packet folder (the folder is created if missing)."""
    folder = HERE / PACKETS[packet]
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def register_fonts() -> None:
    """DejaVu for the PDFs whose text needs more than Latin-1 (Hungarian ő/ű, the € sign)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in (
        ("Sans", "DejaVuSans.ttf"),
        ("Sans-Bold", "DejaVuSans-Bold.ttf"),
        ("Cond", "DejaVuSansCondensed.ttf"),
        ("Cond-Bold", "DejaVuSansCondensed-Bold.ttf"),
    ):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))


def fixed_zip(data: bytes, path: Path) -> None:
    """Rewrite an OOXML package (DOCX/XLSX) with one fixed timestamp and fixed attributes on every
    member, in the original member order, so the file is byte-identical on every run."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            dst.writestr(info, src.read(item.filename))
    path.write_bytes(buf.getvalue())


def write_text(path: Path, text: str, newline: str = "\n", encoding: str = "utf-8") -> None:
    """Write text with the given line ending (the documents' own: CRLF for the bank file and mails)."""
    path.write_bytes(text.replace("\n", newline).encode(encoding))


def main() -> None:
    sys.path.insert(0, str(HERE))
    register_fonts()
    import camt053
    import hungary_pdf
    import irish_docx
    import mt940
    import paystub_pdf
    import sa302_pdf
    import texts

    mt940.mt940(out("v01", "MT940_0012847391_20251103.sta"))
    camt053.camt053(out("v02", "camt053_NL27NRDB0551832074_2025-10_2025-11.xml"))
    sa302_pdf.sa302(out("v03", "SA302_2024-25_and_2023-24.pdf"))
    texts.uk_cover_email(out("v03", "email_to_broker.txt"))
    paystub_pdf.us_paystub(out("v04", "paystub_2025-11-14.pdf"))
    texts.us_application_summary(out("v04", "loan_application_summary.txt"))
    irish_docx.irish_docx(out("v05", "loan_application_form.docx"))
    hungary_pdf.hungarian_pdf(out("v06", "szemelyi_kolcson_igenylolap.pdf"))
    texts.finnish_eml(out("v07", "lainahakemus.eml"))
    texts.japanese_html(out("v08", "moushikomi_kakunin.html"))


if __name__ == "__main__":
    main()
