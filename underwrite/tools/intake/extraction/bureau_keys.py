"""Which bureau field a JSON key path names, by the terms bureaus use for them (en/de/zh).

Bureau files are nested data, not forms: "dpd30Plus_last24Months" under "delinquentAccounts" is the
30-day delinquency count over two years, "Anfragen_6_Monate" the six-month inquiry count. A key
path (humanised, see :func:`data_docs.humanise`) is matched against a pattern per field; longer
horizons (60/90 days, 12 months) are excluded so the field's own definition is kept.
"""

from __future__ import annotations

import re

BUREAU_PATTERNS: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]] = [
    (
        "delinquencies_2y",
        re.compile(r"delinquen|\bdpd|past ?due|arrears|late payments?|zahlungsst|逾期", re.I),
        re.compile(r"\b(?:60|90|120)\b|dpd ?(?:60|90)|(?<!\d)(?:60|90)\s*(?:dpd|days)", re.I),
    ),
    (
        "inquiries_6m",
        re.compile(
            r"(?:inquir|enquir|anfrage|查询).*?(?:\b6\b|6 ?m|six|6个月|6 monate)|(?:近6个月).*查询", re.I
        ),
        re.compile(r"\b12\b|twelve|12个月", re.I),
    ),
    (
        "public_records",
        re.compile(r"public ?records?|negativmerkmal|公共记录|insolven|judg(?:e)?ments?", re.I),
        None,
    ),
    ("revolving_utilization_pct", re.compile(r"utili[sz]ation|auslastung|使用率", re.I), None),
    (
        "debt_outstanding",
        re.compile(
            r"total (?:outstanding|debt|balance)|outstanding (?:debt|balance)|restschuld|负债总额|贷款余额",
            re.I,
        ),
        None,
    ),
]


def bureau_field(label: str) -> str | None:
    for name, pattern, exclude in BUREAU_PATTERNS:
        if pattern.search(label) and not (exclude and exclude.search(label)):
            return name
    return None


def bureau_excluded(label: str) -> bool:
    """A bureau term over another horizon (90 days, 12 months): names no field, not even by similarity."""
    return any(
        pattern.search(label) and exclude and exclude.search(label) for _, pattern, exclude in BUREAU_PATTERNS
    )
