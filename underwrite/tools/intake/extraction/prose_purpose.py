"""What the loan is for, from the words applicants use (English and German), as a German-credit category.

Phrases are tried in order, most specific first (``used car`` before ``car``); a sentence only
states the purpose when it also speaks of the loan or of buying (``to buy``, ``finanzieren``), so a
car mentioned in passing ("I drive to work") is not read as one.
"""

from __future__ import annotations

import re

from underwrite.tools.intake.extraction import prose_romance as romance

PURPOSE_PHRASES: list[tuple[str, str]] = [
    ("car (used)", r"二手车|(?:used|second[- ]hand)\s+(?:[a-z]+\s+)?(?:car|vehicle|van)\b|pre[- ]owned|Gebrauchtwagen|gebraucht\w*\s+(?:Auto|Wagen|Pkw|Fahrzeug)"),  # noqa: E501
    ("car (new)", r"购车|买车|新车|汽车|new\s+(?:car|vehicle)|Neuwagen|neu\w*\s+(?:Auto|Wagen|Pkw|Fahrzeug)|\bcar\b|\bAuto\b|\bPkw\b"),  # noqa: E501
    ("retraining", r"职业培训|技能培训|retrain\w*|re-?skill\w*|career\s+change\s+course|Umschulung|Weiterbildung|Fortbildung"),  # noqa: E501
    ("education", r"学费|留学|教育|读书|上学|tuition|degree|studies|study|university|\buni\b|college|school\s+fees|master'?s|course\s+fees|Studium|Studiengebühren|Ausbildung|Meisterkurs|Meisterschule"),  # noqa: E501
    ("domestic appliances", r"家电|冰箱|洗衣机|空调|washing\s+machine|fridge|refrigerator|dishwasher|cooker|oven|appliances?|Waschmaschine|Kühlschrank|Geschirrspül\w*|Herd|Haushaltsgerät\w*|Trockner"),  # noqa: E501
    ("radio/television", r"电视|音响|television|\bTV\b|home\s+cinema|stereo|hi-?fi|Fernseher|Fernsehgerät|Stereoanlage|Heimkino"),  # noqa: E501
    ("repairs", r"装修|维修|修缮|翻新|repair\w*|renovat\w*|refurbish\w*|roof|damp|boiler|heating\s+system|Reparatur\w*|Renovierung|renovier\w*|Sanierung|sanier\w*|Dach\w*|Heizung"),  # noqa: E501
    ("furniture/equipment", r"家具|家居|厨房|设备|furniture|furnish\w*|sofa|kitchen|bedroom\s+set|equipment|Möbel|Einrichtung|einrichten|Küche|Sofa|Ausstattung"),  # noqa: E501
    ("business", r"经营|生意|创业|开店|my\s+(?:business|shop|bakery|company|salon|workshop)|start[- ]up|self-employ\w*|Geschäft|Betrieb|Selbstständigkeit|Existenzgründung|Firma\s+(?:aus|er)"),  # noqa: E501
    ("others", r"婚礼|结婚|旅游|旅行|医疗|债务整合|搬家|wedding|holiday|vacation|consolidat\w*|medical|funeral|moving\s+costs|relocation|Hochzeit|Urlaub|Reise|Umschuldung|Umzug|Arztkosten|Zahnbehandlung"),  # noqa: E501
]  # fmt: skip
_PHRASES = [
    (category, re.compile(f"{pattern}|{romance.PURPOSE_WORDS[category]}" if category in romance.PURPOSE_WORDS
                          else pattern, re.IGNORECASE))
    for category, pattern in PURPOSE_PHRASES
]  # fmt: skip
_PURPOSE_CONTEXT = re.compile(
    r"loan|borrow|financ|credit|purpose|\bbuy|purchase|pay\s+for|cover|fund|replace|\bfor\b|"
    r"Kredit|Darlehen|finanzier|Zweck|kaufen|Kauf|Anschaffung|bezahlen|\bfür\b|ersetzen|"
    rf"用于|用来|用途|贷款|借款|购买|支付|{romance.PURPOSE_CONTEXT}",
    re.IGNORECASE,
)
_EXISTING_DEBT = re.compile(r"\s*(?:loan|finance|payment|lease|Rate|Kredit|Finanzierung|Leasing)", re.I)
_POSSESSIVE = re.compile(r"\b(?:my|our|mein\w*|unser\w*)\s+$", re.I)


def find_purpose(sentence: str) -> tuple[str, int, int] | None:
    """(category, start, end of the phrase) when ``sentence`` says what the loan is for."""
    if not _PURPOSE_CONTEXT.search(sentence):
        return None
    for category, regex in _PHRASES:
        for m in regex.finditer(sentence):
            if _EXISTING_DEBT.match(sentence, m.end()):
                continue  # "a car loan": a debt already held, not what this loan is for
            if category.startswith("car") and _POSSESSIVE.search(sentence, 0, m.start()):
                continue  # "my car", "für mein Auto": a car already owned
            return category, m.start(), m.end()
    return None


def purpose_category(text: str) -> str | None:
    """The category a short phrase names ("a used car" → ``car (used)``), without asking for context."""
    found = find_purpose(f"for {text}")
    return found[0] if found else None
