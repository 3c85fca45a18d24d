"""Training data: built-in datasets or any CSV with a binary target, validated with specific errors."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from underwrite.core.datasets import LoadedDataset, load_dataset
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.tools.scoring.config import ScoringConfig
from underwrite.tools.scoring.csv_columns import column_decimal_mark, file_decimal_mark, infer_kind
from underwrite.tools.scoring.csv_header import header_line, skipped_note
from underwrite.tools.scoring.csv_target import read_outcome
from underwrite.tools.scoring.durations import DatePlan
from underwrite.tools.scoring.leakage import leaking_columns
from underwrite.tools.scoring.schema import DecimalMark, FeatureSchema
from underwrite.tools.scoring.training_errors import (
    MissingTargetError,
    TooFewRowsError,
    TrainingDataError,
    UnreadableCSVError,
)
from underwrite.tools.scoring.xlsx_table import WorkbookError, is_workbook, workbook_csv

# Column names that are (or proxy) a prohibited basis under ECOA / Reg B and the GDPR's special
# categories. Matched on word parts, so `applicant_age` and `Sex` are caught, `usage` is not; also in
# the languages intake reads, since a German export says `Geschlecht` and `Alter`, not `sex`, `age`.
_PROTECTED_PATTERN = re.compile(
    r"(^|_)(age|dob|birth|sex|gender|race|ethnic\w*|religion|marital|married|single|national\w*|"
    r"citizen\w*|foreign\w*|origin|pregnan\w*|disab\w*|"
    r"alter|geburt\w*|geschlecht|familienstand|staatsang\w*|herkunft|konfession|religi\w*|behinder\w*|"
    r"sexe|naissance|nationalit\w*|sexo|edad|nacimiento|idade|nascimento|estado_civil|etat_civil|"
    r"pohlav\w*|vek|narozen\w*|kon|alder|kjonn|koen|fodsel\w*|civilstand)($|_|\d)",
)
# Tokens that mean "not known" in hand-made credit files, beyond pandas' own (NA, n/a, null, ...):
# also German "k.A." (keine Angabe), "n.v." (nicht vorhanden) and dashes.
_MISSING_TOKENS = ["?", "-", "--", ".", "—", "–", "k.A.", "k. A.", "k.a.", "n.v.", "n.a."]
# A file that is not UTF-8 is most often a Windows export (Excel's "CSV" on a western-European
# system); Latin-1 reads any byte, so it is the last resort. The card names the one that read it.
_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


@dataclass(frozen=True)
class TrainingSet:
    name: str
    frame: pd.DataFrame
    y: np.ndarray
    schema: FeatureSchema
    data_hash: str
    source: str


def is_protected(column: str, extra: set[str] | frozenset[str] = frozenset()) -> bool:
    name = re.sub(r"[^a-z0-9]+", "_", column.lower()).strip("_")
    return column in PROTECTED_FIELDS or column in extra or bool(_PROTECTED_PATTERN.search(name))


def frame_hash(frame: pd.DataFrame) -> str:
    raw = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    return hashlib.sha256(raw).hexdigest()[:16]


def from_dataset(ds: LoadedDataset, config: ScoringConfig, rows: list[int] | None = None) -> TrainingSet:
    frame = ds.frame if rows is None else ds.frame.iloc[rows].reset_index(drop=True)
    excluded = {c: "protected attribute (prohibited basis; fairness testing only)" for c in ds.protected}
    for col in frame.columns:
        if col not in ds.features and col != "target" and col not in excluded:
            excluded[col] = "not a model input in the dataset definition"
    schema = _schema(ds.name, "target", frame, ds.numeric, ds.categorical, ds.text, excluded, config)
    return TrainingSet(
        name=ds.name,
        frame=frame,
        y=frame["target"].to_numpy(dtype=int),
        schema=schema,
        data_hash=frame_hash(frame),
        source=ds.source,
    )


def load_training_dataset(name: str, config: ScoringConfig, rows: list[int] | None = None) -> TrainingSet:
    return from_dataset(load_dataset(name), config, rows)


def _schema(
    name: str,
    target: str,
    frame: pd.DataFrame,
    numeric: list[str],
    categorical: list[str],
    prose: list[str],
    excluded: dict[str, str],
    config: ScoringConfig,
    decimal_mark: DecimalMark = ".",
) -> FeatureSchema:
    categories = {c: sorted(frame[c].dropna().astype(str).unique().tolist()) for c in categorical}
    ordinal = {
        c: levels
        for c, levels in config.ordinal.items()
        if c in categorical and set(categories[c]) & set(levels)
    }
    columns = [*numeric, *categorical, *(f"{c}_rank" for c in ordinal)]
    return FeatureSchema(
        dataset=name,
        target=target,
        numeric=numeric,
        categorical=categorical,
        categories=categories,
        ordinal=ordinal,
        prose=prose,
        excluded=excluded,
        monotone={c: d for c, d in config.monotone.items() if c in columns and d},
        decimal_mark=decimal_mark,
    )


def load_csv(path: Path, target: str, config: ScoringConfig) -> TrainingSet:
    """Read and validate a CSV; infer numeric / categorical / free-text columns."""
    if not path.is_file():
        raise UnreadableCSVError(f"{path}: no such file")
    frame, encoding, layout = _read(path, target)
    if frame.shape[1] < 2:
        raise UnreadableCSVError(f"{path}: found {frame.shape[1]} column(s); need a target and features")
    target, named = _target_column(frame, target, path.name)
    outcome = read_outcome(frame[target], target)
    frame, y = frame[outcome.keep].reset_index(drop=True), outcome.y
    if len(frame) < config.min_training_rows:
        raise TooFewRowsError(
            f"{path.name} has {len(frame)} labelled rows; at least {config.min_training_rows} are needed"
        )
    if min(int(y.sum()), int(len(y) - y.sum())) < 10:
        raise TooFewRowsError(f"{path.name}: fewer than 10 rows in the minority class ({int(y.sum())} bad)")
    numeric, categorical, prose, dates = [], [], [], []
    marks: dict[str, DecimalMark] = {}
    excluded: dict[str, str] = {}
    mark = file_decimal_mark(frame.drop(columns=[target]))
    for col in frame.columns:
        if col == target:
            continue
        kind, numbers = (
            ("protected attribute (prohibited basis): excluded", None)
            if is_protected(col)
            else infer_kind(frame[col], col, mark)
        )
        if kind == "numeric":
            numeric.append(col)
            if (own := column_decimal_mark(frame[col], mark)) != mark:
                marks[col] = own  # scoring must read this column as training did
            frame[col] = numbers
        elif kind == "categorical":
            categorical.append(col)
            frame[col] = frame[col].astype("string").astype(object).where(frame[col].notna(), None)
        elif kind == "text":
            prose.append(col)
        elif kind == "date":
            dates.append(col)
        else:
            excluded[col] = kind
    plan = DatePlan(frame, dates, mark)
    excluded.update(plan.excluded)
    for name, years in plan.values.items():
        frame[name] = years.to_numpy()
        numeric.append(name)
    leaks = leaking_columns(frame, y, numeric, categorical, config.leakage_auc)
    numeric = [c for c in numeric if c not in leaks]
    categorical = [c for c in categorical if c not in leaks]
    excluded.update(leaks)
    if not numeric and not categorical:
        raise TrainingDataError(f"{path.name}: no usable feature columns ({excluded})")
    schema = _schema(path.stem, target, frame, numeric, categorical, prose, excluded, config, mark)
    kept = {n: pair for n, pair in plan.durations.items() if n in numeric}
    formats = {c: f for c, f in plan.formats.items() if any(c in pair for pair in kept.values())}
    marks = {c: m for c, m in marks.items() if c in numeric}
    schema = schema.model_copy(update={"durations": kept, "date_formats": formats, "column_marks": marks})
    # "encoding" is the text encoding, or the workbook sheet a .xlsx was read from
    read_as = encoding if encoding.startswith("xlsx") else f"encoding {encoding}"
    notes = [read_as] if encoding != "utf-8-sig" else []
    notes += layout + named + ([outcome.note] if outcome.note else [])
    notes += [f"decimal comma ({mark!r})"] if mark == "," else []
    notes += plan.notes()
    source = f"{path} ({'; '.join(notes)})" if notes else str(path)
    return TrainingSet(path.stem, frame, y, schema, frame_hash(frame), source)


def _target_column(frame: pd.DataFrame, target: str, name: str) -> tuple[str, list[str]]:
    """The column ``--target`` names, and a note when it matched only ignoring case and spaces.

    People type the name as they remember it (``--target defaulted`` for "Defaulted"); the
    workbook's sheet is already chosen that way, so the column must be too. Two columns equal
    under that rule are refused rather than guessed.
    """
    if target in frame.columns:
        return target, []
    wanted = target.strip().casefold()
    alike = [str(c) for c in frame.columns if str(c).strip().casefold() == wanted]
    if len(alike) == 1:
        return alike[0], [f"target {target!r} is column {alike[0]!r}"]
    if alike:
        raise MissingTargetError(f"target {target!r} matches several columns of {name}: {', '.join(alike)}")
    cols = ", ".join(map(str, frame.columns[:20]))
    raise MissingTargetError(f"target column {target!r} not in {name}; columns are: {cols}")


def _read(path: Path, target: str) -> tuple[pd.DataFrame, str, list[str]]:
    """The CSV as text cells (delimiter sniffed), the encoding that read it, and notes on the layout."""
    raw = path.read_bytes()
    if is_workbook(raw):
        try:
            text, sheet = workbook_csv(raw, target)
        except WorkbookError as exc:
            raise UnreadableCSVError(f"{path}: {exc}") from exc
        return _parse(path, text, f"xlsx, {sheet}")
    # Excel's "Unicode text" export is UTF-16 with a byte-order mark; any other NUL byte means the
    # file is not text at all (Latin-1 would otherwise "read" a spreadsheet or a zip as cells).
    utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff")
    if not utf16 and b"\x00" in raw[:65536]:
        raise UnreadableCSVError(f"{path}: not a readable CSV (binary content, not text)")
    for encoding in ("utf-16",) if utf16 else _ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _parse(path, text, encoding)
    raise UnreadableCSVError(f"{path}: not a readable CSV (no text encoding reads it)")


def _parse(path: Path, text: str, encoding: str) -> tuple[pd.DataFrame, str, list[str]]:
    skip = header_line(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=None,
            engine="python",
            dtype=str,
            na_values=_MISSING_TOKENS,
            skiprows=skip,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
        raise UnreadableCSVError(f"{path}: not a readable CSV ({exc.__class__.__name__}: {exc})") from exc
    return frame, encoding, [skipped_note(text, skip)] if skip else []
