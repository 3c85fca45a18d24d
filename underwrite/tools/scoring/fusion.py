"""The text block: a text-only logistic sub-model on the embedding, stacked out-of-fold, plus PCA dims.

Stacking the sub-model's *out-of-fold* score keeps LightGBM from trusting a text score that has
seen the very rows it is judged on; the projection is fitted on the training rows it is given only.
Parameters are stored as plain arrays so a bundle needs no pickle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold


def _sub_model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000)


@dataclass
class TextBlock:
    coef: np.ndarray  # (384,)
    intercept: float
    pca_mean: np.ndarray  # (384,) or (0,)
    pca_components: np.ndarray  # (k, 384)

    def transform(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, 1 + k): the sub-model's log-odds, then the principal components."""
        score = embeddings @ self.coef + self.intercept
        if self.pca_components.shape[0] == 0:
            return score[:, None]
        dims = (embeddings - self.pca_mean) @ self.pca_components.T
        return np.column_stack([score, dims])

    def to_arrays(self) -> dict[str, np.ndarray]:
        return {
            "coef": self.coef,
            "intercept": np.array([self.intercept]),
            "pca_mean": self.pca_mean,
            "pca_components": self.pca_components,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> TextBlock:
        return cls(
            coef=arrays["coef"],
            intercept=float(arrays["intercept"][0]),
            pca_mean=arrays["pca_mean"],
            pca_components=arrays["pca_components"],
        )


def fit_text_block(
    embeddings: np.ndarray, y: np.ndarray, c: float, pca_dims: int, folds: int, seed: int
) -> tuple[TextBlock, np.ndarray]:
    """Fit on the given rows; return the block and the rows' out-of-fold text features."""
    oof = np.zeros(len(y))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fit_idx, held_idx in splitter.split(embeddings, y):
        model = _sub_model(c).fit(embeddings[fit_idx], y[fit_idx])
        oof[held_idx] = model.decision_function(embeddings[held_idx])
    full = _sub_model(c).fit(embeddings, y)
    if pca_dims:
        pca = PCA(n_components=pca_dims, random_state=seed).fit(embeddings)
        mean, components = pca.mean_, pca.components_
    else:
        mean, components = np.zeros(0), np.zeros((0, embeddings.shape[1]))
    block = TextBlock(
        coef=full.coef_[0].astype(np.float64),
        intercept=float(full.intercept_[0]),
        pca_mean=np.asarray(mean, dtype=np.float64),
        pca_components=np.asarray(components, dtype=np.float64),
    )
    in_fold = block.transform(embeddings)
    in_fold[:, 0] = oof  # PCA is unsupervised: its in-sample dims carry no label leakage
    return block, in_fold
