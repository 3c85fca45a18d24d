"""Field accuracy of the rule-layer extractor against packets' truth.json.

    python -m underwrite.bench.extraction --packets DIR [--json]
    python -m underwrite.bench.extraction --corpus tests/corpus/unseen [--json]

``--corpus`` scores the hand-written unseen-layout corpus instead (see :mod:`corpus_accuracy`):
per field, per layout, per language, with reading time per packet; it reports, it does not gate.

Each packet folder is read with ``load_application`` (which never opens truth.json); each field the
truth lists as form / rule / derived is then compared with the extracted value: money and numbers
within one cent, everything else exactly. A field that was not extracted counts as wrong (and as
missing). Prose-only fields are checked the other way round: the rule layer must report them
missing. The bar (``FORM_ACCURACY_BAR``) is for form fields.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel, Field
from rich.progress import track
from rich.table import Table

from underwrite.bench.corpus_accuracy import evaluate_corpus, render_corpus
from underwrite.core.console import err_console, message_console, print_json
from underwrite.core.schemas import FactValue
from underwrite.synth import PacketTruth, load_application
from underwrite.tools.intake.extraction import missing_fields

FORM_ACCURACY_BAR = 0.99
GROUPS = ("form", "rule", "derived")


class FieldScore(BaseModel):
    field: str
    group: str
    n: int = 0
    correct: int = 0
    missing: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else math.nan


class Mismatch(BaseModel):
    application_id: str
    field: str
    expected: FactValue
    extracted: FactValue


class ExtractionReport(BaseModel):
    packets: int
    fields: list[FieldScore]
    accuracy: dict[str, float] = Field(description="group → correct / n over all its fields")
    prose_only_reported_missing: dict[str, list[int]] = Field(description="field → [reported missing, n]")
    prose_only_read: dict[str, list[int]] = Field(
        default_factory=dict,
        description="field → [read with the true value, read] by the prose rules from the cover letter",
    )
    document_failures: int
    mismatches: list[Mismatch]
    form_accuracy_bar: float = FORM_ACCURACY_BAR

    @property
    def passed(self) -> bool:
        return self.accuracy.get("form", 0.0) >= self.form_accuracy_bar


def values_match(expected: FactValue, extracted: FactValue) -> bool:
    if extracted is None:
        return False
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        if isinstance(extracted, bool) or not isinstance(extracted, int | float):
            return False
        return abs(float(expected) - float(extracted)) <= 0.0100001
    return str(expected).strip() == str(extracted).strip()


def evaluate_packets(packets_dir: Path, show_progress: bool = True) -> ExtractionReport:
    folders = sorted(p.parent for p in packets_dir.glob("*/truth.json"))
    if not folders:
        raise FileNotFoundError(f"no packet folders with truth.json under {packets_dir}")
    scores: dict[tuple[str, str], FieldScore] = {}
    prose: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    prose_read: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    mismatches: list[Mismatch] = []
    failures = 0
    iterator = (
        track(folders, description="reading packets", console=err_console) if show_progress else folders
    )
    for folder in iterator:
        truth = PacketTruth.read(folder / "truth.json")
        application, failed = load_application(folder)
        failures += len(failed)
        extracted: dict[str, FactValue] = {}
        for fact in application.facts:
            extracted.setdefault(fact.name, fact.value)
        for group, names in zip(
            GROUPS, (truth.form_fields, truth.rule_fields, truth.derived_fields), strict=True
        ):
            for name in names:
                expected = truth.fields.get(name)
                if expected is None:
                    continue
                score = scores.setdefault((group, name), FieldScore(field=name, group=group))
                score.n += 1
                got = extracted.get(name)
                if values_match(expected, got):
                    score.correct += 1
                else:
                    score.missing += got is None
                    mismatches.append(Mismatch(application_id=truth.application_id, field=name,
                                               expected=expected, extracted=got))  # fmt: skip
        reported = set(missing_fields(application.facts, truth.product))
        for name in truth.prose_only:
            prose[name][1] += 1
            prose[name][0] += name in reported
            if name in extracted:
                prose_read[name][1] += 1
                prose_read[name][0] += values_match(truth.fields.get(name), extracted[name])
    fields = sorted(scores.values(), key=lambda s: (GROUPS.index(s.group), s.field))
    accuracy = {}
    for group in GROUPS:
        members = [s for s in fields if s.group == group]
        total = sum(s.n for s in members)
        if total:
            accuracy[group] = sum(s.correct for s in members) / total
    return ExtractionReport(packets=len(folders), fields=fields, accuracy=accuracy,
                            prose_only_reported_missing=dict(prose), prose_only_read=dict(prose_read),
                            document_failures=failures,
                            mismatches=mismatches)  # fmt: skip


def render_table(report: ExtractionReport) -> Table:
    table = Table(title=f"Rule-layer extraction accuracy over {report.packets} packets")
    for column in ("field", "group", "n", "correct", "accuracy", "missing"):
        table.add_column(column, justify="left" if column in ("field", "group") else "right")
    for s in report.fields:
        table.add_row(s.field, s.group, str(s.n), str(s.correct), f"{s.accuracy:.1%}", str(s.missing))
    return table


def _print_corpus(corpus: Path, json_out: bool) -> None:
    report = evaluate_corpus(corpus)
    if json_out:
        payload = report.model_dump(mode="json")
        for table in ("fields", "layouts", "languages", "groups"):
            for name, tally in getattr(report, table).items():
                payload[table][name]["accuracy"] = tally.accuracy
        payload["summary"] = report.summary()
        print_json(payload)
    else:
        render_corpus(report)


def main(
    packets: Annotated[
        Path | None, typer.Option(help="Folder of generated packet folders (each with truth.json)")
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option(help="Hand-written corpus: packet folders with answer_key.json")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Compare extracted facts with truth.json per field; exit 1 if form accuracy misses the bar.

    With ``--corpus`` score the unseen-layout corpus instead (a report; the exit code is 0).
    """
    if corpus is not None:
        _print_corpus(corpus, json_out)
        return
    if packets is None:
        raise typer.BadParameter("give --packets DIR or --corpus DIR")
    report = evaluate_packets(packets, show_progress=True)
    if json_out:
        payload = report.model_dump(mode="json")
        payload["fields"] = [{**s.model_dump(), "accuracy": s.accuracy} for s in report.fields]
        payload["passed"] = report.passed
        print_json(payload)
    else:
        console = message_console(stderr=False)
        console.print(render_table(report))
        for group, value in report.accuracy.items():
            console.print(f"overall {group}-field accuracy: {value:.2%}")
        for name, (reported, n) in report.prose_only_reported_missing.items():
            correct, read = report.prose_only_read.get(name, [0, 0])
            console.print(f"prose-only {name}: reported missing in {reported}/{n} packets, "
                          f"read from the letter in {read} ({correct} correct)")  # fmt: skip
        console.print(f"document read failures: {report.document_failures}")
        verdict = "PASS" if report.passed else "FAIL"
        console.print(f"form-field bar {FORM_ACCURACY_BAR:.0%}: {verdict}")
        for m in report.mismatches[:15]:
            err_console.print(
                f"mismatch {m.application_id} {m.field}: expected {m.expected!r}, got {m.extracted!r}"
            )
    raise typer.Exit(0 if report.passed else 1)


if __name__ == "__main__":
    typer.run(main)
