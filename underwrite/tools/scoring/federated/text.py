"""The federated model's text block: each silo embeds its own rows with the shared encoder.

With a text variant (``serialised`` or ``prose``, the product's ``texts_for``), every silo renders
its own applications to text and embeds them locally with the product's encoder (same model,
unit-normalised 384-d vectors, cached by content hash); the embedding becomes 384 more design
columns of the logistic model, so only their coefficients and the usual aggregates cross the wire,
never a text or a vector. This is the product's text sub-model (a logistic model on the embedding)
folded into the one linear model instead of stacked: a stacked out-of-fold score would need
per-silo folds of a model that does not exist until the federation has trained it.

Its L2 strength is the product's: ``text.sub_model_c`` (C) on raw embedding units, i.e. a penalty of
``1 / (C · n · sd_j²)`` on the standardized coefficient of dimension j (``penalty``). In reasons the
384 columns fold into one factor, the product's ``narrative_score`` column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from underwrite.tools.encoder import EMBEDDING_DIM
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.embeddings import embed_cached
from underwrite.tools.scoring.schema import FeatureSchema
from underwrite.tools.scoring.text import texts_for

PREFIX = "narrative_e"


def text_names(schema: FeatureSchema) -> list[str]:
    return [] if schema.text_variant == "none" else [f"{PREFIX}{i}" for i in range(EMBEDDING_DIM)]


def is_text(column: str) -> bool:
    return column.startswith(PREFIX)


def embeddings_for(frame: pd.DataFrame, schema: FeatureSchema, label: str = "silo") -> np.ndarray | None:
    """This party's own rows, embedded here (None when the model reads no text)."""
    if schema.text_variant == "none":
        return None
    texts = texts_for(frame, schema)
    return embed_cached(texts, label=f"embedding {label} ({schema.text_variant})").astype(float)


def penalty(columns: list[str], lam: float, sd: np.ndarray) -> np.ndarray | float:
    """Per-coefficient L2: ``lam`` on tabular columns, the product's text C on embedding columns."""
    text = np.array([is_text(c) for c in columns])
    if not text.any():
        return lam
    c = load_config().text.sub_model_c
    out = np.full(len(columns), lam)
    out[text] = lam / (c * np.maximum(sd[text], 1e-6) ** 2)
    return out
