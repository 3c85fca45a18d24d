"""The answers of a fillable PDF form (AcroForm), which live in its fields, not in the page text.

A form filled in Acrobat or a browser and saved without flattening has only the labels in its text
layer: "Kreditbetrag CHF" with nothing beside it, while 24'000.00 sits in a widget's value. Read as
text the form was empty, and a number from the fine print ("Kreditbetrag CHF 3'000.– bis …") was
taken instead. Here each filled widget becomes a line "label: value" under a heading, appended to
the page text so the form reader reads it like any printed form and a fact's quote points at it:

- a text field's label is the words on its row to its left (the field's own name, often an
  internal one like ``betrag``, only when no words are there);
- a ticked check box or radio button gives the words to its right (its option, "Miete") under the
  words left of the row's first box (the question, "Wohnsituation").
"""

from __future__ import annotations

from typing import Any

from pdfminer.utils import decode_text

FORM_HEADING = "[Form fields as filled in]"
_ROW_TOLERANCE = 4.0  # points: a label's midline within this of its widget's
_OFF = {"off", "no", "false", "0", ""}


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return decode_text(value).strip()
    name = getattr(value, "name", None)  # a PSLiteral such as /Yes
    return str(name if name is not None else value or "").strip()


def _field(data: dict[str, Any], key: str) -> Any:
    """A field attribute, from the widget or its parent field (radio groups keep it there)."""
    if key in data:
        return data[key]
    parent = data.get("Parent")
    resolve = getattr(parent, "resolve", None)
    parent_data = resolve() if callable(resolve) else parent
    return parent_data.get(key) if isinstance(parent_data, dict) else None


def _row_words(words: list[dict[str, Any]], top: float, bottom: float) -> list[dict[str, Any]]:
    middle = (top + bottom) / 2
    return [w for w in words if abs((w["top"] + w["bottom"]) / 2 - middle) <= _ROW_TOLERANCE]


def _joined(words: list[dict[str, Any]]) -> str:
    return " ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"])).strip()


def form_lines(page: Any) -> tuple[list[str], set[str]]:
    """("label: value" for every filled field of a pdfplumber page, top to bottom; the printed
    labels and options of every field, filled or not)."""
    widgets = [a for a in page.annots or [] if isinstance(a.get("data"), dict)]
    printed: set[str] = set()
    if not widgets:
        return [], printed
    words = page.extract_words()
    lines: list[tuple[float, float, str]] = []
    for widget in widgets:
        data = widget["data"]
        kind = _text(_field(data, "FT")).lstrip("/")
        top, bottom, x0, x1 = widget["top"], widget["bottom"], widget["x0"], widget["x1"]
        row = _row_words(words, top, bottom)
        if kind == "Tx":
            label = _joined([w for w in row if w["x1"] <= x0 + 2])
            printed.add(label)
            value = _text(_field(data, "V"))
            if value:
                lines.append((top, x0, f"{label or _text(_field(data, 'T'))}: {value}"))
        elif kind == "Btn":
            boxes = [w for w in widgets if _row_words([w], top, bottom)]
            after = min((b["x0"] for b in boxes if b["x0"] > x1), default=1e9)
            option = _joined([w for w in row if w["x0"] >= x1 - 1 and w["x1"] <= after])
            question = _joined([w for w in row if w["x1"] <= min(b["x0"] for b in boxes) + 2])
            printed |= {option, question}
            if option and _text(data.get("AS") or _field(data, "V")).lower() not in _OFF:
                lines.append((top, x0, f"{question}: {option}" if question else f"☒ {option}"))
    return [text for _, _, text in sorted(lines)], printed - {""}


def _only_printed(line: str, printed: set[str]) -> bool:
    """A line that is a field's label, or a row of check-box options ("Wohnsituation⇥Eigentum⇥Miete")."""
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    return bool(cells) and (line.strip() in printed or all(c in printed for c in cells))


def with_form_fields(text: str, page: Any) -> str:
    """The page text with its filled form fields appended under :data:`FORM_HEADING`, if any.

    The printed labels and options of the fields are taken out of the printed part: on a filled
    form they are the blank form, and read as a stacked form they paired one label with the next
    ("Name" → "Vorname", "Wohnsituation" → "Eigentum"), answers nobody gave."""
    lines, printed = form_lines(page)
    if not lines:
        return text
    kept = [line for line in text.split("\n") if not _only_printed(line, printed)]
    return "\n".join(kept) + f"\n\n{FORM_HEADING}\n" + "\n".join(lines)
