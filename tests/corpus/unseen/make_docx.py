"""Write the corpus DOCX files. The text is written here by hand; the DOCX files it makes are committed.

python tests/corpus/unseen/make_docx.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

HERE = Path(__file__).parent


def table_doc(path: Path, title: str, intro: str, rows: list[list[str]], footer: str) -> None:
    doc = Document()
    doc.add_heading(title, level=1)
    doc.add_paragraph(intro)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    doc.add_paragraph(footer)
    doc.save(str(path))


def u01() -> None:
    table_doc(
        HERE / "u01_en_docx_table" / "application.docx",
        "Personal Loan Request",
        "Northfield Credit Union - member lending. Please return this form to your branch.",
        [
            ["Applicant", "Margaret O'Connell"],
            ["Date of birth", "12/07/1986"],
            ["Application date", "3 March 2025"],
            ["Amount you wish to borrow", "€ 12,000"],
            ["Repayment term", "36 months"],
            ["What is the loan for?", "Used car"],
            ["Employer", "Halden Logistics Ltd"],
            ["Years with current employer", "6 yrs"],
            ["Net income per month", "€2,850.00"],
            ["Existing loan repayments", "€240 per month"],
            ["Rent or mortgage", "€900 / month"],
            ["Residential status", "Tenant"],
            ["Number of dependants", "2"],
        ],
        "Signed: M. O'Connell",
    )


def u02() -> None:
    table_doc(
        HERE / "u02_de_docx_grid" / "antrag.docx",
        "Kreditantrag - Ratenkredit",
        "Stadtsparkasse Musterhausen · Bitte in Druckbuchstaben ausfüllen.",
        [
            ["Name", "Jonas Weber", "Geburtsdatum", "04.11.1990"],
            ["Antragsdatum", "10.02.2025", "Staatsangehörigkeit", "deutsch"],
            ["Darlehensbetrag", "15.000,00 €", "Laufzeit", "48 Monate"],
            ["Verwendungszweck", "Möbel", "Beschäftigungsverhältnis", "Angestellt"],
            ["Arbeitgeber", "Brandt Maschinenbau GmbH", "Beschäftigt seit", "2019"],
            ["Nettoeinkommen (monatlich)", "3.120,50 €", "Mietkosten / Monat", "780,00 €"],
            ["Bestehende Kreditraten", "0,00 €", "Wohnsituation", "zur Miete"],
            ["Unterhaltsberechtigte Personen", "1", "Telefon", "0211 4455 120"],
        ],
        "Ort, Datum, Unterschrift: Musterhausen, 10.02.2025, J. Weber",
    )


def u11() -> None:
    table_doc(
        HERE / "u11_zh_docx_table" / "借款申请书.docx",
        "个人借款申请书",
        "申请机构：东方消费金融有限公司",
        [
            ["借款人", "王芳"],
            ["申请日期", "2025-05-10"],
            ["申请金额", "人民币 80,000元"],
            ["借款期限", "三年"],
            ["借款用途", "购买新车"],
            ["就业状况", "在职"],
            ["单位名称", "上海明远物流有限公司"],
            ["入职时间", "2020年"],
            ["税后月收入", "¥12,000"],
            ["其他贷款月还款额", "无"],
            ["住房情况", "自有住房"],
        ],
        "借款人签名：王芳",
    )


if __name__ == "__main__":
    u01()
    u02()
    u11()
