"""Per-field accuracy of the prose paths (rules only, LLM only, rules + LLM) and of OCR'd scans.

    python -m underwrite.bench.prose_accuracy [--corpus tests/corpus/unseen]
        [--sentences tests/data/prose_sentences.json] [--llm/--no-llm] [--json]

Every document of every ``answer_key.json`` under the corpus is read with the product's reader
(scans through Tesseract) and the rule layer (:func:`extract_facts`, which includes the prose
rules); with ``--llm`` the embedded model (``LLMClient.from_settings()``) is asked once per prose
document for all of :data:`PROSE_LLM_FIELDS` and its quote-checked facts are scored alone ("llm")
and as a filler of the fields the rules left empty ("rules+llm"). The sentence corpus of the rule
tests is scored the same way. A field counts as correct when the value matches the answer key
(numbers within 0.011, text exactly after trimming); a field not read counts as wrong. Documents
are grouped ``prose`` (text, DOCX) or ``scan`` (images and image-only PDFs).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from underwrite.core.console import err_console, print_json
from underwrite.core.llm_protocol import StructuredModel
from underwrite.core.schemas import Document, FactValue, MediaType, Page
from underwrite.llm import LLMClient
from underwrite.tools.intake import read_document
from underwrite.tools.intake.extraction import extract_facts
from underwrite.tools.intake.extraction.prose_llm import PROSE_LLM_FIELDS, llm_prose_facts

PATHS = ("rules", "llm", "rules+llm")
SCAN_FORMATS = {"png", "jpg", "jpeg", "tif", "tiff"}


class Cell(BaseModel):
    n: int = 0
    correct: dict[str, int] = {p: 0 for p in PATHS}


class Miss(BaseModel):
    item: str
    field: str
    expected: FactValue
    got: dict[str, FactValue]


class ProseReport(BaseModel):
    groups: dict[str, dict[str, Cell]]
    """group (prose / scan / sentences) → field → counts per path."""
    llm_used: bool
    llm_calls: int = 0
    llm_seconds: float = 0.0
    llm_dropped: int = 0
    llm_errors: list[str] = []
    misses: list[Miss] = []

    def accuracy(self, group: str, path: str, fields: set[str] | None = None) -> float:
        cells = [c for f, c in self.groups.get(group, {}).items() if fields is None or f in fields]
        total = sum(c.n for c in cells)
        return sum(c.correct[path] for c in cells) / total if total else float("nan")


def matches(expected: FactValue, got: FactValue) -> bool:
    if got is None:
        return False
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return isinstance(got, int | float) and not isinstance(got, bool) and abs(expected - got) <= 0.011
    return str(expected).strip() == str(got).strip()


def _values(facts: list[Any]) -> dict[str, FactValue]:
    out: dict[str, FactValue] = {}
    for fact in facts:
        out.setdefault(fact.name, fact.value)
    return out


def _items(corpus: Path, sentences: Path | None) -> list[tuple[str, str, Document, dict[str, FactValue]]]:
    """(group, item id, document, expected fields) for every answer-key document and sentence."""
    items = []
    for key_path in sorted(corpus.glob("*/answer_key.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        for name, entry in key["documents"].items():
            doc = read_document(key_path.parent / name)
            scanned = entry["format"] in SCAN_FORMATS or "scan" in entry["layout"]
            items.append(("scan" if scanned else "prose", f"{key['packet_id']}/{name}", doc, entry["fields"]))
    if sentences is not None:
        data = json.loads(sentences.read_text(encoding="utf-8"))
        head = f"Date: {date.fromisoformat(data['reference_date']).strftime('%d %B %Y')}\n"
        for i, case in enumerate(data["sentences"]):
            doc = Document(doc_id=f"s{i:03d}", filename=f"sentence-{i}.txt", media_type=MediaType.text,
                           sha256="0" * 64, size_bytes=len(case["text"]), kind="cover_letter",
                           pages=[Page(number=1, text=head + case["text"])])  # fmt: skip
            items.append(("sentences", f"sentence {i} ({case['lang']})", doc, case["expected"]))
    return items


def evaluate(corpus: Path, sentences: Path | None, llm: StructuredModel | None) -> ProseReport:
    report = ProseReport(groups={}, llm_used=llm is not None)
    groups: dict[str, dict[str, Cell]] = defaultdict(lambda: defaultdict(Cell))
    for group, item, doc, expected in _items(corpus, sentences):
        rules = _values(extract_facts([doc]))
        llm_values: dict[str, FactValue] = {}
        if llm is not None and doc.kind in {"cover_letter", "email", "unknown"}:
            start = time.perf_counter()
            result = llm_prose_facts(llm, [doc], PROSE_LLM_FIELDS)
            report.llm_seconds += time.perf_counter() - start
            report.llm_calls += 1
            report.llm_dropped += result.dropped
            if result.error:
                report.llm_errors.append(f"{item}: {result.error}")
            llm_values = _values(result.facts)
        both = {**llm_values, **rules}
        for name, value in expected.items():
            cell = groups[group][name]
            cell.n += 1
            got = {"rules": rules.get(name), "llm": llm_values.get(name), "rules+llm": both.get(name)}
            for path in PATHS:
                cell.correct[path] += matches(value, got[path])
            if not matches(value, got["rules+llm"]) or not matches(value, got["rules"]):
                report.misses.append(Miss(item=item, field=name, expected=value, got=got))
    report.groups = {g: dict(fields) for g, fields in groups.items()}
    return report


def render(report: ProseReport, console: Console) -> None:
    paths = PATHS if report.llm_used else ("rules",)
    for group, fields in report.groups.items():
        table = Table(title=f"{group}: per-field accuracy")
        table.add_column("field")
        table.add_column("n", justify="right")
        for path in paths:
            table.add_column(path, justify="right")
        for name, cell in sorted(fields.items()):
            table.add_row(name, str(cell.n), *(f"{cell.correct[p]}/{cell.n}" for p in paths))
        table.add_row("ALL", str(sum(c.n for c in fields.values())),
                      *(f"{report.accuracy(group, p):.1%}" for p in paths))  # fmt: skip
        console.print(table)
    if report.llm_used:
        console.print(
            f"LLM: {report.llm_calls} calls, {report.llm_seconds:.0f} s, {report.llm_dropped} facts "
            f"dropped by the quote check, {len(report.llm_errors)} errors"
        )


def main(
    corpus: Annotated[Path, typer.Option(help="Folder of packets with answer_key.json")] = Path(
        "tests/corpus/unseen"
    ),
    sentences: Annotated[Path | None, typer.Option(help="Sentence corpus JSON")] = Path(
        "tests/data/prose_sentences.json"
    ),
    llm: Annotated[bool, typer.Option("--llm/--no-llm", help="Also run the configured LLM")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    client = None
    if llm:
        err_console.print("starting the LLM (embedded server unless UW_LLM_URL is set)…")
        client = LLMClient.from_settings()
    report = evaluate(corpus, sentences, client)
    if json_out:
        print_json(report.model_dump(mode="json"))
    else:
        render(report, Console())
        for miss in report.misses[:40]:
            err_console.print(f"miss {miss.item} {miss.field}: expected {miss.expected!r}, got {miss.got}")


if __name__ == "__main__":
    typer.run(main)
