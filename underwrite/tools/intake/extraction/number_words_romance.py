"""Amounts of money in words in Portuguese, Spanish and French: "doze mil euros", "mil quinhentos e
oitenta euros", "doce mil quinientos euros", "douze mille euros".

Read only where a currency word follows the run (``euros``, ``reais``, ``€``): on their own several of
these words are ordinary ones ("um", "un", "une", "cent"). Italian writes its numbers as one word
("dodicimila") and is not read here.
"""

from __future__ import annotations

import re


def _row(words: str, start: int = 1) -> dict[str, int]:
    return {word: n for n, word in enumerate(words.split(), start)}


_TENS = {"vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60, "setenta": 70,
         "oitenta": 80, "noventa": 90, "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50,
         "sesenta": 60, "ochenta": 80, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
         "cinquante": 50, "soixante": 60}  # fmt: skip
_HUNDREDS = {"cem": 100, "cento": 100, "duzentos": 200, "duzentas": 200, "trezentos": 300,
             "quatrocentos": 400, "quinhentos": 500, "seiscentos": 600, "setecentos": 700,
             "oitocentos": 800, "novecentos": 900,
             "cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400,
             "quinientos": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800,
             "novecientos": 900, "cent": 100, "cents": 100}  # fmt: skip
VALUES: dict[str, int] = {
    **_row("um dois três quatro cinco seis sete oito nove dez onze doze treze catorze quinze"),
    **{"uma": 1, "duas": 2, "quatorze": 14, "dezasseis": 16, "dezesseis": 16, "dezassete": 17},
    **{"dezessete": 17, "dezoito": 18, "dezanove": 19, "dezenove": 19},
    **_row("uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince"),
    **{"un": 1, "una": 1, "dieciséis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19},
    **{f"veinti{w}": 20 + n for w, n in _row("uno dós trés cuatro cinco séis siete ocho nueve").items()},
    **{"veintidós": 22, "veintitrés": 23, "veintiséis": 26},
    **_row("une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize"),
    **_TENS,
    **_HUNDREDS,
}
_THOUSAND = {"mil", "mille"}
_JOIN = {"e", "y", "et"}
_WORD = "|".join(sorted([*VALUES, *_THOUSAND], key=len, reverse=True))
_CURRENCY_WORD = r"(?:de\s+)?(?:euros?|€|reais|real|coroas|francos|francs|pesos)\b"
RUN = re.compile(
    rf"(?<![\w-])(?:{_WORD})(?:(?:\s+(?:e|y|et)\s+|[\s-]+)(?:{_WORD}))*(?=\s+{_CURRENCY_WORD}|\s*€)",
    re.IGNORECASE,
)


def words_value(run: str) -> int | None:
    """The number a run of number words says ("mil quinhentos e oitenta" → 1580), None if not one."""
    folded = re.sub(r"quatre[\s-]vingts?", " __80 ", run.casefold())  # French 80 is four twenties
    words = [w for w in re.split(r"[\s-]+", folded) if w]
    total, current = 0, 0
    for i, word in enumerate(words):
        if word in _JOIN:
            if i == 0 or i == len(words) - 1:
                return None
            continue
        if word == "__80":
            current += 80
        elif word in _THOUSAND:
            total += (current or 1) * 1000
            current = 0
        elif word in VALUES:
            current += VALUES[word]
        else:
            return None
    value = total + current
    return value or None


def romance_money(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of every amount written in words before a currency word."""
    out = []
    for m in RUN.finditer(text):
        value = words_value(m.group())
        if value is not None:
            out.append((m.start(), m.end(), value))
    return out
