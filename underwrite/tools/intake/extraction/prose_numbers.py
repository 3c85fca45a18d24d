"""Numbers as applicants write them in sentences: digits in any grouping, and numbers in words.

Digits: ``12,500`` · ``12.500`` · ``12 500`` · ``1.850,00`` · ``1,850.00`` · ``9.500,-`` · ``2,5`` ·
``15k`` · ``12,5 Tsd.`` · ``1.2 million``. One separator followed by exactly three digits groups
thousands; any other single separator is the decimal point (so ``2.5 years`` is two and a half).
Words: English (``fifteen thousand five hundred``, ``twenty-four``, ``two and a half``) and German
compounds (``fünfzehntausend``, ``vierundzwanzig``, ``zweieinhalb``, ``anderthalb``); Spanish,
French, Italian, Dutch and Portuguese small numbers where they count years or months (``siete años``);
Portuguese, Spanish and French amounts before their currency (``doze mil euros``,
:mod:`number_words_romance`).
Each mention keeps its offsets so a fact can quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from underwrite.tools.intake.extraction.number_words_romance import romance_money
from underwrite.tools.intake.extraction.prose_romance import DURATION_UNITS, NUMBER_WORDS


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    value: float
    words: bool = False
    """Written in words (``eleven``) rather than digits."""


_DIGITS = re.compile(
    # Not after a Latin letter or digit ("A4", "3.5"); after a Chinese character a number
    # starts ("人民币30,000元").
    r"(?<![^\W\u3000-\u9fff\uff00-\uffef])(?<![.,])"
    r"(?P<num>\d{1,3}(?:(?P<sep>[.,' \u00a0\u202f])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d{1,2})?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?P<dash>,-{1,2}|,–)?"
    r"(?:\s?(?P<mult>k|K|Tsd\.?|tsd\.?|Tausend|tausend|thousand|Mio\.?|million|Million(?:en)?)(?![\w])|\s?(?P<wan>万))?"
)
_MULTIPLIERS = {"k": 1e3, "tsd": 1e3, "tausend": 1e3, "thousand": 1e3, "mio": 1e6, "million": 1e6}


def _digits_value(num: str, sep: str | None) -> float:
    if sep:  # grouped thousands, maybe with decimals after the other separator
        body, decimals = num, ""
        m = re.search(r"[.,](\d{1,2})$", num)
        if m and (sep in " '\u00a0\u202f" or num[m.start()] != sep):
            body, decimals = num[: m.start()], m.group(1)
        whole = re.sub(r"[.,' \u00a0\u202f]", "", body)
        return float(f"{whole}.{decimals}" if decimals else whole)
    return float(num.replace(",", "."))


_EN_UNITS_TEXT = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_EN_UNITS = {
    w: i for i, w in enumerate(f"{_EN_UNITS_TEXT} fifteen sixteen seventeen eighteen nineteen".split())
}
_EN_TENS_TEXT = "twenty thirty forty fifty sixty seventy eighty ninety"
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate(_EN_TENS_TEXT.split())}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_EN_WORD = "|".join([*_EN_UNITS, *_EN_TENS, *_EN_SCALES])
_EN_RUN = re.compile(
    rf"\b(?:a\s+(?=hundred|thousand))?(?:{_EN_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_EN_WORD}))*"
    r"(?:\s+and\s+a\s+half)?\b",
    re.I,
)
_HALF = re.compile(r"\bhalf\s+an?\s+(?=year|month)", re.I)


def _en_value(run: str) -> float | None:
    words = [w for w in re.split(r"[\s-]+", run.lower()) if w not in {"and", "a", ""}]
    half = run.lower().endswith("half")
    if half:
        words = words[:-1]
    total, current = 0, 0
    seen = False
    for w in words:
        if w in _EN_UNITS:
            current += _EN_UNITS[w]
        elif w in _EN_TENS:
            current += _EN_TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[w]
            current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + current + (0.5 if half else 0.0)


_DE_UNITS = {"ein": 1, "eins": 1, "eine": 1, "einen": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4,
             "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}  # fmt: skip
_DE_TEENS = {"zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
             "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}  # fmt: skip
_DE_TENS = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
            "achtzig": 80, "neunzig": 90}  # fmt: skip
_DE_STEMS = "|".join(sorted([*_DE_UNITS, *_DE_TEENS, *_DE_TENS, "hundert", "tausend", "und", "einhalb",
                             "anderthalb", "sieb"], key=len, reverse=True))  # fmt: skip
_DE_WORD = re.compile(rf"\b(?:{_DE_STEMS})+(?:e|en|n)?\b", re.I)


def _de_below_100(s: str) -> int | None:
    if not s:
        return 0
    for table in (_DE_TEENS, _DE_TENS):
        if s in table:
            return table[s]
    if s in _DE_UNITS:
        return _DE_UNITS[s]
    if "und" in s:
        unit, _, tens = s.partition("und")
        if unit in _DE_UNITS and tens in _DE_TENS:
            return _DE_UNITS[unit] + _DE_TENS[tens]
    return None


def _de_below_1000(s: str) -> int | None:
    if "hundert" in s:
        head, _, tail = s.partition("hundert")
        h = _DE_UNITS.get(head) if head else 1
        rest = _de_below_100(tail)
        return None if h is None or rest is None else h * 100 + rest
    return _de_below_100(s)


def _de_value(word: str) -> float | None:
    s = word.lower().replace("sieb", "sieben").replace("siebenen", "sieben").replace("siebenzig", "siebzig")
    s = s.replace("siebenzehn", "siebzehn")
    if s == "anderthalb":
        return 1.5
    half = s.endswith("einhalb")
    if half:
        s = s[: -len("einhalb")]
    if "tausend" in s:
        head, _, tail = s.partition("tausend")
        thousands = _de_below_1000(head) if head else 1
        rest = _de_below_1000(tail)
        value = None if thousands is None or rest is None else thousands * 1000 + rest
    else:
        value = _de_below_1000(s)
        if value is None:
            for ending in ("en", "e", "n"):  # inflected: "einem", "zweien" are rare; "einen" handled above
                if s.endswith(ending) and (v := _de_below_1000(s[: -len(ending)])) is not None:
                    value = v
                    break
    if value is None or (value == 0 and not half):
        return None
    return value + (0.5 if half else 0.0)


_ROMANCE_WORD = re.compile(
    rf"\b({'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})\s+(?={DURATION_UNITS})", re.I
)


def number_mentions(text: str) -> list[NumberMention]:
    """Every number in ``text``, in digits or words, in order of appearance."""
    found: list[NumberMention] = []
    for m in _DIGITS.finditer(text):
        value = _digits_value(m.group("num"), m.group("sep"))
        mult = (m.group("mult") or "").lower().rstrip(".").removesuffix("en")
        value *= _MULTIPLIERS.get(mult, 1.0) * (1e4 if m.group("wan") else 1.0)  # 3万 = 30,000
        found.append(NumberMention(m.start(), m.end(), value))
    taken = [(n.start, n.end) for n in found]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for m in _HALF.finditer(text):
        found.append(NumberMention(m.start(), m.end() - 1, 0.5, words=True))
        taken.append((m.start(), m.end()))
    for m in _EN_RUN.finditer(text):
        if not free(m.start(), m.end()):
            continue
        en = _en_value(m.group())
        if en is not None:
            found.append(NumberMention(m.start(), m.end(), en, words=True))
            taken.append((m.start(), m.end()))
    for m in _DE_WORD.finditer(text):
        if not free(m.start(), m.end()) or m.group().lower() in {"und", "ein", "eine", "einen", "einem"}:
            continue
        de = _de_value(m.group())
        if de is not None:
            found.append(NumberMention(m.start(), m.end(), de, words=True))
    for start, end, value in romance_money(text):  # "doze mil euros": money in words before its currency
        if free(start, end):
            found.append(NumberMention(start, end, value, words=True))
            taken.append((start, end))
    for m in _ROMANCE_WORD.finditer(text):  # "siete años", "trois ans": counting years or months
        if free(m.start(), m.end(1)):
            found.append(NumberMention(m.start(), m.end(1), NUMBER_WORDS[m.group(1).lower()], words=True))
    return sorted(found, key=lambda n: n.start)
