"""The words that mark a sentence as stating a field (English, German; others from :mod:`prose_romance`).

Kept apart from the matching in :mod:`prose` because this is what grows as new wordings are met.
"""

from __future__ import annotations

import re

from underwrite.tools.intake.extraction import prose_romance as romance

_I = re.IGNORECASE

# Cue → field; which numbers a field accepts (money, duration, since-year, period) is decided in _value.
CUES: dict[str, list[str]] = {
    "loan_amount": [
        r"borrow", r"\blend", r"loan\s+(?:of|for|amount)", r"(?:apply|applying|application)\s+for",
        r"credit\s+of",
        r"amount", r"\bneed\b", r"request",
        r"(?:we|I)(?:'re|\s+are|'m|\s+am)\s+(?:after|looking\s+for)\b", r"financ\w+\s+of", r"sum\s+of",
        r"Kredit(?:betrag)?", r"Darlehen", r"Betrag", r"in\s+Höhe\s+von", r"benötige", r"leihen",
        r"beantrag\w*", r"Finanzierung", r"Summe", r"brauche", r"Wunsch\b", r"gewünscht\w*",
        r"贷款", r"借款", r"金额", r"额度", r"申请", r"借",
    ],
    "loan_term_months": [
        r"(?<!for\s)\bover\b", r"within", r"\bterm\b", r"period", r"repay\w*", r"duration", r"spread",
        r"pay\w*\s+(?:\w+\s+){0,2}back", r"Laufzeit", r"über", r"innerhalb", r"zurück\w+", r"Rückzahlung",
        r"Raten", r"tilgen", r"Tilgung", r"verteil\w*",
        r"分(?=\s*\d)", r"期限", r"为期", r"还清", r"分期",
    ],
    "employment_years": [
        r"work\w*", r"employ(?!ees?\b)\w*", r"\bjob\b", r"position", r"\bwith\s+(?:the|my|[A-Z])",
        r"\bjoined\b",
        r"angestellt", r"beschäftigt", r"arbeite\w*", r"tätig", r"Arbeitgeber", r"bei\s+(?:der|dem|[A-Z])",
        r"Betriebszugehörigkeit", r"been\s+there",
        r"工作", r"任职", r"就职", r"工龄", r"上班",
    ],
    "residence_years": [
        r"\blived?\b", r"living", r"address", r"wohne\w*", r"Wohnung", r"Adresse", r"居住", r"住了",
    ],
    "monthly_net_income": [
        r"\bearn\w*", r"income", r"salary", r"take[- ]home", r"bring\w*\s+home", r"net\s+pay", r"\bpaid\b",
        r"wages?",
        r"verdiene\w*", r"Einkommen", r"Gehalt", r"Lohn", r"netto", r"Einkünfte", r"bekomme",
        r"收入", r"工资", r"薪水", r"薪资", r"月薪", r"到手",
    ],
    "monthly_debt_payments": [
        r"repayments?", r"instal?lments?", r"existing\s+loan", r"car\s+loan", r"credit\s+card", r"\bdebts?\b",
        r"\bowe\b", r"\bpay\w*\b(?=[^.]*\b(?:loan|finance|credit))", r"Rate\b", r"Kreditrate", r"abbezahl\w*",
        r"tilge", r"bestehend\w*", r"Ratenkredit", r"Ratenzahlung",
        r"zahle\b(?=[^.]*(?:Kredit|Darlehen|Finanzierung))",
        r"\bzahle\b(?=[^.]{0,80}\bab\b)",
        r"还款", r"车贷", r"信用卡", r"欠款",
        r"catalogue", r"store\s+card", r"overdraft", r"hire\s+purchase", r"buy\s+now", r"Ratenkauf",
        r"Kreditkarte", r"Dispo\w*",
    ],
    "monthly_housing_cost": [
        r"\brent\b", r"mortgage", r"Miete", r"Warmmiete", r"Kaltmiete", r"Hypothek",
        r"房租", r"租金", r"房贷", r"月供", r"Betriebskosten", r"Wohnkosten", r"Nebenkosten",
        r"Rate\s+für\s+(?:unser|mein)\w*\s+(?:Eigentumswohnung|Wohnung|Haus|Eigenheim)",
    ],
}  # fmt: skip
for _name, _extra in romance.ROMANCE_CUES.items():  # Spanish, French, Italian, Dutch
    CUES[_name] = CUES[_name] + _extra
LOAN_CONTEXT = re.compile(
    r"loan|borrow|repay|pay\w*\s+(?:\w+\s+){0,2}back|credit|financ|instal|term|Kredit|Darlehen|Laufzeit"
    r"|(?:£|€|\$)\s?\d[\d,.]*\s+(?:over|across)\b"  # "£14,500 over four years": a sum paid back over time
    rf"|zurück|Rückzahlung|Rate|tilg|贷款|借款|还款|还清|分期|期限|{romance.LOAN_CONTEXT}",
    _I,
)
NO_DEBTS = re.compile(
    r"\b(?:no|not\s+have\s+any|don't\s+have\s+any|do\s+not\s+have\s+any|without\s+any)\s+(?:other\s+|existing\s+|"
    r"further\s+|outstanding\s+)?(?:debts?|loans?|credits?|repayments?)\b|\bdebt[- ]free\b"
    r"|\bkeine(?:rlei)?\s+(?:weiteren\s+|anderen\s+|sonstigen\s+|bestehenden\s+|laufenden\s+)?"
    r"(?:Kredite|Schulden|Verbindlichkeiten|Darlehen|Raten)\b|\bschuldenfrei\b"
    # A note's label answered "none": "Laufende Raten: keine", "Other loans: none".
    r"|\b(?:Raten|Kredite|Schulden|Verbindlichkeiten|Darlehen|loans?|debts?|credit\s+commitments|repayments)"
    r"[ \t*_]*:[ \t*_]*(?:keine|none|nil|nein|no)\b"
    r"|(?:没有|无)(?:其他|其它|任何)?(?:贷款|负债|欠款|债务)"
    r"|\b(?:weitere|andere|sonstige)n?\s+(?:Kredite|Schulden|Darlehen|Verbindlichkeiten|Raten)\s+"
    r"(?:habe|hab|haben)\s+(?:ich|wir)\s+(?:nicht|keine)\b",
    _I,
)
# How often a sum is paid; a weekly or fortnightly one becomes a monthly figure.
MONTHLY = (
    r"(?:per\s+month|a\s+month|each\s+month|every\s+month|monthly|/\s?month|p\.\s?m\.|pro\s+Monat"
    rf"|im\s+Monat|monatlich|mtl\.|/\s?Monat|每月|每个月|每個月|月薪|/月|{romance.MONTHLY})"
)
ANNUAL = (
    r"(?:per\s+year|a\s+year|per\s+annum|p\.\s?a\.|annual(?:ly)?|yearly|pro\s+Jahr|im\s+Jahr|jährlich"
    rf"|/\s?Jahr|Jahres|每年|年薪|年收入|{romance.ANNUAL})"
)
# Wages paid by the week or fortnight (UK, Australia, hourly jobs) become monthly figures.
FORTNIGHTLY = (
    r"(?:every\s+(?:two|2)\s+weeks|(?:a|per|every|each)\s+fortnight|fortnightly|bi-?weekly"
    r"|alle\s+(?:zwei|2)\s+Wochen|vierzehntägig|14-tägig)"
)
WEEKLY = r"(?:(?:a|per|each|every)\s+week|weekly|/\s?week|pro\s+Woche|in\s+der\s+Woche|wöchentlich|/\s?Woche)"
PER_MONTH = {"monthly": 1.0, "fortnightly": 26 / 12, "weekly": 52 / 12}
PERIODS = rf"{FORTNIGHTLY}|{WEEKLY}|{MONTHLY}|{ANNUAL}"

# "einen Kredit aufnehmen" (take out a loan): a lender's "Wie viel möchten Sie aufnehmen?" in a chat.
CUES["loan_amount"] = [*CUES["loan_amount"], r"aufnehm\w*"]
LOAN_CONTEXT = re.compile(LOAN_CONTEXT.pattern + r"|aufnehm", _I)

# A sentence about the lender's worked example ("Vi no vosso sítio o exemplo representativo (10.000 € a
# 72 meses …)", "Representative example: borrowing £5,000 …"): its figures are nobody's answers.
LENDER_EXAMPLE = re.compile(
    r"representative\s+example|repr[äa]sentatives\s+beispiel|exemplo\s+representativo|exemple\s+représentatif"
    r"|ejemplo\s+representativo|esempio\s+rappresentativo|representatief\s+voorbeeld|räkneexempel"
    r"|przyk[łl]ad\s+reprezentatywny|reprezentativní\s+příklad|reprezentatívny\s+príklad",
    _I,
)

# A number that counts ("22 payments left") or a sum owed or allowed ("about £142,000 left to pay",
# "a £4,500 limit") is never a monthly figure.
COUNT_AFTER = re.compile(
    r"[ \t]*(?:more[ \t]+|remaining[ \t]+|monthly[ \t]+)?(?:payments?|instal?ments?|repayments?|Raten|cuotas"
    r"|prestações|rate|mensualités|termijnen)\b",
    _I,
)
BALANCE_AFTER = re.compile(
    r"[ \t]*(?:\w+[ \t]+){0,2}?(?:left[ \t]+to[ \t]+pay|left[ \t]+on|outstanding|remaining|still[ \t]+owed?"
    r"|owing"
    r"|to[ \t]+pay[ \t]+off|to[ \t]+clear|Restschuld|offen\b|noch[ \t]+zu[ \t]+zahlen|em[ \t]+dívida|restant"
    r"|(?:credit[ \t]+)?limit\b|Kreditrahmen|Verfügungsrahmen|plafond|limite)",
    _I,
)
BALANCE_BEFORE = re.compile(
    r"(?:balance|owe|owing|Restschuld|outstanding|left)[ \t]+(?:of[ \t]+)?"
    r"(?:about|around|roughly|approx\w*\.?|some)?[ \t]*$",
    _I,
)

# Another earner's pay ("my wife earns …", "Puolisoni … hänen nettotulonsa on noin 2 300 €") is not the
# applicant's income, unless the writer speaks of themself again before the figure. The partner is
# named with a possessive: "Kanzlei Brenner & Partner" employs the writer.
_OTHER_EARNER = re.compile(
    r"\b(?:(?:my|our|mein\w*|unser\w*|mi|mis|mon|ma|meu|minha|mio|mia|mijn|min|mitt|mine|můj|moje|mój|moja)"
    r"\s+(?:wife|husband|partner|spouse|fiancée?|Ehefrau|Ehemann|Frau|Mann|Partner(?:in)?|Lebensgefährt\w*"
    r"|marido|mulher|espos[oa]|companheir[oa]|moglie|marito|compagn[oa]|mari|femme|conjoint\w*"
    r"|echtgeno(?:te|ot)|vrouw|man|sambo|hustru|make|maka|kone|ektefelle|manžel(?:ka)?|mąż|żona)"
    r"|puolisoni|vaimoni|mieheni|hänen)\b|配偶|老公|老婆|丈夫|妻子",
    _I,
)
_SELF = re.compile(r"\b(?:I|I'm|I've|my\s+own|ich|je|j'|yo|eu|io|ik|jag|jeg|minä|já|ja\s+sam|我)\b", _I)


def someone_elses(text: str, start: int, at: int) -> bool:
    """Whether the figure at ``at`` follows another earner named since ``start`` (the sentence start)."""
    named = [m.end() for m in _OTHER_EARNER.finditer(text, start, at)]
    return bool(named) and _SELF.search(text, named[-1], at) is None
