"""Training-time checks of stability and the grade scale, on the training rows' out-of-fold PDs.

Why: the validation suite compares hold-out PDs with the *in-sample* PDs of the training rows
(PSI). A booster that memorises its rows gives them more extreme in-sample PDs than any new
applicant gets, which shows up as PSI against the hold-out. Measuring in-sample vs out-of-fold PSI
at training time puts that gap on the model card before any hold-out is touched; the grade table
shows whether the policy's PD bands (CP-9.2) rank these rows' outcomes in order.
"""

from __future__ import annotations

import itertools

import numpy as np
from pydantic import BaseModel

from underwrite.tools.policy.table import grade_for_pd, load_rule_table
from underwrite.tools.scoring.metrics import auc, psi

MIN_GRADE_ROWS = 10


class GradeRow(BaseModel):
    grade: str
    count: int
    bad_rate: float | None


class TrainingDiagnostics(BaseModel):
    in_sample_auc: float
    oof_auc: float
    psi_in_sample_vs_oof: float
    """PSI of out-of-fold PDs against in-sample PDs: the overfitting the validation PSI will see."""
    grades_oof: list[GradeRow]
    grade_inversions_oof: int
    """Adjacent grades (each with >= MIN_GRADE_ROWS rows) whose out-of-fold bad rate falls."""


def diagnose(y: np.ndarray, in_sample_pd: np.ndarray, oof_pd: np.ndarray) -> TrainingDiagnostics:
    grades = np.array([grade_for_pd(float(np.clip(p, 0.0, 1.0))) for p in oof_pd])
    rows: list[GradeRow] = []
    for band in load_rule_table().grades:
        mask = grades == band.grade
        n = int(mask.sum())
        rows.append(
            GradeRow(grade=band.grade, count=n, bad_rate=round(float(y[mask].mean()), 4) if n else None)
        )
    tested = [r.bad_rate for r in rows if r.bad_rate is not None and r.count >= MIN_GRADE_ROWS]
    return TrainingDiagnostics(
        in_sample_auc=round(auc(y, in_sample_pd), 4),
        oof_auc=round(auc(y, oof_pd), 4),
        psi_in_sample_vs_oof=round(psi(in_sample_pd, oof_pd), 4),
        grades_oof=rows,
        grade_inversions_oof=sum(1 for lo, hi in itertools.pairwise(tested) if hi < lo),
    )
