"""Word tables the normaliser reads numbers and months with (English, German, Chinese). Data only."""

from __future__ import annotations

_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = dict(
    zip(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
        range(20, 100, 10),
        strict=True,
    )
)
_DE_UNITS = dict(
    zip(
        [
            "null",
            "eins",
            "zwei",
            "drei",
            "vier",
            "fünf",
            "sechs",
            "sieben",
            "acht",
            "neun",
            "zehn",
            "elf",
            "zwölf",
            "dreizehn",
            "vierzehn",
            "fünfzehn",
            "sechzehn",
            "siebzehn",
            "achtzehn",
            "neunzehn",
        ],
        range(20),
        strict=True,
    )
) | {"ein": 1, "eine": 1, "einen": 1}
_DE_TENS = dict(
    zip(
        ["zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig"],
        range(20, 100, 10),
        strict=True,
    )
)
_DE_COMPOUND_UNITS = ["ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]

WORD_NUMBERS: dict[str, int] = {w: i for i, w in enumerate(_EN_UNITS)} | _EN_TENS | _DE_UNITS | _DE_TENS
WORD_NUMBERS |= {
    f"{u}und{t}": i + v for i, u in enumerate(_DE_COMPOUND_UNITS, 1) for t, v in _DE_TENS.items()
}
WORD_NUMBERS |= {f"{t}-{u}": v + i for t, v in _EN_TENS.items() for i, u in enumerate(_EN_UNITS[1:10], 1)}
ZERO_WORDS = frozenset(
    ["none", "nil", "no", "n/a", "keine", "keiner", "kein", "nein", "无", "没有", "否", "-", "—"]
)

ZH_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_BIG = {"万": 10_000, "亿": 100_000_000}
MULTIPLIERS = {"万": 1e4, "千": 1e3, "亿": 1e8, "k": 1e3, "K": 1e3, "Mio": 1e6, "Mio.": 1e6}
MULTIPLIERS |= {"million": 1e6, "thousand": 1e3, "tausend": 1e3}
