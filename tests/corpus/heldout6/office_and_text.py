# ruff: noqa: E501
# (document text: the long strings are the documents' own lines)
"""The Portuguese DOCX (w02) and the Slovak XLSX (w06) of the sixth held-out corpus (the CSV and the
e-mail: `csv_and_mail.py`). Called by `make_documents.py`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

HERE = Path(__file__).resolve().parent


def portugal_docx(path: Path) -> None:
    """w02: Portuguese *pedido de crédito pessoal*, every answer in a two-column table (label | answer)."""
    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    p = doc.add_paragraph()
    r = p.add_run("Caixa Ria de Aveiro – Instituição Financeira de Crédito, S.A.")
    r.bold = True
    doc.add_paragraph(
        "Sede: Rua Direita, 77, 3810-081 Aveiro · NIPC 509 338 127 · Capital social 12.500.000 € · "
        "Registada no Banco de Portugal sob o n.º 0917"
    ).runs[0].font.size = Pt(7.5)
    h = doc.add_heading("PEDIDO DE CRÉDITO PESSOAL", level=1)
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("Processo n.º CP/2025/118422 · Balcão: Aveiro – Fórum · Gestor: Patrícia Lemos")

    def table(title: str, rows: list[tuple[str, str]]) -> None:
        doc.add_heading(title, level=2)
        t = doc.add_table(rows=0, cols=2)
        t.style = "Table Grid"
        for label, value in rows:
            cells = t.add_row().cells
            cells[0].text = label
            cells[1].text = value
            cells[0].paragraphs[0].runs[0].bold = True

    table(
        "1. Identificação do proponente",
        [
            ("Nome completo", "Rui Miguel Antunes Carvalho"),
            ("Data de nascimento", "09-04-1983"),
            ("NIF", "231 874 596"),
            ("Cartão de Cidadão n.º / validade", "12044873 8 ZX2 · 30-06-2031"),
            ("Estado civil", "Casado"),
            ("Morada", "Rua Eng.º Von Haff, 19, 2.º Dto., 3800-177 Aveiro"),
            ("Número de dependentes", "1"),
        ],
    )
    table(
        "2. Crédito pretendido",
        [
            ("Montante pretendido", "18.500,00 €"),
            ("Prazo (meses)", "84"),
            ("Finalidade", "Obras na habitação (substituição de caixilharia e cobertura)"),
            ("Dia de débito da prestação", "8"),
            ("IBAN para débito", "PT50 0045 3120 4027 1188 6402 7"),
        ],
    )
    table(
        "3. Situação profissional e rendimentos",
        [
            ("Situação profissional", "Trabalhador por conta de outrem – contrato sem termo"),
            ("Entidade empregadora", "Cerâmica do Vouga, S.A."),
            ("Profissão", "Técnico de manutenção industrial"),
            ("Na entidade desde", "fevereiro de 2012"),
            ("Rendimento líquido mensal", "1.685,40 €"),
            ("Rendimento líquido mensal do cônjuge", "1.240,00 €"),
            ("Rendimento bruto anual (IRS 2024, agregado)", "46.318,22 €"),
        ],
    )
    table(
        "4. Habitação e encargos",
        [
            ("Tipo de habitação", "Habitação própria com crédito"),
            ("Prestação mensal do crédito à habitação", "472,18 €"),
            ("Capital em dívida do crédito à habitação", "96.412,77 €"),
            ("Valor patrimonial do imóvel", "185.000,00 €"),
            ("Encargos mensais com créditos (excluindo crédito à habitação)", "196,30 €"),
            ("Detalhe", "Crédito automóvel (Cetelem) 156,30 € · Cartão de crédito (limite 2.500 €) 40,00 €"),
        ],
    )
    doc.add_paragraph()
    small = doc.add_paragraph(
        "Exemplo representativo: para um crédito pessoal de 10.000 € a 60 meses, TAN fixa 7,90 %, TAEG 9,6 %, "
        "prestação mensal de 202,29 €, montante total imputado ao consumidor (MTIC) de 12.577,64 €, "
        "incluindo imposto do selo e comissão de abertura de 250 €. Montantes entre 1.500 € e 75.000 €, "
        "prazos de 12 a 120 meses."
    )
    for run in small.runs:
        run.font.size = Pt(7.5)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    doc.add_paragraph(
        "Declaro que as informações prestadas são verdadeiras e autorizo a consulta à Central de "
        "Responsabilidades de Crédito do Banco de Portugal."
    )
    doc.add_paragraph("Aveiro, 4 de novembro de 2025")
    doc.add_paragraph("O proponente: ______________________________")
    doc.core_properties.title = "Pedido de crédito pessoal CP/2025/118422"
    doc.core_properties.author = "Caixa Ria de Aveiro"
    doc.save(str(path))


def slovakia_xlsx(path: Path) -> None:
    """w06: Slovak *žiadosť o spotrebiteľský úver* on a worksheet, labels in A, hints in B, answers in C."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Žiadosť"
    bold = Font(bold=True)
    head = PatternFill("solid", fgColor="DDE7F0")
    ws["A1"] = "Považská úverová banka, a.s. – ŽIADOSŤ O SPOTREBITEĽSKÝ ÚVER"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = "IČO 36 418 927 · Hlinkovo nábrežie 3, 010 01 Žilina · Tlačivo ZU-03/2025"
    ws["A3"] = "Číslo žiadosti"
    ws["C3"] = "ZU-2025-0520-1187"
    rows: list[tuple[str, str, object, str | None]] = [
        ("1. OSOBNÉ ÚDAJE", "", None, None),
        ("Meno a priezvisko", "povinné", "Zuzana Kováčiková", None),
        ("Rodné číslo", "povinné", "925613/4417", None),
        ("Dátum narodenia", "DD.MM.RRRR", dt.date(1992, 6, 13), "DD.MM.YYYY"),
        ("Rodinný stav", "", "vydatá", None),
        ("Počet vyživovaných detí", "", 1, None),
        ("Adresa trvalého pobytu", "", "Hurbanova 22, 010 01 Žilina", None),
        ("Telefón", "", "+421 905 318 774", None),
        ("", "", None, None),
        ("2. POŽADOVANÝ ÚVER", "", None, None),
        ("Výška úveru", "v €", 9800, '#,##0.00 "€"'),
        ("Doba splatnosti", "v mesiacoch", 48, None),
        ("Účel úveru", "", "Zariadenie bytu – nábytok do obývačky a detskej izby", None),
        ("IBAN na výplatu úveru", "", "SK31 1200 0000 1987 4263 7541", None),
        ("", "", None, None),
        ("3. ZAMESTNANIE A PRÍJEM", "", None, None),
        ("Zamestnávateľ", "", "Tatra Obaly s.r.o.", None),
        ("IČO zamestnávateľa", "", "47 118 302", None),
        ("Pracovná pozícia", "", "plánovačka výroby", None),
        ("Druh pracovného pomeru", "", "na dobu neurčitú", None),
        ("Zamestnaná/ý od", "DD.MM.RRRR", dt.date(2020, 10, 1), "DD.MM.YYYY"),
        ("Čistý mesačný príjem", "v €", 1420, '#,##0.00 "€"'),
        ("Čistý mesačný príjem manžela/partnera", "v €, informatívne", 1650, '#,##0.00 "€"'),
        ("", "", None, None),
        ("4. BÝVANIE", "", None, None),
        ("Typ bývania", "", "nájomný byt", None),
        ("Nájomné mesačne", "v €", 560, '#,##0.00 "€"'),
        ("Energie a služby mesačne", "v €", 140, '#,##0.00 "€"'),
        ("", "", None, None),
        ("5. EXISTUJÚCE ZÁVÄZKY", "", None, None),
        ("Lízing osobného auta – mesačná splátka", "v €", 210, '#,##0.00 "€"'),
        ("Spotrebný úver (Home Credit) – mesačná splátka", "v €", 95, '#,##0.00 "€"'),
        ("Kreditná karta – úverový limit", "v €", 1500, '#,##0.00 "€"'),
        ("Mesačné splátky spolu", "v €", 305, '#,##0.00 "€"'),
        ("", "", None, None),
        ("Miesto podania", "", "Žilina", None),
        ("Dátum žiadosti", "DD.MM.RRRR", dt.date(2025, 5, 20), "DD.MM.YYYY"),
    ]
    r = 5
    for label, hint, value, fmt in rows:
        ws.cell(r, 1, label or None)
        if hint:
            ws.cell(r, 2, hint).font = Font(italic=True, color="808080", size=9)
        if value is not None:
            cell = ws.cell(r, 3, value)
            if fmt:
                cell.number_format = fmt
            cell.alignment = Alignment(horizontal="left")
        if label and label[0].isdigit() and label[1] == ".":
            ws.cell(r, 1).font = bold
            for col in (1, 2, 3):
                ws.cell(r, col).fill = head
        r += 1
    r += 1
    ws.cell(
        r,
        1,
        "Reprezentatívny príklad: výška úveru 5 000 €, doba splatnosti 60 mesiacov, úroková sadzba 8,9 % p.a., "
        "RPMN 9,27 %, mesačná splátka 103,55 €, celková čiastka 6 213,00 €.",
    ).font = Font(size=8, color="606060")
    ws.cell(
        r + 1,
        1,
        "Vyhlasujem, že uvedené údaje sú pravdivé. Súhlasím so spracovaním osobných údajov a s nahliadnutím do "
        "registrov SRBI a NRKI.",
    ).font = Font(size=8, color="606060")
    ws.column_dimensions["A"].width = 46
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 52
    notes = wb.create_sheet("Pokyny")
    notes["A1"] = "Pokyny na vyplnenie"
    notes["A1"].font = bold
    for i, txt in enumerate(
        [
            "Vyplňte žlté a biele polia v hárku Žiadosť, stĺpec C. Stĺpec B obsahuje len nápovedu.",
            "Úver je možné poskytnúť vo výške 1 000 € až 30 000 € na 12 až 96 mesiacov.",
            "Sumy uvádzajte v eurách, dátumy vo formáte DD.MM.RRRR.",
            "Kontakt: 041 507 22 00, uvery@puba.sk (pondelok – piatok 8:00 – 17:00).",
        ],
        start=3,
    ):
        notes.cell(i, 1, txt)
    notes.column_dimensions["A"].width = 90
    wb.properties.creator = "Zuzana Kováčiková"
    wb.properties.title = "Žiadosť o spotrebiteľský úver"
    wb.save(str(path))


def main() -> None:
    portugal_docx(HERE / "w02_pt_docx_two_column" / "pedido_credito_pessoal.docx")
    slovakia_xlsx(HERE / "w06_sk_ziadost_xlsx" / "ziadost_o_uver.xlsx")
    import csv_and_mail

    csv_and_mail.sweden_csv(HERE / "w07_sv_kontoutdrag_csv" / "kontoutdrag_privatkonto.csv")
    csv_and_mail.czech_email(HERE / "w05_cs_payslip_and_email" / "email_zadost.eml")


if __name__ == "__main__":
    main()
