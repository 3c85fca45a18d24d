"""Model bundle on disk: booster text, text block arrays, calibrator, schema, reason table, card.

No pickle: every part is text, JSON, YAML or a NumPy archive, so a bundle can be inspected and
loading one never executes code from it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import lightgbm as lgb
import numpy as np
import yaml
from pydantic import BaseModel

from underwrite.tools.scoring.calibrate import Calibrator
from underwrite.tools.scoring.catboost_part import CatBoostPart
from underwrite.tools.scoring.federated.model import LINEAR_FILE, LinearModel, load_linear
from underwrite.tools.scoring.field_reader import META_FILE as READER_META_FILE
from underwrite.tools.scoring.field_reader import FieldReader
from underwrite.tools.scoring.fusion import TextBlock
from underwrite.tools.scoring.linear import LinearPart
from underwrite.tools.scoring.model import FittedModel
from underwrite.tools.scoring.reasons import ReasonTable
from underwrite.tools.scoring.schema import FeatureSchema

BUNDLE_FORMAT = 1
STACK_FORMAT = 2
"""A bundle with a stack file: readers that predate the stack refuse it instead of misscoring."""
READER_FORMAT = 3
"""A bundle with a decoded-field reader (``field_reader.*``): an older reader would score the fields
the statement carries as missing without saying so, so it refuses the bundle instead."""
CATBOOST_FORMAT = 4
"""A bundle whose stack has a CatBoost part (``catboost.json``): an older reader would score that
part's weight with the additive booster, so it refuses the bundle instead."""
BAG_FORMAT = 5
"""A bundle whose booster parts are seed bags (``*.bag<i>.txt``, listed in ``stack.json``): an older
reader would score the first copy alone, so it refuses the bundle instead."""
READABLE_FORMATS = (BUNDLE_FORMAT, STACK_FORMAT, READER_FORMAT, CATBOOST_FORMAT, BAG_FORMAT)
_BAG_STEMS = {"lightgbm": "booster", "additive": "additive"}
BLEND_FILE = "blend.json"
"""The linear half of a logit blend and its weight; absent when the booster stands alone."""
STACK_FILE = "stack.json"
"""The stack's component weights (lightgbm / additive / linear); absent in a legacy blend."""
ADDITIVE_FILE = "additive.txt"
"""The stack's additive booster, when it has weight."""
CATBOOST_FILE = "catboost.json"
"""The stack's CatBoost part (CatBoost's JSON export), when it has weight."""


class BundleError(RuntimeError):
    """A model bundle is missing, incomplete or was altered after it was written."""


class Manifest(BaseModel):
    format: int
    model_version: str
    files: dict[str, str]
    """File name -> sha256, checked on load."""


@dataclass(frozen=True)
class LoadedBundle:
    path: Path
    model_version: str
    model: FittedModel | LinearModel
    """A LightGBM model, or the federated logistic model (``linear.json`` instead of a booster)."""
    reason_table: ReasonTable
    field_reader: FieldReader | None = None
    """Reads inputs the application lacks from its statement (format 3); None in older bundles."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_bundle(
    model: FittedModel,
    table: ReasonTable,
    out_dir: Path,
    model_version: str,
    card_json: dict[str, object],
    card_md: str,
    field_reader: FieldReader | None = None,
) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    model.booster.save_model(str(out_dir / "booster.txt"))
    (out_dir / "schema.json").write_text(model.schema.model_dump_json(indent=2))
    (out_dir / "calibrator.json").write_text(json.dumps(model.calibrator.to_dict(), indent=2))
    (out_dir / "params.json").write_text(json.dumps(model.params, indent=2, default=str))
    (out_dir / "reasons.yaml").write_text(yaml.safe_dump(table.model_dump(), sort_keys=True))
    if model.linear is not None and model.blend_weight > 0:
        blend = {"weight": model.blend_weight, "linear": model.linear.to_dict()}
        (out_dir / BLEND_FILE).write_text(json.dumps(blend, indent=2))
    if model.weights is not None:
        bags: dict[str, list[str]] = {}
        for part, boosters in (model.bags or {}).items():
            bags[part] = [f"{_BAG_STEMS[part]}.bag{i}.txt" for i in range(1, len(boosters) + 1)]
            for name, booster in zip(bags[part], boosters, strict=True):
                booster.save_model(str(out_dir / name))
        stack = {"weights": model.weights, **({"bags": bags} if bags else {})}
        (out_dir / STACK_FILE).write_text(json.dumps(stack, indent=2))
    if model.additive is not None:
        model.additive.save_model(str(out_dir / ADDITIVE_FILE))
    if model.catboost is not None:
        model.catboost.save(out_dir / CATBOOST_FILE)
    if model.text_block is not None:
        np.savez(out_dir / "text_block.npz", **model.text_block.to_arrays())  # type: ignore[arg-type]
    if field_reader is not None:
        field_reader.save(out_dir)
    (out_dir / "model_card.json").write_text(json.dumps(card_json, indent=2, default=str))
    (out_dir / "model_card.md").write_text(card_md)
    files = {p.name: _sha256(p) for p in sorted(out_dir.iterdir()) if p.name != "manifest.json"}
    version = STACK_FORMAT if model.weights is not None else BUNDLE_FORMAT
    if field_reader is not None:
        version = READER_FORMAT
    if model.catboost is not None:
        version = CATBOOST_FORMAT
    if model.bags:
        version = BAG_FORMAT
    manifest = Manifest(format=version, model_version=model_version, files=files)
    (out_dir / "manifest.json").write_text(manifest.model_dump_json(indent=2))
    return out_dir


def _damaged(path: Path, what: str) -> BundleError:
    # A truncated copy, a half-finished sync or a hand edit: the model must not be used, and the
    # reader needs the way out, not only the fault.
    return BundleError(
        f"{path}: {what}; the score model is damaged or was altered and is not used. Train it again "
        f"(`underwrite train`), restore the folder from a backup, or, for the default model, move "
        f"the folder away and the next run trains it again"
    )


def verify_bundle(path: Path) -> Manifest:
    """The manifest, after checking every file it lists against its sha256 (BundleError if not)."""
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        raise BundleError(f"{path} is not a model bundle (no manifest.json)")
    try:
        manifest = Manifest.model_validate_json(manifest_path.read_text())
    except (ValueError, UnicodeDecodeError) as exc:  # pydantic's ValidationError is a ValueError
        raise _damaged(path, f"manifest.json is not readable ({type(exc).__name__})") from exc
    if manifest.format not in READABLE_FORMATS:
        readable = ", ".join(map(str, READABLE_FORMATS))
        raise BundleError(f"{path}: bundle format {manifest.format}, this version reads {readable}")
    for name, digest in manifest.files.items():
        file = path / name
        if not file.is_file():
            raise _damaged(path, f"{name} is missing")
        if _sha256(file) != digest:
            raise _damaged(path, f"{name} changed after the bundle was written")
    return manifest


def load_bundle(path: Path) -> LoadedBundle:
    manifest = verify_bundle(path)
    schema = FeatureSchema.model_validate_json((path / "schema.json").read_text())
    block = None
    if schema.text_variant != "none":
        with np.load(path / "text_block.npz") as arrays:
            block = TextBlock.from_arrays({k: arrays[k] for k in arrays.files})
    card = json.loads((path / "model_card.json").read_text())
    calibrator = Calibrator.from_dict(json.loads((path / "calibrator.json").read_text()))
    params = json.loads((path / "params.json").read_text())
    model: FittedModel | LinearModel
    if LINEAR_FILE in manifest.files:
        model = load_linear(path, schema, calibrator, params)
    else:
        blend = json.loads((path / BLEND_FILE).read_text()) if BLEND_FILE in manifest.files else None
        stack = json.loads((path / STACK_FILE).read_text()) if STACK_FILE in manifest.files else None
        additive = ADDITIVE_FILE in manifest.files
        model = FittedModel(
            schema=schema,
            booster=lgb.Booster(model_file=str(path / "booster.txt")),
            text_block=block,
            calibrator=calibrator,
            params=params,
            oof_auc=float(card.get("inner_oof_auc", float("nan"))),
            linear=LinearPart.from_dict(blend["linear"]) if blend else None,
            blend_weight=float(blend["weight"]) if blend else 0.0,
            additive=lgb.Booster(model_file=str(path / ADDITIVE_FILE)) if additive else None,
            weights={str(k): float(v) for k, v in stack["weights"].items()} if stack else None,
            catboost=(
                CatBoostPart.load(path / CATBOOST_FILE, list(schema.categorical))
                if CATBOOST_FILE in manifest.files
                else None
            ),
            bags=_load_bags(path, stack),
        )
    table = ReasonTable.model_validate(yaml.safe_load((path / "reasons.yaml").read_text()))
    reader = FieldReader.load(path) if READER_META_FILE in manifest.files else None
    return LoadedBundle(
        path=path, model_version=manifest.model_version, model=model, reason_table=table, field_reader=reader
    )


def _load_bags(path: Path, stack: dict[str, object] | None) -> dict[str, list[lgb.Booster]] | None:
    listed = stack.get("bags") if stack else None
    if not isinstance(listed, dict) or not listed:
        return None
    return {
        str(part): [lgb.Booster(model_file=str(path / str(n))) for n in names]
        for part, names in listed.items()
    }


def record_card_section(
    path: Path, key: str, section: dict[str, object], markdown: str, heading: str
) -> None:
    """Add (or replace) one section of a bundle's model card and re-seal the manifest.

    The bundle is verified first, so a bundle altered behind the manifest's back is never re-sealed.
    """
    loaded = load_bundle(path)
    card = json.loads((path / "model_card.json").read_text())
    card[key] = section
    (path / "model_card.json").write_text(json.dumps(card, indent=2, default=str))
    md = (path / "model_card.md").read_text()
    if heading in md:
        md = md[: md.index(heading)].rstrip() + "\n"
    (path / "model_card.md").write_text(f"{md}\n{markdown}")
    manifest = Manifest.model_validate_json((path / "manifest.json").read_text())
    files = {name: _sha256(path / name) for name in manifest.files}
    sealed = Manifest(format=manifest.format, model_version=loaded.model_version, files=files)
    (path / "manifest.json").write_text(sealed.model_dump_json(indent=2))
