"""Field accuracy on the hand-written unseen-layout corpus (``tests/corpus/unseen``), per layout.

    python -m underwrite.bench.extraction --corpus tests/corpus/unseen [--json]

Each packet folder is read with ``load_application`` (answer_key.json is never opened by it); each
document's expected fields are compared with the facts whose source is that document (computed facts
excluded): numbers within 0.01, text exactly. A field not extracted counts as wrong. The document's kind is
checked against ``doc_type``. Facts read from a keyed document for a field its key does not list are
reported apart (``unkeyed``, with their quotes, not scored): a key is not exhaustive, so each is either a
field the writer did not key or a wrong fact for a person to judge. Reading time is measured per packet
after the encoder is loaded once (its load time is reported on its own). Layouts are grouped as
``structured`` (forms, tables, exports, data files), ``prose`` and ``scan`` for the issue's targets.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from pydantic import BaseModel, Field

from underwrite.core.fields import FIELDS, FieldKind
from underwrite.core.schemas import Fact, FactMethod, FactValue
from underwrite.synth import load_application
from underwrite.tools.intake.extraction.label_match import _field_vectors

TARGETS = {"structured": 0.95, "prose": 0.85, "scan": 0.90}
PROSE_HINTS = ("email", "e_mail", "letter", "prose", "cover")


class DocSpec(BaseModel):
    layout: str
    format: str
    doc_type: str
    fields: dict[str, FactValue]
    currency: str | None = None
    """Set when the document's money is in another currency: its fields then hold the amounts as
    stated, and a money fact is right only when read as that currency (``Fact.conversion``)."""


class AnswerKey(BaseModel):
    packet_id: str
    # ISO 639-1 of the packet's language: any two letters, so a corpus in a language the reader has
    # never seen is scored (and reported per language) instead of refused.
    language: str = Field(pattern=r"^[a-z]{2}$")
    documents: dict[str, DocSpec]


class Tally(BaseModel):
    n: int = 0
    correct: int = 0
    documents: int = 0
    kind_correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else float("nan")


class CorpusMiss(BaseModel):
    packet_id: str
    document: str
    layout: str
    field: str
    expected: FactValue
    extracted: FactValue


class UnkeyedFact(BaseModel):
    """A fact the reader took from a document whose key does not name its field."""

    packet_id: str
    document: str
    field: str
    extracted: FactValue
    quote: str


class CorpusReport(BaseModel):
    packets: int
    documents: int
    fields: dict[str, Tally]
    layouts: dict[str, Tally]
    languages: dict[str, Tally]
    groups: dict[str, Tally]
    misses: list[CorpusMiss]
    unkeyed: list[UnkeyedFact] = Field(default_factory=list)
    kind_misses: list[str]
    document_failures: list[str]
    encoder_load_s: float
    packet_seconds: dict[str, float] = Field(description="packet → wall seconds to read and extract")
    packet_cpu_seconds: dict[str, float] = Field(
        description="packet → CPU seconds (less hit by a busy machine)"
    )

    def summary(self) -> dict[str, object]:
        seconds = list(self.packet_seconds.values())
        return {
            "overall": _acc(
                sum(t.correct for t in self.layouts.values()), sum(t.n for t in self.layouts.values())
            ),
            "groups": {
                g: {"accuracy": t.accuracy, "n": t.n, "target": TARGETS.get(g)}
                for g, t in self.groups.items()
            },
            "packet_seconds_median": statistics.median(seconds) if seconds else None,
            "packet_seconds_max": max(seconds) if seconds else None,
            "packet_cpu_seconds_max": max(self.packet_cpu_seconds.values(), default=None),
            "unkeyed_facts": len(self.unkeyed),
        }


def _acc(correct: int, n: int) -> float:
    return correct / n if n else float("nan")


def as_stated(fact: Fact, currency: str | None) -> FactValue:
    """The value to compare with a key: for money in a foreign-currency document, the amount as
    stated, and only if the reader took it as that currency (read as EUR it is wrong)."""
    if not currency or currency == "EUR" or FIELDS.get(fact.name) is None:
        return fact.value
    if FIELDS[fact.name].kind is not FieldKind.money:
        return fact.value
    if fact.conversion is None or fact.conversion.currency != currency:
        return None
    return round(fact.conversion.amount, 2)


def group_of(spec: DocSpec) -> str:
    layout = spec.layout.lower()
    if spec.format == "png" or "scan" in layout or "ocr" in layout:
        return "scan"
    if any(h in layout for h in PROSE_HINTS):
        return "prose"
    return "structured"


def matches(expected: FactValue, got: FactValue) -> bool:
    if got is None:
        return False
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        if isinstance(got, bool) or not isinstance(got, int | float):
            return False
        return abs(float(expected) - float(got)) <= 0.0100001
    return str(expected).strip() == str(got).strip()


def _warm_encoder() -> float:
    started = time.perf_counter()
    _field_vectors()
    return round(time.perf_counter() - started, 3)


def evaluate_corpus(corpus: Path) -> CorpusReport:
    folders = sorted(p.parent for p in corpus.glob("*/answer_key.json"))
    if not folders:
        raise FileNotFoundError(f"no packet folders with answer_key.json under {corpus}")
    tallies: dict[str, dict[str, Tally]] = {"fields": {}, "layouts": {}, "languages": {}, "groups": {}}
    misses: list[CorpusMiss] = []
    unkeyed: list[UnkeyedFact] = []
    kind_misses: list[str] = []
    failures: list[str] = []
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    load_s = _warm_encoder()
    documents = 0
    for folder in folders:
        key = AnswerKey.model_validate(json.loads((folder / "answer_key.json").read_text(encoding="utf-8")))
        started, cpu_started = time.perf_counter(), time.process_time()
        application, failed = load_application(folder)
        seconds[key.packet_id] = round(time.perf_counter() - started, 3)
        cpu[key.packet_id] = round(time.process_time() - cpu_started, 3)
        failures += [f.message for f in failed]
        by_name = {d.filename: d for d in application.documents}
        for filename, spec in key.documents.items():
            documents += 1
            doc = by_name.get(filename)
            extracted: dict[str, FactValue] = {}
            if doc is not None:
                for fact in application.facts:
                    if (
                        fact.method != FactMethod.computed
                        and fact.source
                        and fact.source.doc_id == doc.doc_id
                    ):
                        extracted.setdefault(fact.name, as_stated(fact, spec.currency))
                        if fact.name not in spec.fields:
                            unkeyed.append(
                                UnkeyedFact(
                                    packet_id=key.packet_id,
                                    document=filename,
                                    field=fact.name,
                                    extracted=fact.value,
                                    quote=fact.source.quote,
                                )
                            )
            kind_ok = doc is not None and doc.kind == spec.doc_type
            if not kind_ok:
                kind_misses.append(
                    f"{key.packet_id}/{filename}: {doc.kind if doc else 'not read'} ≠ {spec.doc_type}"
                )
            buckets = [("layouts", spec.layout), ("languages", key.language), ("groups", group_of(spec))]
            for table, name in buckets:
                t = tallies[table].setdefault(name, Tally())
                t.documents += 1
                t.kind_correct += kind_ok
            for field, expected in spec.fields.items():
                ok = matches(expected, extracted.get(field))
                for table, name in [*buckets, ("fields", field)]:
                    t = tallies[table].setdefault(name, Tally())
                    t.n += 1
                    t.correct += ok
                if not ok:
                    misses.append(
                        CorpusMiss(
                            packet_id=key.packet_id,
                            document=filename,
                            layout=spec.layout,
                            field=field,
                            expected=expected,
                            extracted=extracted.get(field),
                        )
                    )
    return CorpusReport(
        packets=len(folders),
        documents=documents,
        misses=misses,
        unkeyed=unkeyed,
        kind_misses=kind_misses,
        document_failures=failures,
        encoder_load_s=load_s,
        packet_seconds=seconds,
        packet_cpu_seconds=cpu,
        **{k: dict(sorted(v.items())) for k, v in tallies.items()},
    )


def render_corpus(report: CorpusReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for title, table_name in (("layout", "layouts"), ("language", "languages"), ("field", "fields")):
        table = Table(
            title=f"Unseen-corpus accuracy per {title} "
            f"({report.packets} packets, {report.documents} documents)"
        )
        for column in (title, "docs", "kind ok", "fields", "correct", "accuracy"):
            table.add_column(column, justify="left" if column == title else "right")
        for name, t in getattr(report, table_name).items():
            table.add_row(
                name,
                str(t.documents or ""),
                str(t.kind_correct or ""),
                str(t.n),
                str(t.correct),
                f"{t.accuracy:.1%}",
            )
        console.print(table)
    summary = report.summary()
    console.print(f"overall field accuracy: {summary['overall']:.2%}")
    for group, t in report.groups.items():
        target = TARGETS.get(group)
        verdict = (
            ""
            if target is None
            else f" (target {target:.0%}: {'met' if t.accuracy >= target else 'NOT met'})"
        )
        console.print(f"{group}: {t.correct}/{t.n} = {t.accuracy:.2%}{verdict}")
    console.print(f"encoder load: {report.encoder_load_s:.2f} s (once per process)")
    console.print(
        f"per packet: median {summary['packet_seconds_median']:.3f} s, "
        f"max {summary['packet_seconds_max']:.3f} s "
        f"wall; max {summary['packet_cpu_seconds_max']:.3f} s CPU"
    )
    for miss in report.kind_misses:
        console.print(f"kind miss {miss}")
    for m in report.misses:
        console.print(
            f"miss {m.packet_id}/{m.document} [{m.layout}] {m.field}: "
            f"expected {m.expected!r}, got {m.extracted!r}"
        )
    for u in report.unkeyed:
        console.print(f"unkeyed {u.packet_id}/{u.document} {u.field} = {u.extracted!r} (from {u.quote!r})")
    for failure in report.document_failures:
        console.print(f"read failure: {failure}")
