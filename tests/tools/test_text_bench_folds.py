"""`bench text` run in parts: a split range is the same splits as the full splitter's, and parts
combine into the report one full run would give; the product's thresholded reader as an arm."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.model_selection import RepeatedStratifiedKFold

from underwrite.bench import text_product_reader
from underwrite.bench.text_combine import combine_reports
from underwrite.bench.text_recovery import (
    CEILING,
    FLOOR,
    FROZEN_DECODED,
    TextRecovery,
    fold_splits,
    paired_summary,
)


def _fake(n: int = 60) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(4)
    return pd.DataFrame({"x": rng.normal(size=n)}), np.array([0, 1] * (n // 2))


def test_a_split_range_is_the_same_splits_as_the_full_splitter() -> None:
    frame, y = _fake()
    full = list(RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=2026).split(frame, y))
    assert len(fold_splits(frame, y, 5, 2)) == 10
    later = fold_splits(frame, y, 5, 2, max_folds=2, start=3)
    assert len(later) == 2
    for (fit, held), (want_fit, want_held) in zip(later, full[3:5], strict=True):
        np.testing.assert_array_equal(fit, want_fit)
        np.testing.assert_array_equal(held, want_held)
    tail = fold_splits(frame, y, 5, 2, max_folds=4, start=8)  # clipped at the last split
    assert [h.tolist() for _, h in tail] == [h.tolist() for _, h in full[8:]]
    with pytest.raises(ValueError, match="outside the 10 splits"):
        fold_splits(frame, y, 5, 2, start=10)


def _per_fold(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    ceiling = 0.78 + rng.normal(0, 0.02, n)
    floor = ceiling - 0.1 + rng.normal(0, 0.02, n)
    return {
        CEILING: ceiling,
        FLOOR: floor,
        FROZEN_DECODED: floor + 0.09 + rng.normal(0, 0.01, n),
        "fine-tuned + decoded fields": floor + 0.08 + rng.normal(0, 0.01, n),
    }


def _report(per_fold: dict[str, np.ndarray], start: int, stop: int, accuracy: float) -> TextRecovery:
    part = {k: v[start:stop] for k, v in per_fold.items()}
    return TextRecovery(
        moved=["loan_purpose"],
        folds=5,
        repeats=1,
        fold_start=start,
        decode_accuracy={"frozen": {"loan_purpose": accuracy}},
        extraction_accuracy={"loan_purpose": 0.7},
        finetune={"seconds": 10.0 + start, "pairs": 384},  # per-fold mean seconds
        **paired_summary(part),
    )


def test_parts_combine_into_the_full_runs_paired_report() -> None:
    per_fold = _per_fold(5, seed=7)
    first, second = _report(per_fold, 0, 3, 0.9), _report(per_fold, 3, 5, 0.8)
    combined = combine_reports([second, first])  # order of the files does not matter
    full = TextRecovery.model_validate(
        {**first.model_dump(), "fold_start": 0, **paired_summary(per_fold)}
    )  # fmt: skip
    assert combined.folds_run == 5 and combined.fold_start == 0
    assert combined.arms == full.arms and combined.contrasts == full.contrasts
    assert combined.lost_auc == full.lost_auc and combined.per_fold == full.per_fold
    assert combined.decode_accuracy == {"frozen": {"loan_purpose": 0.86}}  # weighted 3:2
    assert combined.finetune == {"seconds": 11.2, "pairs": 384}  # (10 x 3 + 13 x 2) / 5
    with pytest.raises(ValueError, match="adjacent and disjoint"):
        combine_reports([_report(per_fold, 0, 2, 0.9), second])  # split 3 (index 2) is in neither
    with pytest.raises(ValueError, match="per-fold"):
        combine_reports([first, second.model_copy(update={"per_fold": {}})])


def _hashed(texts: list[str], label: str = "") -> np.ndarray:
    vectors = HashingVectorizer(n_features=256, ngram_range=(1, 2), alternate_sign=False).transform(texts)
    dense = vectors.toarray()
    return dense / np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-9)


def test_product_reader_arm_fills_only_missing_fields_above_its_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from underwrite.bench.scoring_prose import without_moved
    from underwrite.core.datasets import load_dataset
    from underwrite.tools.scoring.config import load_config
    from underwrite.tools.scoring.data import from_dataset
    from underwrite.tools.scoring.features import rows_frame

    monkeypatch.setattr(text_product_reader, "embed_cached", _hashed)  # no encoder in unit tests
    config = load_config()
    full = from_dataset(load_dataset("german"), config, rows=list(range(240)))
    fields = ["loan_purpose", "housing_status"]
    reader = text_product_reader.ProductReader(full, fields, config)
    fit_idx, held_idx = np.arange(180), np.arange(180, 240)
    runs = {t: reader.arm(t)(fit_idx, held_idx) for t in (0.0, 0.8, 1.01)}
    fills = {t: reader.fills[text_product_reader.reader_arm_name(t)] for t in runs}
    assert fills[1.01].filled == 0 and fills[1.01].cells == 60 * 2
    assert fills[0.0].filled >= fills[0.8].filled > 0
    # The hashed words read the statement's phrases: a filled value is mostly the row's own value.
    assert fills[0.8].wrong < 0.2 * fills[0.8].filled
    bench_statements = without_moved(full, tuple(fields)).frame["applicant_statement"].tolist()
    assert reader.statements.texts[0::2] == bench_statements  # held-out rows carry the bench's statement
    # Nothing filled: the product model scores the held-out rows with both fields missing.
    model, _ = reader._fitted(fit_idx)
    stripped = full.frame.iloc[held_idx].assign(loan_purpose=None, housing_status=None)
    np.testing.assert_allclose(
        runs[1.01], model.predict_pd(rows_frame(stripped.to_dict("records"), model.schema), None)
    )
    assert not np.allclose(runs[0.8], runs[1.01])


def test_product_reader_shipped_arm_chooses_its_threshold_on_the_fold_training_rows_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from underwrite.core.datasets import load_dataset
    from underwrite.tools.scoring import reader_threshold
    from underwrite.tools.scoring.config import load_config
    from underwrite.tools.scoring.data import from_dataset

    monkeypatch.setattr(text_product_reader, "embed_cached", _hashed)
    seen: list[int] = []
    choose = reader_threshold.choose_threshold

    def spy(frame: object, y: np.ndarray, *args: object, **kwargs: object) -> object:
        seen.append(len(y))
        return choose(frame, y, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(text_product_reader, "choose_threshold", spy)
    config = load_config()
    text = config.text.model_copy(update={"reader_threshold_grid": [0.5, 1.01]})
    config = config.model_copy(update={"text": text})
    full = from_dataset(load_dataset("german"), config, rows=list(range(240)))
    reader = text_product_reader.ProductReader(full, ["loan_purpose", "housing_status"], config)
    fit_idx, held_idx = np.arange(60, 240), np.arange(60)
    pds = reader.chosen_arm()(fit_idx, held_idx)
    assert seen == [180]  # the choice saw the fold's 180 training rows, not the 60 held out
    assert reader.chosen in ([0.5], [1.01])
    same = reader.arm(reader.chosen[0])(fit_idx, held_idx)  # the shipped arm = the fixed arm it chose
    np.testing.assert_allclose(pds, same)
    assert reader.fills[text_product_reader.CHOSEN].cells == 60 * 2


def test_cli_combines_saved_parts_and_refuses_a_start_past_the_last_split(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from underwrite.cli.main import app

    per_fold = _per_fold(5, seed=8)
    paths = []
    for name, (start, stop) in {"a.json": (0, 3), "b.json": (3, 5)}.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(_report(per_fold, start, stop, 0.9).model_dump_json(), "utf-8")
    runner = CliRunner()
    args = ["bench", "text", "--from-report", str(paths[1]), "--from-report", str(paths[0]), "--json"]
    combined = runner.invoke(app, args)
    assert combined.exit_code == 0, combined.output
    report = TextRecovery.model_validate_json(combined.output)
    assert report.folds_run == 5 and report.per_fold[CEILING] == [round(v, 6) for v in per_fold[CEILING]]
    gap = runner.invoke(
        app, ["bench", "text", "--from-report", str(paths[0]), "--from-report", str(paths[0])]
    )
    assert gap.exit_code != 0 and "adjacent" in gap.output
    past = runner.invoke(app, ["bench", "text", "--fold-start", "5", "--no-finetune"])
    assert past.exit_code != 0 and "fold-start" in past.output


def test_the_evidence_command_names_the_split_range_it_scored() -> None:
    from underwrite.bench.text_evidence import report_command

    per_fold = _per_fold(5, seed=9)
    assert report_command(_report(per_fold, 0, 3, 0.9)).endswith("--max-folds 3")
    later = report_command(_report(per_fold, 3, 5, 0.9))
    assert later.endswith("--fold-start 3") and "--max-folds" not in later
    assert "--max-folds" not in report_command(
        combine_reports([_report(per_fold, 0, 3, 0.9), _report(per_fold, 3, 5, 0.9)])
    )
