# ruff: noqa: E501
# (document text: the long strings are the documents' own lines)
"""Write the PDFs of the sixth held-out corpus (w01, w04; w05's pay slip in `payslip_pdf.py`);
`office_and_text.py` writes the DOCX (w02) and the XLSX (w06), `csv_and_mail.py` the CSV export
(w07) and the e-mail (w05).

Run from the repository root: `.venv/bin/python tests/corpus/heldout6/make_documents.py`.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Table, TableStyle

HERE = Path(__file__).resolve().parent
W, H = A4
FONTS = Path("/usr/share/fonts/truetype/dejavu")
pdfmetrics.registerFont(TTFont("Sans", str(FONTS / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("Sans-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
pdfmetrics.registerFont(TTFont("Cond", str(FONTS / "DejaVuSansCondensed.ttf")))


def _leader(
    c: canvas.Canvas, x: float, y: float, width: float, label: str, value: str, size: float = 9
) -> None:
    """A label, a run of dots and the value flush right: `Label ............ value`."""
    lw = pdfmetrics.stringWidth(label, "Sans", size)
    vw = pdfmetrics.stringWidth(value, "Sans-Bold", size)
    dot = pdfmetrics.stringWidth(".", "Sans", size)
    n = int((width - lw - vw - 6) / dot)
    c.setFont("Sans", size)
    c.drawString(x, y, label + " " + "." * max(n, 3))
    c.setFont("Sans-Bold", size)
    c.drawRightString(x + width, y, value)


def brazil_proposta(path: Path) -> None:
    """w01: Brazilian *proposta de crédito pessoal*, label ...... value lines with dotted leaders."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Proposta de Crédito Pessoal nº 2025-0917-33841")
    c.setFont("Sans-Bold", 13)
    c.drawString(18 * mm, H - 20 * mm, "Banco Ipê Crédito S.A.")
    c.setFont("Sans", 7.5)
    c.drawString(
        18 * mm,
        H - 25 * mm,
        "CNPJ 12.874.336/0001-09 · Av. Paulista, 1.842, 14º andar · São Paulo/SP · CEP 01310-200",
    )
    c.drawString(18 * mm, H - 29 * mm, "SAC 0800 771 4420 · Ouvidoria 0800 771 4421 · www.ipecredito.com.br")
    c.setFont("Sans-Bold", 12)
    c.drawRightString(W - 18 * mm, H - 20 * mm, "PROPOSTA DE CRÉDITO PESSOAL")
    c.setFont("Sans", 8)
    c.drawRightString(
        W - 18 * mm, H - 25 * mm, "Proposta nº 2025-0917-33841 · Correspondente: Loja Centro Campinas"
    )
    x, width = 18 * mm, W - 36 * mm
    y = H - 42 * mm

    def section(title: str) -> None:
        nonlocal y
        c.setFillColor(colors.HexColor("#1f5130"))
        c.rect(x, y - 1.5 * mm, width, 6 * mm, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.setFont("Sans-Bold", 9)
        c.drawString(x + 2 * mm, y, title)
        c.setFillColor(colors.black)
        y -= 8 * mm

    def line(label: str, value: str) -> None:
        nonlocal y
        _leader(c, x + 2 * mm, y, width - 4 * mm, label, value)
        y -= 5.6 * mm

    section("1. DADOS DO PROPONENTE")
    line("Nome completo", "Luana Ferreira dos Santos")
    line("CPF", "318.442.907-15")
    line("RG / órgão emissor / data de emissão", "27.614.093-8 SSP/SP · 04/02/2009")
    line("Data de nascimento", "17/08/1991")
    line("Estado civil", "Casada (comunhão parcial de bens)")
    line("Número de dependentes", "2")
    line("Endereço residencial", "Rua Barão de Jaguara, 1.204, ap. 52 · Campinas/SP · 13015-002")
    line("Tempo de residência no endereço", "4 anos")
    line("Telefone celular", "(19) 99813-4470")
    y -= 2 * mm
    section("2. CRÉDITO SOLICITADO")
    line("Valor solicitado", "R$ 15.000,00")
    line("Prazo", "36 meses")
    line("Finalidade", "Compra de móveis planejados (cozinha e dormitório)")
    line("Data de vencimento da 1ª parcela", "22/10/2025")
    line("Forma de pagamento", "Débito em conta · Banco 341 · Ag. 0472 · C/C 18833-4")
    y -= 2 * mm
    section("3. DADOS PROFISSIONAIS E RENDA")
    line("Natureza da ocupação", "Assalariado (CLT)")
    line("Empresa", "Lumen Telecomunicações Ltda.")
    line("CNPJ da empresa", "08.551.270/0001-44")
    line("Cargo", "Analista de suporte técnico II")
    line("Data de admissão", "01/03/2019")
    line("Renda bruta mensal", "R$ 5.870,00")
    line("Renda líquida mensal", "R$ 4.612,35")
    line("Renda do cônjuge (não compõe a renda da proposta)", "R$ 3.200,00")
    y -= 2 * mm
    section("4. MORADIA")
    line("Tipo de residência", "Alugada")
    line("Valor do aluguel", "R$ 1.650,00 / mês")
    y -= 2 * mm
    section("5. COMPROMISSOS FINANCEIROS MENSAIS DO PROPONENTE")
    rows = [
        ["Credor", "Modalidade", "Saldo devedor", "Parcela mensal"],
        ["Banco Aurora S.A.", "Financiamento de veículo", "R$ 18.904,12", "R$ 689,90"],
        ["Caixa Sul Consignados", "Empréstimo consignado", "R$ 6.120,00", "R$ 312,40"],
        ["Total das parcelas mensais", "", "", "R$ 1.002,30"],
    ]
    t = Table(rows, colWidths=[52 * mm, 52 * mm, 34 * mm, 34 * mm])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Sans", 8.5),
                ("FONT", (0, 0), (-1, 0), "Sans-Bold", 8.5),
                ("FONT", (0, -1), (-1, -1), "Sans-Bold", 8.5),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ]
        )
    )
    _tw, th = t.wrapOn(c, W, H)
    t.drawOn(c, x + 2 * mm, y - th + 4 * mm)
    y -= th + 6 * mm
    section("6. SIMULAÇÃO (valores sujeitos à aprovação de crédito)")
    line("Valor liberado", "R$ 15.000,00")
    line("Taxa de juros", "2,49% a.m. · 34,35% a.a.")
    line("IOF", "R$ 412,50")
    line("Tarifa de cadastro", "R$ 450,00")
    line("Valor da parcela (36x)", "R$ 650,81")
    line("Custo Efetivo Total (CET)", "3,12% a.m. · 44,72% a.a.")
    line("Valor total a pagar", "R$ 23.429,16")
    y -= 3 * mm
    c.setFont("Sans", 7)
    for txt in (
        "Declaro que as informações acima são verdadeiras e autorizo o Banco Ipê Crédito S.A. a consultar o SCR do Banco Central",
        "do Brasil, SPC e Serasa. Esta proposta não constitui aprovação de crédito. Exemplo: para R$ 5.000,00 em 12 parcelas de",
        "R$ 487,13, taxa de 2,49% a.m., CET 3,05% a.m. Dados tratados conforme a LGPD (Lei nº 13.709/2018).",
    ):
        c.drawString(x, y, txt)
        y -= 3.6 * mm
    y -= 6 * mm
    c.setFont("Sans", 9)
    c.drawString(x, y, "Local e data: Campinas/SP, 22 de setembro de 2025")
    c.line(W - 88 * mm, y, W - 18 * mm, y)
    c.setFont("Sans", 7.5)
    c.drawString(W - 88 * mm, y - 4 * mm, "Assinatura do proponente")
    c.drawString(x, 12 * mm, "Via do banco · Formulário PCP-07 rev. 03/2024 · Página 1 de 1")
    c.showPage()
    c.save()


def norway_soknad(path: Path) -> None:
    """w04: Norwegian *søknad om forbrukslån*, a grid with one column for the applicant and one for the co-applicant."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Søknad om forbrukslån")
    c.setFont("Sans-Bold", 14)
    c.drawString(18 * mm, H - 20 * mm, "Fjordkreditt ASA")
    c.setFont("Sans", 7.5)
    c.drawString(
        18 * mm,
        H - 25 * mm,
        "Org.nr. 998 412 337 · Strandkaien 14, 5013 Bergen · kundeservice 55 60 41 00 · fjordkreditt.no",
    )
    c.setFont("Sans-Bold", 12)
    c.drawRightString(W - 18 * mm, H - 20 * mm, "SØKNAD OM FORBRUKSLÅN")
    c.setFont("Sans", 8)
    c.drawRightString(W - 18 * mm, H - 25 * mm, "Søknadsnr. FK-25-031877")

    def grid(rows: list[list[str]], top: float, widths: list[float], header: bool = True) -> float:
        t = Table(rows, colWidths=widths)
        style = [
            ("FONT", (0, 0), (-1, -1), "Sans", 8.3),
            ("FONT", (0, 0), (0, -1), "Sans-Bold", 8.3),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        if header:
            style += [
                ("FONT", (0, 0), (-1, 0), "Sans-Bold", 8.6),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d7e3ee")),
            ]
        t.setStyle(TableStyle(style))
        _tw, th = t.wrapOn(c, W, H)
        t.drawOn(c, 18 * mm, top - th)
        return top - th - 6 * mm

    y = H - 34 * mm
    y = grid(
        [
            ["Lånet", ""],
            ["Ønsket lånebeløp", "250 000 kr"],
            ["Nedbetalingstid", "5 år"],
            ["Formål med lånet", "Oppussing av bad og kjøkken i egen bolig"],
            ["Refinansiering av annen gjeld", "Nei"],
        ],
        y,
        [62 * mm, 112 * mm],
    )
    y = grid(
        [
            ["", "Søker", "Medsøker"],
            ["Fornavn og etternavn", "Henrik Aas Solberg", "Kari Solberg Moen"],
            ["Fødselsnummer (11 siffer)", "120587 44913", "031189 52766"],
            ["Fødselsdato", "12.05.1987", "03.11.1989"],
            ["Sivilstand", "Gift", "Gift"],
            ["Statsborgerskap", "Norsk", "Norsk"],
            ["Arbeidsgiver", "Vestlandske Rør og Ventil AS", "Bergen kommune"],
            ["Stilling / stillingsprosent", "Prosjektleder, 100 %", "Lærer, 80 %"],
            ["Ansettelsesform", "Fast ansatt", "Fast ansatt"],
            ["Ansatt siden (mm.åååå)", "09.2014", "08.2016"],
            ["Brutto årsinntekt", "712 000 kr", "548 000 kr"],
            ["Netto månedsinntekt (utbetalt)", "41 380 kr", "33 900 kr"],
            ["Billån, månedlig betaling", "3 450 kr", "0 kr"],
            ["Studielån (Lånekassen), månedlig", "1 120 kr", "1 480 kr"],
            ["Kredittkort, samlet kredittramme", "30 000 kr", "15 000 kr"],
        ],
        y,
        [62 * mm, 56 * mm, 56 * mm],
    )
    y = grid(
        [
            ["Husstanden", ""],
            ["Adresse", "Kirkeveien 27, 5072 Bergen"],
            ["Boligsituasjon", "Eier (selveier) med boliglån"],
            ["Boliglån, månedlig terminbeløp", "14 260 kr"],
            ["Restgjeld boliglån", "3 184 000 kr"],
            ["Boligens verdi (takst 2023)", "5 450 000 kr"],
            ["Antall barn under 18 år i husstanden", "2"],
            ["Felles kommunale avgifter per år", "14 880 kr"],
        ],
        y,
        [62 * mm, 112 * mm],
    )
    c.setFont("Sans", 7.2)
    for txt in (
        "Eksempel: Effektiv rente 12,9 %, 150 000 kr o/5 år, kostnad 51 234 kr, totalt 201 234 kr. Nominell rente fra 9,9 % til 24,9 %.",
        "Lånebeløp fra 10 000 kr til 600 000 kr, nedbetalingstid 1–15 år. Vi innhenter kredittopplysninger og gjeldsopplysninger",
        "fra Gjeldsregisteret AS. Søker og medsøker er solidarisk ansvarlige for lånet. Personopplysninger behandles etter GDPR.",
    ):
        c.drawString(18 * mm, y, txt)
        y -= 3.6 * mm
    y -= 10 * mm
    c.setFont("Sans", 9)
    c.drawString(18 * mm, y, "Sted og dato: Bergen, 18.03.2025")
    c.line(100 * mm, y, 145 * mm, y)
    c.line(150 * mm, y, W - 18 * mm, y)
    c.setFont("Sans", 7.5)
    c.drawString(100 * mm, y - 4 * mm, "Underskrift søker")
    c.drawString(150 * mm, y - 4 * mm, "Underskrift medsøker")
    c.drawString(18 * mm, 12 * mm, "Skjema FK-S1 (01.2025) · Side 1 av 1")
    c.showPage()
    c.save()


def main() -> None:
    brazil_proposta(HERE / "w01_ptbr_proposta_pdf_dotted" / "proposta_credito_pessoal.pdf")
    norway_soknad(HERE / "w04_no_soknad_pdf_grid" / "soknad_forbrukslan.pdf")
    import office_and_text
    import payslip_pdf

    payslip_pdf.czech_payslip(HERE / "w05_cs_payslip_and_email" / "vyplatni_paska_2025-08.pdf")

    office_and_text.main()


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE))
    main()
