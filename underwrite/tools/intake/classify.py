"""Which kind of document a text is, from phrases each kind of document uses.

Languages: en, de, zh, fr, es, it, nl, pt, sv, da, no, cs, sk, pl (the cover-letter and pay-slip
phrases of the later ones are their usual greetings, sign-offs and table headings)."""

from __future__ import annotations

import re
from typing import Literal

DocumentKind = Literal[
    "application_form",
    "bank_statement",
    "payslip",
    "employer_letter",
    "cover_letter",
    "profit_and_loss",
    "credit_report",
    "tax_return",
    "unknown",
]

KIND_PHRASES: dict[str, list[str]] = {
    "application_form": [
        "loan application",
        "credit application",
        "application for a",
        "applicant name",
        "amount requested",
        "credit requested",
        "signature:",
        "loan amount",
        "kreditantrag",
        "darlehensantrag",
        "antragsteller",
        "darlehensbetrag",
        "antragsdatum",
        "申请表",
        "申请人",
        "贷款金额",
        "申请金额",
        "借款申请",
        *("demande de prêt", "demande de crédit", "montant demandé", "solicitud de préstamo"),
        *("importe solicitado", "richiesta di prestito", "richiesta di finanziamento", "importo richiesto"),
        *("kredietaanvraag", "aanvraag lening", "gevraagd bedrag", "leenbedrag"),
        *(
            "pedido de crédito",
            "proposta de crédito",
            "montante pretendido",
            "valor solicitado",
            "proponente",
        ),
        *("ansökan om", "låneansökan", "lånebelopp", "sökande", "låneansøgning", "ansøger", "lånebeløb"),
        *("søknad om", "lånesøknad", "lånebeløp", "søker", "žádost o", "výše úvěru", "žadatel"),
        *("žiadosť o", "výška úveru", "žiadateľ", "wniosek o", "wnioskodawca", "kwota kredytu"),
    ],
    "bank_statement": [
        "account statement",
        "statement of account",
        "opening balance",
        "closing balance",
        "iban",
        "statement period",
        "account holder",
        "kontoauszug",
        "kontoinhaber",
        "anfangssaldo",
        "endsaldo",
        "buchungstext",
        "对账单",
        "交易明细",
        "期初余额",
        *("relevé de compte", "solde initial", "solde final", "extracto de cuenta", "saldo inicial"),
        *("saldo final", "estratto conto", "saldo iniziale", "rekeningafschrift", "beginsaldo"),
        *("eindsaldo", "rekeninghouder"),
        *("extrato bancário", "extrato de conta", "saldo anterior", "saldo disponível", "kontoutdrag"),
        *("ingående saldo", "utgående saldo", "kontohavare", "kontoudtog", "primosaldo", "kontoutskrift"),
        *("inngående saldo", "výpis z účtu", "počáteční zůstatek", "konečný zůstatek", "majitel účtu"),
        *("počiatočný zostatok", "konečný zostatok", "wyciąg z rachunku", "saldo początkowe"),
        "saldo końcowe",
        # column headings of statement exports (CSV) in those languages
        *("bokföringsdag", "bokfört saldo", "transaktionsdag", "valutadag", "bogføringsdato", "rentedato"),
        *("bokføringsdato", "data movimento", "data valor", "saldo contabilístico", "datum zaúčtování"),
        *("dátum zaúčtovania", "data księgowania"),
    ],
    "payslip": [
        "pay slip",
        "payslip",
        "salary statement",
        "earnings statement",
        "gross pay",
        "personnel no",
        "social security contributions",
        # what a pay slip's table is made of, in the UK, US and Germany
        "net pay",
        "total deductions",
        "tax period",
        "tax code",
        "year to date",
        "paye tax",
        "paye ref",
        "national insurance",
        "pay date",
        "pay period",
        "gross earnings",
        "gehaltsabrechnung",
        "lohnabrechnung",
        "entgeltabrechnung",
        "verdienstabrechnung",
        "auszahlungsbetrag",
        "gesamtbrutto",
        *("recibo de vencimento", "vencimento base", "holerite", "contracheque", "salário base"),
        *("líquido a receber", "segurança social", "lönespecifikation", "att utbetala", "bruttolön"),
        *("skatteavdrag", "lønseddel", "a-skat", "lønnsslipp", "forskuddstrekk", "výplatní páska"),
        *("hrubá mzda", "čistá mzda", "k výplatě", "výplatná páska", "k výplate", "pasek wynagrodzeń"),
        *("wynagrodzenie brutto", "do wypłaty"),
    ],
    "employer_letter": [
        "employment confirmation",
        "to whom it may concern",
        "hereby confirm",
        "employed by",
        "benefit entitlement",
        "unemployment benefit",
        "yours faithfully",
    ],
    "cover_letter": [
        "dear ",
        "yours sincerely",
        "i am writing",
        "i would like",
        "thank you for considering",
        "i look forward",
        *("madame, monsieur", "je vous prie", "cordialement", "estimados señores", "atentamente"),
        *("me dirijo a ustedes", "egregi signori", "distinti saluti", "geachte", "met vriendelijke groet"),
        *("exmos. senhores", "prezados senhores", "venho por este meio", "com os melhores cumprimentos"),
        *("atenciosamente", "med vänliga hälsningar", "med venlig hilsen", "med vennlig hilsen", "kære "),
        *("vážení", "s pozdravem", "dobrý den", "s pozdravom", "dobrý deň", "szanowni państwo"),
        "z poważaniem",
    ],
    "credit_report": [
        "credit bureau report",
        "bureau reference",
        "credit reference agency",
        "public records",
        "past due",
        "consent to this enquiry",
        "credit bureau",
        "credit reference",
        "auskunftei",
        "schufa",
        "征信报告",
        "逾期",
    ],
    "profit_and_loss": [
        "profit and loss",
        "income statement",
        "statement of profit or loss",
        "ebitda",
        "gross profit",
        "net profit",
        "fiscal year",
        "cost of sales",
    ],
    # a tax office's calculation or assessment of a year's income (SA302, Steuerbescheid, 1040 …)
    "tax_return": [
        *("tax calculation", "sa302", "self assessment", "tax year overview", "total income received"),
        *("personal allowance", "income tax due", "payments on account", "einkommensteuerbescheid"),
        *("steuerbescheid", "summe der einkünfte", "zu versteuerndes einkommen", "festgesetzt"),
        *("form 1040", "adjusted gross income", "taxable income", "avis d'impôt"),
        "revenu fiscal de référence",
        *("impôt sur le revenu", "declaración de la renta", "aanslag inkomstenbelasting"),
        *("dichiarazione dei redditi", "reddito complessivo"),
    ],
}


def classify_text(text: str) -> DocumentKind:
    """The kind whose phrases occur most often; ``unknown`` when none occurs at least twice."""
    lowered = text.lower()
    scores = {kind: sum(phrase in lowered for phrase in phrases) for kind, phrases in KIND_PHRASES.items()}
    kind, score = max(scores.items(), key=lambda item: item[1])
    return kind if score >= 2 else "unknown"  # type: ignore[return-value]


# An e-mail's header block (a saved message, an Outlook copy, a forwarded mail), in the languages above.
_HEADER = re.compile(
    r"^\s*(From|Sent|Date|To|Cc|Subject|Von|Gesendet|Datum|An|Betreff|De|Envoyé|À|Objet|Fecha|Para|Asunto"
    r"|Da|Inviato|A|Oggetto|Data|Assunto|Enviado|Enviada|Van|Verzonden|Aan|Onderwerp|Från|Skickat|Till"
    r"|Ämne|Fra|Sendt|Til|Emne|Od|Odesláno|Komu|Předmět|Temat|Do|Wysłano|Lähettäjä|Vastaanottaja|Aihe"
    r"|发件人|收件人|主题|日期)\s*[:：]",
    re.IGNORECASE | re.MULTILINE,
)
SUBJECT_LINE = re.compile(
    r"^[ \t]*(?:Subject|Betreff|Objet|Asunto|Oggetto|Assunto|Onderwerp|Ämne|Emne|Předmět|Temat|Aihe|主题)"
    r"[ \t]*[:：][ \t]*(?P<subject>.*)$",
    re.IGNORECASE | re.MULTILINE,
)
MESSAGE_HEADERS = 3


def is_message(text: str) -> bool:
    """Whether ``text`` opens with an e-mail's header block: three or more header names, one of them a
    subject or one naming an address ("From: 01/08/2025 / To: 31/08/2025 / Date: …" on a statement
    is no message)."""
    head = "\n".join(text.lstrip().split("\n")[:12])
    names = {m.group(1).lower() for m in _HEADER.finditer(head)}
    return len(names) >= MESSAGE_HEADERS and (SUBJECT_LINE.search(head) is not None or "@" in head)
