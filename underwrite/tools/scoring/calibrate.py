"""Raw LightGBM log-odds -> calibrated PD, fitted on out-of-fold raw scores (scikit-learn).

Both methods are non-decreasing in the raw score, so calibration never reorders applicants.
Parameters are kept as numbers so a bundle round-trips exactly without pickle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

Method = Literal["sigmoid", "isotonic"]


@dataclass
class Calibrator:
    method: Method
    slope: float = 1.0
    intercept: float = 0.0
    x_thresholds: list[float] = field(default_factory=list)
    y_thresholds: list[float] = field(default_factory=list)

    def predict(self, raw: np.ndarray) -> np.ndarray:
        raw = np.asarray(raw, dtype=np.float64)
        if self.method == "sigmoid":
            return 1.0 / (1.0 + np.exp(-(self.slope * raw + self.intercept)))
        return np.interp(raw, self.x_thresholds, self.y_thresholds)

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "slope": self.slope,
            "intercept": self.intercept,
            "x_thresholds": self.x_thresholds,
            "y_thresholds": self.y_thresholds,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Calibrator:
        return cls(**data)  # type: ignore[arg-type]


def fit_calibrator(oof_raw: np.ndarray, y: np.ndarray, method: Method) -> Calibrator:
    if method == "sigmoid":
        # Platt scaling; weak regularisation because there is a single input.
        platt = LogisticRegression(C=1e4).fit(oof_raw.reshape(-1, 1), y)
        slope = float(platt.coef_[0, 0])
        if slope <= 0:
            # Out-of-fold scores carry no usable signal (tiny data): every applicant gets the base rate
            # rather than an inverted ranking. The model card's CV AUC shows it plainly.
            rate = float(np.clip(np.mean(y), 1e-4, 1 - 1e-4))
            return Calibrator(method="sigmoid", slope=0.0, intercept=float(np.log(rate / (1 - rate))))
        return Calibrator(method="sigmoid", slope=slope, intercept=float(platt.intercept_[0]))
    iso = IsotonicRegression(out_of_bounds="clip", y_min=1e-4, y_max=1 - 1e-4).fit(oof_raw, y)
    return Calibrator(
        method="isotonic",
        x_thresholds=[float(v) for v in iso.X_thresholds_],
        y_thresholds=[float(v) for v in iso.y_thresholds_],
    )
