"""Multilingual synonym lexicon: the ways application forms, exports and bureau files name a field.

English, German and Chinese labels as banks, portals and loan-origination systems commonly word them,
written from how such forms are usually laid out (not copied from any test document). The packet
renderer's labels (:data:`vocabulary.LABELS`) are included. Keys are compared after :func:`key`
(case-folded, punctuation to spaces), so "Net income (monthly):" and "net income monthly" agree.
Labels the lexicon lacks go to the encoder (:mod:`label_match`).
"""

from __future__ import annotations

import re

from underwrite.tools.extraction.vocabulary import LABELS, VALUE_WORDINGS

EXTRA_LABELS: dict[str, list[str]] = {
    "applicant_name": [
        "Applicant", "Name", "Full name", "Borrower", "Borrower name", "Customer name", "Client name",
        "Surname and first name", "First and last name", "Antragsteller", "Antragstellerin", "Name, Vorname",
        "Vor- und Nachname", "Kreditnehmer", "Darlehensnehmer", "申请人", "申请人姓名", "姓名", "借款人",
        "借款人姓名", "客户姓名",
    ],
    "date_of_birth": ["Date of birth", "Birthdate", "Geburtsdatum", "Geboren am", "出生日期", "出生年月"],
    "application_date": [
        "Application date", "Date of application", "Date", "Date signed", "Submitted on", "Signed on",
        "Antragsdatum", "Datum des Antrags", "Datum", "Eingangsdatum", "申请日期", "申请时间", "日期",
    ],
    "loan_amount": [
        "Loan amount", "Amount requested", "Requested amount", "Amount of loan", "Credit amount",
        "Loan amount requested", "Amount to borrow", "Principal", "Darlehensbetrag", "Kreditbetrag",
        "Kreditsumme", "Darlehenssumme", "Gewünschter Kreditbetrag", "Nettodarlehensbetrag", "贷款金额",
        "申请金额", "借款金额", "贷款额度", "申请额度",
    ],
    "loan_term_months": [
        "Term", "Loan term", "Duration", "Loan duration", "Repayment term", "Repayment period",
        "Term in months", "Number of instalments", "Laufzeit", "Kreditlaufzeit", "Laufzeit in Monaten",
        "Anzahl der Raten", "贷款期限", "借款期限", "期限", "还款期限", "分期期数",
    ],
    "loan_purpose": [
        "Purpose", "Loan purpose", "Purpose of loan", "Purpose of the loan", "Use of funds",
        "Verwendungszweck", "Zweck", "Kreditzweck", "Finanzierungszweck", "贷款用途", "借款用途", "用途",
    ],
    "employment_status": [
        "Employment status", "Employment", "Employment type", "Occupation status", "Work status",
        "Beschäftigung", "Beschäftigungsverhältnis", "Beschäftigungsart", "Berufsstatus", "就业状况",
        "职业状况", "工作状态", "就业情况",
    ],
    "employer_name": [
        "Employer", "Employer name", "Name of employer", "Company", "Current employer", "Arbeitgeber",
        "Name des Arbeitgebers", "Firma", "工作单位", "单位名称", "雇主", "公司名称", "任职单位",
    ],
    "employment_years": [
        "Years with employer", "Years with current employer", "Time with employer", "Time in current job",
        "Employed since", "Length of employment", "Employment duration", "Years employed",
        "Beschäftigt seit", "Betriebszugehörigkeit", "Beim Arbeitgeber seit", "Dauer der Beschäftigung",
        "工作年限", "入职时间", "本单位工作年限", "工龄",
    ],
    "monthly_net_income": [
        "Net monthly income", "Monthly net income", "Net income per month", "Net income", "Net salary",
        "Take-home pay", "Monthly take-home pay", "Nettoeinkommen", "Monatliches Nettoeinkommen",
        "Nettoeinkommen monatlich", "Nettogehalt", "Monatliches Nettogehalt", "月收入", "税后月收入",
        "月净收入", "每月收入", "月薪",
    ],
    "annual_income": [
        "Annual income", "Gross annual income", "Annual gross income", "Yearly income", "Gross income per year",
        "Jahreseinkommen", "Bruttojahreseinkommen", "Jahresbruttoeinkommen", "年收入", "年薪", "税前年收入",
    ],
    "monthly_debt_payments": [
        "Existing loan repayments", "Monthly debt payments", "Other debt payments", "Existing repayments",
        "Other loan repayments", "Monthly credit commitments", "Bestehende Kreditraten",
        "Laufende Kreditraten", "Monatliche Kreditraten", "Sonstige Kreditraten", "Raten für bestehende Kredite",
        "现有贷款月供", "其他贷款月还款额", "月还款额", "每月还款", "现有负债月供",
    ],
    "monthly_housing_cost": [
        "Rent or mortgage", "Monthly rent", "Rent", "Mortgage payment", "Housing cost", "Housing costs",
        "Monthly housing cost", "Miete", "Warmmiete", "Kaltmiete", "Mietkosten", "Wohnkosten",
        "Monatliche Miete", "Mietkosten pro Monat", "每月房租", "房租", "月租金", "住房月供", "房贷月供",
    ],
    "housing_status": [
        "Housing", "Housing status", "Residential status", "Home ownership", "Residence type",
        "Wohnsituation", "Wohnverhältnis", "Wohnstatus", "住房情况", "居住状况", "住房状况",
    ],
    "dependents": [
        "Dependents", "Dependants", "Number of dependants", "Number of dependents", "Children",
        "Unterhaltsberechtigte Personen", "Anzahl Kinder", "Kinder", "Anzahl unterhaltsberechtigter Personen",
        "供养人数", "抚养人数", "子女人数",
    ],
    "residence_years": [
        "Years at address", "Years at current address", "Time at address", "Living at address since",
        "Wohnhaft seit", "An der Adresse seit", "Wohndauer", "现住址居住年限", "居住年限",
    ],
    "marital_status": ["Marital status", "Familienstand", "婚姻状况"],
    "nationality": ["Nationality", "Citizenship", "Staatsangehörigkeit", "国籍"],
    "interest_rate_pct": ["Interest rate", "Nominal rate", "Sollzins", "Zinssatz", "利率", "年利率"],
    "purchase_price": ["Purchase price", "Kaufpreis", "购买价格"],
    "delinquencies_2y": ["Delinquencies", "Delinquencies 24 months", "Zahlungsstörungen", "逾期次数"],
    "inquiries_6m": ["Inquiries 6 months", "Enquiries last 6 months", "Anfragen 6 Monate", "近6个月查询次数"],
    "public_records": ["Public records", "Negativmerkmale", "公共记录"],
    "revolving_utilization_pct": ["Revolving utilisation", "Revolving utilization", "Credit utilisation"],
    "debt_outstanding": ["Total outstanding debt", "Outstanding debt", "Total debt outstanding", "Restschuld"],
    "business_name": ["Business name", "Company name", "Firmenname", "企业名称"],
}  # fmt: skip

EXTRA_VALUES: dict[str, dict[str, list[str]]] = {
    "loan_purpose": {
        "car (new)": ["new vehicle", "Neuwagen", "neues Auto", "新车", "购买新车", "购车"],
        "car (used)": ["used vehicle", "second-hand car", "Gebrauchtwagen", "gebrauchtes Auto", "二手车"],
        "furniture/equipment": ["Möbel", "Einrichtung", "家具", "家居"],
        "radio/television": ["Fernseher", "Unterhaltungselektronik", "电视", "家电影音"],
        "domestic appliances": ["appliances", "Haushaltsgeräte", "家用电器", "家电"],
        "repairs": ["renovation", "home improvement", "Renovierung", "Reparatur", "Sanierung", "装修", "维修"],
        "education": ["tuition fees", "Ausbildung", "Studium", "Weiterbildung", "教育", "学费", "进修"],
        "business": ["Geschäftszweck", "Existenzgründung", "经营", "创业"],
        "others": ["Sonstiges", "其他"],
    },
    "housing_status": {
        "own": ["homeowner", "owned", "own home", "Eigentum", "Eigentümer", "Eigenheim", "自有住房", "自有", "自购房"],
        "rent": ["rented", "rental", "Miete", "zur Miete", "Mieter", "Mieterin", "租房", "租赁", "租住"],
        "for free": ["with parents", "bei den Eltern", "mietfrei", "与父母同住", "免费居住"],
    },
    "employment_status": {
        "employed": ["full-time", "part-time", "salaried", "angestellt", "Angestellte", "Angestellter",
                     "Arbeitnehmer", "Beamter", "在职", "受雇", "全职"],
        "self-employed": ["selbstständig", "selbständig", "freiberuflich", "Unternehmer", "自雇", "个体经营"],
        "unemployed": ["arbeitslos", "ohne Beschäftigung", "待业", "失业"],
    },
    "public_records": {
        "no": ["none", "no", "keine", "nein", "clear", "无", "没有"],
        "yes": ["yes", "ja", "vorhanden", "有"],
    },
}  # fmt: skip

CODE_WORDS: dict[str, str] = {
    "app": "application", "appl": "applicant", "amt": "amount", "amnt": "amount", "dt": "date",
    "mth": "months", "mths": "months", "mo": "months", "m": "monthly", "y": "yearly", "yr": "years",
    "yrs": "years", "purp": "purpose", "cd": "code", "emp": "employment", "empl": "employer",
    "stat": "status", "nm": "name", "inc": "income", "exist": "existing", "pmt": "payment",
    "pmts": "payments", "dep": "dependants", "cnt": "count", "cust": "customer", "num": "number",
    "no": "number", "dob": "date of birth", "res": "residence", "addr": "address", "hsg": "housing",
    "ln": "loan", "req": "requested", "tenure": "tenure", "qty": "number", "avg": "average",
}  # fmt: skip


def key(text: str) -> str:
    """Case-folded, punctuation-free form used to compare labels (keeps umlauts and Chinese)."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # camelCase → camel Case
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def expand_codes(label: str) -> str:
    """``APPL_NET_INC_M`` → ``applicant net income monthly``; ordinary words pass through."""
    words = key(label).split()
    if not re.fullmatch(r"[A-Za-z0-9_]+", label.strip()) or "_" not in label and not label.isupper():
        return " ".join(words)
    return " ".join(CODE_WORDS.get(w, w) for w in words)


def _label_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for source in (LABELS, EXTRA_LABELS):
        for name, labels in source.items():
            for label in labels:
                index.setdefault(key(label), name)
    return index


LEXICON: dict[str, str] = _label_index()
"""key(label) → field name; the renderer's own labels win where a wording is shared."""
BAG_INDEX: dict[frozenset[str], str] = {}
for _label, _name in LEXICON.items():
    BAG_INDEX.setdefault(frozenset(_label.split()), _name)


def _value_index() -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for source in (VALUE_WORDINGS, EXTRA_VALUES):
        for name, values in source.items():
            for canonical, wordings in values.items():
                for wording in [canonical, *wordings]:
                    index.setdefault(name, []).append((key(wording), canonical))
    for name, pairs in index.items():  # longest wording first, so "self employed" beats "employed"
        pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    return index


VALUE_LEXICON = _value_index()


def category_value(name: str, shown: str) -> str | None:
    """The canonical category ``shown`` words: an exact wording, else the longest wording it contains."""
    pairs = VALUE_LEXICON.get(name)
    if not pairs:
        return None
    shown_key = key(shown)
    for wording, canonical in pairs:
        if wording == shown_key:
            return canonical
    padded = f" {shown_key} "
    for wording, canonical in pairs:
        if not wording:
            continue
        cjk = bool(re.search(r"[\u4e00-\u9fff]", wording))
        if (cjk and wording in shown_key) or (not cjk and f" {wording} " in padded):
            return canonical
    return None
