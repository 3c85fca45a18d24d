"""The versioned JSON run log: write it, read it back (refusing a schema this code does not know)."""

from __future__ import annotations

import json
from pathlib import Path

from underwrite.evals.harness.types import SCHEMA_VERSION, EvalLog

LOG_NAME = "eval_log.json"


class LogSchemaError(ValueError):
    """The log file was written by an incompatible schema version."""


def write_log(log: EvalLog, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOG_NAME
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(log.model_dump_json(indent=2), encoding="utf-8")
    tmp.replace(path)  # never leave a half-written log behind
    return path


def read_log(path: Path) -> EvalLog:
    data = json.loads(path.read_text(encoding="utf-8"))
    found = str(data.get("schema_version", "?"))
    if found.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise LogSchemaError(f"{path}: schema {found}, this code reads {SCHEMA_VERSION}")
    return EvalLog.model_validate(data)
