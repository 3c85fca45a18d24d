"""The LDA search on a production bundle, cached on disk by model version, scoring code and search
settings, so a rerun of the suite against the same bundle reuses the refitted alternatives."""

from __future__ import annotations

import hashlib
import importlib.resources
import json
from collections.abc import Callable
from pathlib import Path

from underwrite.tools.scoring.lda import BOOTSTRAP_SEED, RESAMPLES, LdaReport, SearchInputs, search


def _scoring_code_hash() -> str:
    """Hash of the scoring package's source and config: a code change invalidates cached searches."""
    root = importlib.resources.files("underwrite.tools.scoring")
    digest = hashlib.sha256()
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".py", ".yaml")):
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def cached_search(
    dataset: str,
    inputs: SearchInputs,
    model_version: str,
    cache_dir: Path,
    progress: Callable[[str, int, int], None],
) -> LdaReport:
    key = hashlib.sha256(
        json.dumps(
            [model_version, _scoring_code_hash(), RESAMPLES, BOOTSTRAP_SEED, inputs.base_approved.tolist()]
        ).encode()
    ).hexdigest()[:20]
    path = cache_dir / "fairness" / f"lda-{dataset}-{key}.json"
    if path.is_file():
        return LdaReport.model_validate_json(path.read_text())
    report = search(inputs, dataset=dataset, model_version=model_version, progress=progress)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(report.model_dump_json(indent=2))
    tmp.replace(path)
    return report
