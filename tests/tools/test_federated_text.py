"""The federated model's text block (federated/text.py), in process with stand-in embeddings.

The real encoder runs in the benchmark (`bench federated --text serialised`); here random unit
vectors stand in for it, so the test checks the plumbing: design columns, the product's text L2,
reasons folding into one text factor, and a bundle the product's scorer reads with embeddings.
"""

from __future__ import annotations

import numpy as np
import pytest

from underwrite.core.datasets import load_dataset
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.federated import linear
from underwrite.tools.scoring.federated.bench import central_fit
from underwrite.tools.scoring.federated.runner import shared_schema
from underwrite.tools.scoring.federated.text import PREFIX, text_divisor, text_names


def _unit(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, 384))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_text_columns_get_the_products_l2_and_fold_into_one_reason() -> None:
    schema = shared_schema("german", "serialised")
    assert len(text_names(schema)) == 384 and schema.text_columns == ["narrative_score"]
    frame = load_dataset("german").frame.head(400).reset_index(drop=True)
    parts, vectors = [frame.iloc[:200], frame.iloc[200:]], [_unit(200, 1), _unit(200, 2)]
    model = central_fit([p.reset_index(drop=True) for p in parts], schema, 6, True, list(vectors))
    in_text = np.array([c.startswith(PREFIX) for c in linear.design_columns(schema, model.knots)])
    assert in_text.sum() == 384
    # Divisor 1/sqrt(C) with the common L2 1/n on the standardized coefficient a = b / sqrt(C):
    # (1/n) a^2 = b^2 / (C n), sklearn's C on the raw embedding coefficient b.
    c = load_config().text.sub_model_c
    assert np.allclose(model.sd[in_text], 1 / np.sqrt(c)) and np.allclose(model.sd[in_text], text_divisor())
    assert not np.allclose(model.sd[~in_text], 1 / np.sqrt(c))
    matrix = model.matrix(frame.head(30), np.vstack(vectors)[:30])
    contrib = model.contributions(matrix)
    assert contrib.shape[1] == len(schema.model_columns) + 1
    assert np.allclose(contrib.sum(axis=1), model.raw_score(matrix))
    text_part = matrix.to_numpy()[:, in_text] @ model.coef[in_text]
    assert np.allclose(contrib[:, schema.model_columns.index("narrative_score")], text_part)
    with pytest.raises(ValueError, match="reads text"):
        model.matrix(frame.head(3))
