"""A document's kind from what it says and how it is built, never from its file name.

Phrases (English, German, Chinese) decide first (:func:`classify.classify_text`). When they leave
the kind unknown, structure decides: a page of transaction rows (a date, then amounts ending in a
running balance), or a JSON feed / CSV export of dated credits and debits, is a bank statement;
labels naming at least three application fields (by the extraction lexicon, in any layout: table
cells, ``Label: value``, dotted, pipes, CSV headers, JSON keys; the encoder is asked only once the
lexicon has placed at least one) make an application form; bureau terms among JSON keys make a
credit report.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from underwrite.core.schemas import MediaType
from underwrite.tools.intake.classify import DocumentKind, classify_text, is_message
from underwrite.tools.intake.detect import csv_delimiter

APPLICATION_MIN_FIELDS = 3
_TRANSACTION = re.compile(
    r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b.*?\d[\d.,]*\d{2}\D+-?\d[\d.,' ]*\d{2}\s*\S{0,4}\s*$", re.M
)
_BUREAU_KEYS = re.compile(
    r"delinquen|dpd|past.?due|inquir|enquir|tradeline|public.?record|bureau|auskunft|zahlungsst|"
    r"negativmerkmal|征信|逾期|查询记录|公共记录",
    re.I,
)
# what an e-mail's own text may still be: a form or an employer's letter typed into the message
_MESSAGE_KINDS = frozenset({"application_form", "employer_letter", "cover_letter"})
_BUREAU_NAMES = {"delinquencies_2y", "inquiries_6m", "public_records", "revolving_utilization_pct"}


def _json_keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [k for key, item in value.items() for k in (str(key), *_json_keys(item))]
    if isinstance(value, list):
        return [k for item in value for k in _json_keys(item)]
    return []


def _labels(media_type: MediaType, text: str) -> list[str]:
    if media_type == MediaType.json:
        try:
            return _json_keys(json.loads(text))
        except json.JSONDecodeError:
            return []
    if media_type == MediaType.xml:
        from underwrite.tools.intake.extraction.data_xml import xml_leaves  # lazy: as below (pandas)

        labels = [label for label, *_ in xml_leaves(text)]
        return labels
    if media_type == MediaType.csv:
        rows = list(csv.reader(io.StringIO(text), delimiter=csv_delimiter(text)))
        return [cell for row in rows[:1] for cell in row] + [row[0] for row in rows if row]
    # lazy: the extraction package loads pandas; `import underwrite.tools.intake` (and its errors
    # module, which the agent's Deps and the queue import) stays without it.
    from underwrite.tools.intake.extraction.fixed_width import fixed_width_pairs
    from underwrite.tools.intake.extraction.kv import line_pairs

    labels = [label for line in text.split("\n") for label, *_ in line_pairs(line)]
    return labels + [label for label, *_ in fixed_width_pairs(text)]


def classify_document(media_type: MediaType, text: str) -> DocumentKind:
    kind = classify_text(text)
    if is_message(text) and kind not in _MESSAGE_KINDS:
        # an e-mail that talks about its SA302s, pay slips or statements is a message, not one of them
        return "cover_letter"
    if kind != "unknown":
        return kind
    if len(_TRANSACTION.findall(text)) >= 3:
        return "bank_statement"
    # lazy: as in _labels (pandas)
    from underwrite.tools.intake.extraction.label_match import candidates, lexicon_match, prefetch
    from underwrite.tools.intake.extraction.statement_records import csv_rows, json_rows
    from underwrite.tools.intake.extraction.statement_swift import interbank_rows

    if interbank_rows(text, media_type):
        return "bank_statement"  # an MT940 or camt.053 file
    feed = (
        json_rows(text)
        if media_type == MediaType.json
        else csv_rows(text)
        if media_type == MediaType.csv
        else []
    )
    if feed:
        return "bank_statement"  # a transaction feed or export: money in and out, dated

    labels = _labels(media_type, text)
    names = {m.name for label in labels if (m := lexicon_match(label))}
    structured = media_type == MediaType.xml and bool(labels)  # a data payload: always worth asking
    if (names or structured) and len(names) < APPLICATION_MIN_FIELDS:
        # a few known labels: ask the encoder about the rest
        prefetch(labels)
        names |= {found[0].name for label in labels if (found := candidates(label))}
    if media_type == MediaType.json and (
        len(names & _BUREAU_NAMES) >= 1 or sum(bool(_BUREAU_KEYS.search(k)) for k in labels) >= 2
    ):
        return "credit_report"
    if len(names - _BUREAU_NAMES) >= APPLICATION_MIN_FIELDS:
        return "application_form"
    return "unknown"
