"""The refits behind the fair-lending review, cached on disk: the production recipe's out-of-fold PDs
over every applicant and each LDA alternative's PDs.

A refit is the expensive part (five folds of the whole pipeline per alternative), so its PDs are
kept per variant under a key of model version, fold count and the *model-building* code (every
module of ``tools/scoring`` except the fairness review's own). Reports, intervals and the choice
rule are recomputed from cached PDs on every run, so a change to them never serves a stale verdict.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path

import numpy as np

from underwrite.tools.scoring.lda import RESAMPLES, LdaReport, SearchInputs, search
from underwrite.tools.scoring.lda_inputs import POPULATION_FOLDS, PRODUCTION, population_inputs
from underwrite.tools.scoring.lda_variants import PARAM_VARIANTS, Variant
from underwrite.tools.scoring.service import ensure_default_model, get_scorer

REVIEW_MODULES = frozenset(
    {
        "disparity.py",
        "fair_measure.py",
        "lda.py",
        "lda_decisions.py",
        "lda_inputs.py",
        "lda_report.py",
        "lda_variants.py",
        "card.py",
        "card_text.py",
        "lda_cache.py",
        "lda_card.py",
    }
)
"""Modules that read PDs but never change them: editing them keeps the cached refits."""


def model_code_hash() -> str:
    """Hash of the model-building source and config in ``tools/scoring``."""
    root = importlib.resources.files("underwrite.tools.scoring")
    digest = hashlib.sha256()
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".py", ".yaml")) and entry.name not in REVIEW_MODULES:
            digest.update(entry.name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


class PdCache(MutableMapping[str, np.ndarray]):
    """Variant key -> PDs, one JSON file per key in ``root`` (written atomically)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.json"

    def __getitem__(self, key: str) -> np.ndarray:
        path = self._path(key)
        if not path.is_file():
            raise KeyError(key)
        return np.array(json.loads(path.read_text())["pd"], dtype=float)

    def __setitem__(self, key: str, value: np.ndarray) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self._path(key)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"key": key, "pd": np.asarray(value, dtype=float).tolist()}))
        tmp.replace(path)

    def __delitem__(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def __iter__(self) -> Iterator[str]:
        return (json.loads(p.read_text())["key"] for p in sorted(self.root.glob("*.json")))

    def __len__(self) -> int:
        return len(list(self.root.glob("*.json")))


def pd_cache(dataset: str, model_version: str, cache_dir: Path, folds: int = POPULATION_FOLDS) -> PdCache:
    key = hashlib.sha256(json.dumps([dataset, model_version, model_code_hash(), folds]).encode())
    return PdCache(cache_dir / "fairness" / f"pds-{dataset}-{key.hexdigest()[:20]}")


def cached_population(
    dataset: str, cutoff: float, cache_dir: Path, bundle: Path | None = None
) -> tuple[SearchInputs, str, str, PdCache]:
    """``population_inputs`` with the production recipe's out-of-fold PDs cached on disk."""
    path = bundle or ensure_default_model(dataset)
    version = str(get_scorer(path).bundle.model_version)
    cache = pd_cache(dataset, version, cache_dir)
    key = PRODUCTION.model_dump_json()
    inputs, version, content_hash = population_inputs(dataset, cutoff, path, base_pd=cache.get(key))
    cache.setdefault(key, inputs.base_pd)
    return inputs, version, content_hash, cache


def cached_search(
    dataset: str,
    inputs: SearchInputs,
    model_version: str,
    cache: MutableMapping[str, np.ndarray],
    progress: Callable[[str, int, int], None],
    resamples: int = RESAMPLES,
    model_variants: bool = True,
) -> LdaReport:
    """``model_variants=False`` (a fast run on a text-fusing recipe) refits one regulariser variant
    (``FAST_VARIANT``: it leaves the text, hence the cached embeddings, unchanged) besides the
    decision alternatives, instead of every feature and hyper-parameter variant."""
    fast = [Variant(name=FAST_VARIANT, kind="params", params=PARAM_VARIANTS[FAST_VARIANT])]
    return search(
        inputs,
        dataset=dataset,
        model_version=model_version,
        resamples=resamples,
        variants=None if model_variants else fast,
        pd_cache=cache,
        note="" if model_variants else SKIPPED,
        progress=progress,
    )


FAST_VARIANT = "strong L2 (lambda_l2 25, 250 rounds)"
SKIPPED = (
    f"model variants reduced to one ({FAST_VARIANT}): the production recipe fuses text, so a feature "
    "drop or cap is five refits with re-embedding; a fast run tries that regulariser and the cut-off, "
    "group-cut-off and reduction alternatives. `underwrite bench lda` and the full suite run them all."
)
