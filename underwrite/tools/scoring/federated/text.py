"""The federated model's text block: each silo embeds its own rows with the shared encoder.

With a text variant (``serialised`` or ``prose``, the product's ``texts_for``), every silo renders
its own applications to text and embeds them locally with the product's encoder (same model,
unit-normalised 384-d vectors, cached by content hash); the embedding becomes 384 more design
columns of the logistic model, so only their coefficients and the usual aggregates cross the wire,
never a text or a vector. This is the product's text sub-model (a logistic model on the embedding)
folded into the one linear model instead of stacked: a stacked out-of-fold score would need
per-silo folds of a model that does not exist until the federation has trained it.

Its L2 strength is the product's: ``text.sub_model_c`` (C) on raw embedding units. The model's one
L2 of ``1/n`` on standardized coefficients gives exactly that when each embedding column is centred
at its pooled mean and divided by ``1/sqrt(C)`` instead of its sd (``fix_text_sd``); a
per-coefficient penalty would say the same but leaves L-BFGS badly conditioned (embedding sds are
~0.01), and it stopped far from the optimum. In reasons the 384 columns fold into one factor, the
product's ``narrative_score`` column.
"""

from __future__ import annotations

import math

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


def text_divisor() -> float:
    """What each embedding column is divided by: ``1/sqrt(C)`` makes the common L2 the product's C."""
    return 1.0 / math.sqrt(load_config().text.sub_model_c)


def fix_text_sd(columns: list[str], sd: np.ndarray) -> np.ndarray:
    """The standardizer's divisors with the embedding columns' set to ``text_divisor()``."""
    out = np.asarray(sd, dtype=float).copy()
    text = np.array([is_text(c) for c in columns], dtype=bool)
    out[text] = text_divisor()
    return out
