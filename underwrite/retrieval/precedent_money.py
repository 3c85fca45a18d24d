"""Precedent amounts in the application currency, so an amount band compares like with like.

An applicant's loan amount is in EUR (intake converts every money fact, ``tools.intake``), but the
past cases keep their source's currency: German credit is in Deutsche Mark, Lending Club in US
dollars, credit_data states none. Banding a 5,000 EUR request against raw DEM and USD numbers put
a 9,800 DEM loan (about 5,000 EUR) outside "amount ±50%" and a 2,600 DEM one (about 1,330 EUR)
inside it. So each precedent also carries ``amount_eur``:

- DEM at the irrevocable euro conversion rate, 1.95583 DEM per EUR (Council Regulation (EC)
  No 2866/98, fixed on 31 December 1998): a conversion of the currency, not an adjustment for the
  decades of inflation since the loans were made;
- any other stated currency with the rate table intake uses (``UW_FX_RATES``, else the packaged ECB
  table), so today's rate, not the one of the loan's day;
- no stated currency, or no rate: no ``amount_eur``. Such a case can never fall inside an amount
  band (the filter needs the key), only into the bands that ignore the amount, and its match score
  leaves the amount out.
"""

from __future__ import annotations

from underwrite.tools.intake.extraction.conversion import configured_rates
from underwrite.tools.intake.extraction.currency import APPLICATION_CURRENCY

FIXED_EURO_RATES: dict[str, float] = {"DEM": 1.95583}
"""Units per EUR fixed when the currency joined the euro; never from a market table."""


def per_eur(currency: str) -> tuple[float, str] | None:
    """(units of ``currency`` per 1 EUR, where the rate comes from), or None when there is none."""
    code = currency.strip().upper()
    if not code:
        return None
    if code == APPLICATION_CURRENCY:
        return 1.0, APPLICATION_CURRENCY
    if (fixed := FIXED_EURO_RATES.get(code)) is not None:
        return fixed, f"{code} at {fixed} per EUR (the fixed euro conversion rate)"
    table = configured_rates().table
    rate = table.per_eur(code) if table is not None else None
    if table is None or rate is None:
        return None
    return rate, f"{code} at {rate} per EUR ({table.source.split('(')[0].strip()})"


def amount_in_eur(amount: float, currency: str) -> tuple[float, str] | None:
    """(``amount`` in EUR rounded to the cent, the basis of the conversion), or None."""
    rate = per_eur(currency)
    if rate is None:
        return None
    return round(amount / rate[0], 2), rate[1]


def rates_fingerprint() -> str:
    """What the euro amounts of an index depend on besides the data: the rate table's day."""
    table = configured_rates().table
    return f"fx-{table.as_of:%Y-%m-%d}" if table is not None else "fx-none"
