"""The decoded-field reader: sklearn-equal probabilities, filling only what is missing and sure,
bundle format 3 with older formats still loading, the evidence deciding, and the card saying so."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from underwrite.core.datasets import load_dataset
from underwrite.core.schemas import Application, Fact, FactMethod
from underwrite.tools.scoring.bundle import (
    READABLE_FORMATS,
    READER_FORMAT,
    BundleError,
    load_bundle,
    save_bundle,
)
from underwrite.tools.scoring.card_text import render_field_reader
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.field_reader import (
    NOT_STATED,
    FieldReader,
    fill_from_statement,
    fit_field_reader,
)
from underwrite.tools.scoring.model import fit_model
from underwrite.tools.scoring.reader_fit import reader_for, training_statements
from underwrite.tools.scoring.reasons import default_reason_table
from underwrite.tools.scoring.service import Scorer, score_application
from underwrite.tools.scoring.text_rule import EvidenceEntry, TextEvidence
from underwrite.tools.scoring.train import train_bundle, with_text

GERMAN = load_dataset("german")


def _toy(n: int = 200, seed: int = 0) -> tuple[np.ndarray, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    labels = pd.DataFrame(
        {"housing": rng.choice(["own", "rent", "free"], n), "phone": rng.choice(["y", "n"], n)}
    )
    one_hot = pd.get_dummies(labels).to_numpy(dtype=float)
    return np.column_stack([one_hot * 4.0, rng.normal(size=(n, 3))]), labels


def test_reader_probabilities_are_sklearns_for_multiclass_and_binary(tmp_path: Path) -> None:
    emb, labels = _toy()
    reader = fit_field_reader(emb, labels, "applicant_statement", 0.8, "toy rows")
    for field in labels.columns:
        sk = LogisticRegression(C=1.0, max_iter=2000).fit(emb, labels[field].astype(str))
        np.testing.assert_allclose(reader.probabilities(field, emb), sk.predict_proba(emb), atol=1e-6)
    assert reader.meta.inner_accuracy["housing"] > 0.95 and 0 < reader.meta.inner_coverage["phone"] <= 1
    reader.save(tmp_path)
    again = FieldReader.load(tmp_path)
    np.testing.assert_array_equal(again.probabilities("housing", emb), reader.probabilities("housing", emb))
    assert again.meta == reader.meta


def test_fill_from_statement_fills_only_missing_fields_it_is_sure_of() -> None:
    emb, labels = _toy()
    reader = fit_field_reader(emb, labels, "statement", 0.8, "toy rows")
    vectors = {"own one": emb[labels["housing"].eq("own").to_numpy()][0], "unsure": np.zeros(emb.shape[1])}
    embedded: list[str] = []

    def embed(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return np.stack([vectors[t] for t in texts])

    rows = [
        {"statement": "own one", "housing": None, "phone": "n"},  # filled
        {"statement": "own one", "housing": "rent", "phone": "y"},  # complete: never overwritten
        {"statement": " ", "housing": None},  # no statement: nothing to read
        {"statement": "unsure", "housing": np.nan, "phone": "y"},  # below the threshold: stays missing
    ]
    out, filled = fill_from_statement(rows, reader, embed)
    assert out[0]["housing"] == "own" and filled[0] == ["housing"]
    assert out[1] == rows[1] and filled[1] == []
    assert filled[2] == [] and filled[3] == [] and np.isnan(out[3]["housing"])
    assert embedded == ["own one", "unsure"]  # the complete row and the empty statement were not embedded


def _evidence(gain: float, sd: float = 0.01) -> TextEvidence:
    entry = EvidenceEntry(
        dataset="german",
        variant="decoded",
        reader="frozen + decoded fields",
        fields=["housing_status", "job_category"],
        gain_mean=gain,
        gain_sd=sd,
        folds=5,
    )
    return TextEvidence(command="underwrite bench text --test", generated="now", entries=[entry])


def test_the_bench_evidence_decides_whether_a_reader_ships() -> None:
    training = from_dataset(GERMAN, load_config(), rows=list(range(120)))
    config = load_config()
    none, note = reader_for(training, config, "auto", _evidence(-0.001))
    assert none is None and note["fitted"] is False and "below" in note["reason"]
    assert note["bench"]["gain_mean"] == -0.001
    off, note = reader_for(training, config, "off", _evidence(0.05))
    assert off is None and "turned off" in note["reason"]
    reader, note = reader_for(training, config, "auto", _evidence(0.05))
    assert reader is not None and note["fitted"] is True
    assert reader.meta.fields == ["housing_status", "job_category"]
    assert reader.meta.inner_accuracy["housing_status"] > 0.6  # it reads the generated statements
    # No text-free schema given: the inner choice cannot refit the model, so the fixed threshold ships.
    assert note["threshold"]["from_inner_folds"] is False and "text-free" in note["threshold"]["reason"]
    assert reader.meta.min_probability == config.text.reader_min_probability


@pytest.fixture(scope="module")
def reader_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    training = from_dataset(GERMAN, load_config(), rows=list(range(300)))
    config = load_config()
    config = config.model_copy(update={"lightgbm": {**config.lightgbm, "num_iterations": 60}})
    out = tmp_path_factory.mktemp("reader") / "german-reader"
    train_bundle(training, out, text="none", config=config, cv_folds=2, field_reader="auto")
    return out


def test_default_recipe_ships_the_reader_the_packaged_evidence_allows(reader_bundle: Path) -> None:
    manifest = json.loads((reader_bundle / "manifest.json").read_text())
    # READER_FORMAT or a later one (a seed-bagged stack is format 5); the reader's files are listed.
    assert manifest["format"] >= READER_FORMAT and "field_reader.json" in manifest["files"]
    loaded = load_bundle(reader_bundle)
    assert loaded.field_reader is not None and "housing_status" in loaded.field_reader.meta.fields
    card = json.loads((reader_bundle / "model_card.json").read_text())
    section = card["text_inputs"]["field_reader"]
    assert section["fitted"] is True and section["bench"]["gain_mean"] > 0
    markdown = (reader_bundle / "model_card.md").read_text()
    assert "Field reader: when an application lacks" in markdown and "added +" in markdown
    # The shipped threshold is the one its inner folds chose, and the card shows the whole grid.
    threshold = section["threshold"]
    assert threshold["from_inner_folds"] is True
    assert loaded.field_reader.meta.min_probability == threshold["chosen"]
    assert [r["threshold"] for r in threshold["rows"]] == load_config().text.reader_threshold_grid
    assert f"Field reader threshold {threshold['chosen']:g}, chosen on 3 inner folds" in markdown


def test_scoring_reads_a_missing_field_from_the_statement(reader_bundle: Path) -> None:
    facts = {"loan_amount": 3000.0, "loan_term_months": 24.0, "housing_status": "rent"}
    base = [Fact(name=k, value=v, method=FactMethod.form) for k, v in facts.items()]
    said = Fact(
        name="applicant_statement", value="My bank account is overdrawn right now.", method=FactMethod.form
    )
    without = score_application(Application(application_id="a", facts=base), reader_bundle)
    told = score_application(Application(application_id="b", facts=[*base, said]), reader_bundle)
    assert without.decoded_inputs == [] and "checking_account_status" in without.missing_inputs
    assert "checking_account_status" in told.decoded_inputs
    assert "checking_account_status" not in told.missing_inputs
    assert "housing_status" not in told.decoded_inputs  # present: never overwritten
    assert told.pd != without.pd
    # A letter that tells only its purpose (the synthetic letters' kind) fills no other field: the
    # reader learnt "not stated" from statements that tell a subset of the fields.
    story = "I want to consolidate a few small bills and pay for my daughter's wedding."
    only = Fact(name="applicant_statement", value=story, method=FactMethod.form)
    bare = [f for f in base if f.name != "housing_status"]
    purpose_only = score_application(Application(application_id="c", facts=[*bare, only]), reader_bundle)
    assert not {"housing_status", "job_category", "checking_account_status"} & set(
        purpose_only.decoded_inputs
    )


def test_training_statements_tell_every_field_then_a_subset_with_not_stated_labels() -> None:
    frame = GERMAN.frame.iloc[:50]
    fields = ["housing_status", "job_category", "loan_purpose"]
    texts, labels = training_statements(frame, fields)
    assert len(texts) == 100 and list(labels.columns) == fields
    full, subset = labels.iloc[0::2], labels.iloc[1::2]
    assert (full.to_numpy() != NOT_STATED).all()
    assert ((subset == NOT_STATED).sum(axis=1).between(0, len(fields) - 1)).all()  # at least one told
    assert (subset == NOT_STATED).to_numpy().mean() > 0.3
    told = subset.iloc[0][subset.iloc[0] != NOT_STATED]
    assert (told == frame.iloc[0][told.index].astype(str)).all()


def test_older_bundle_formats_load_without_a_reader_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    training = from_dataset(GERMAN, load_config(), rows=list(range(200)))
    config = load_config()
    config = config.model_copy(
        update={
            "lightgbm": {**config.lightgbm, "num_iterations": 30},
            "stack": config.stack.model_copy(update={"enabled": False}),
        }
    )
    model = fit_model(training.frame, training.y, with_text(training.schema, "none", 0), config)
    save_bundle(model, default_reason_table(), tmp_path / "old", "v-old", {"inner_oof_auc": 0.7}, "# c")
    manifest = json.loads((tmp_path / "old" / "manifest.json").read_text())
    assert manifest["format"] < READER_FORMAT and "field_reader.json" not in manifest["files"]
    loaded = load_bundle(tmp_path / "old")
    assert loaded.field_reader is None
    scores = Scorer(loaded).score_rows([{"loan_amount": 1000.0, "applicant_statement": "I own my house."}])
    assert scores[0].decoded_inputs == [] and "housing_status" in scores[0].missing_inputs
    manifest["format"] = max(READABLE_FORMATS) + 1
    (tmp_path / "old" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BundleError, match=f"bundle format {max(READABLE_FORMATS) + 1}"):
        load_bundle(tmp_path / "old")


def test_card_lines_say_what_the_reader_reads_or_why_none_ships() -> None:
    assert render_field_reader(None) == ""
    assert "not shipped (bench: decoded" in render_field_reader(
        {"fitted": False, "reason": "bench: decoded text changes AUC by -0.0010"}
    )
