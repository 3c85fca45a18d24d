"""Several instalments named in one sentence of a letter: the debts are their sum.

"the van is on hire purchase … at £389.00 a month (22 payments left), and there's 0% finance on a
sofa … at £62.50 a month": two instalments, 451.50 a month. The rules in :mod:`prose` take the
instalment closest to a debt word; this adds the others of its sentence. An amount joins only when it
is stated monthly, is no balance, no other field took it, and a debt word of its own clause (after
the last comma or "and" since the amount before it) names it: in "£180 a month on my car loan and
£45 a month for my phone" the phone is no debt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from underwrite.tools.intake.extraction.prose_cues import CUES

_I = re.IGNORECASE
_CLAUSE_BREAK = re.compile(r",|;|\band\b|\bplus\b|\bund\b|\bsowie\b", _I)
_DEBT_RES = [re.compile(c, _I) for c in CUES["monthly_debt_payments"]] + [
    re.compile(r"\bfinance\b|\bFinanzierung\b", _I)
]


def more_instalments(
    text: str, sentences: Sequence[tuple[int, int]], first_end: int, monthly: list[tuple[float, int, int]]
) -> tuple[float, int] | None:
    """(sum of the further instalments, end of the last one) after the one ending at ``first_end``.

    ``monthly`` holds (value, start, end) of the monthly amounts no field took, in text order.
    """
    s_end = next((b for a, b in sentences if a < first_end <= b), first_end)
    added, last = 0.0, first_end
    for value, start, end in monthly:
        if not last <= start < s_end:
            continue
        clause = max((b.end() for b in _CLAUSE_BREAK.finditer(text, last, start)), default=last)
        if any(regex.search(text, clause, start) for regex in _DEBT_RES):
            added, last = added + value, end
    return (added, last) if last != first_end else None
