"""Do the precedents a memo cites track the applicant's risk? Their default rate per PD band.

For each applicant the comparable precedents are retrieved as the memo's retrieve step does
(``retrieval.comparable``). Per policy grade (a PD band of the score, CP-9.2) this reports the
applicants, their mean predicted PD and the band's PD range, the precedents retrieved for them, how
many of those defaulted, the default rate and its Wilson 95% interval, and whether the band's mean
PD lies inside that interval. Across bands it measures whether the precedents' default rate rises
with the band (Spearman rank correlation of band order and default rate) and by how much (the
weighted slope of default rate on mean PD: 1 tracks the PD, 0 is flat).

A precedent retrieved for several applicants of one band counts once per retrieval: the question
is what an underwriter in that band is shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scipy.stats import spearmanr

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.types import CaseScore, ScoreOutput

Z95 = 1.959963984540054
MIN_PRECEDENTS = 10
"""A band with fewer retrieved precedents has no rate worth ranking (its interval spans most of [0, 1])."""


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (0, 1 when ``n`` is 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class ApplicantPrecedents:
    case_id: str
    grade: str
    pd: float
    outcomes: list[bool]
    """One per retrieved precedent: True when it defaulted."""
    band_note: str = ""


@dataclass(frozen=True)
class CalibrationState:
    applicants: list[ApplicantPrecedents]
    grade_order: list[str]
    """Best grade first (the rule table's order)."""
    grade_ranges: dict[str, tuple[float, float | None]] = field(default_factory=dict)
    """Grade → (PD from, PD below; None: open-ended)."""


def band_rows(state: CalibrationState) -> list[dict[str, object]]:
    rows = []
    for grade in state.grade_order:
        mine = [a for a in state.applicants if a.grade == grade]
        if not mine:
            continue
        n = sum(len(a.outcomes) for a in mine)
        k = sum(sum(a.outcomes) for a in mine)
        lo, hi = wilson_interval(k, n)
        mean_pd = sum(a.pd for a in mine) / len(mine)
        rows.append(
            {
                "grade": grade,
                "pd_range": list(state.grade_ranges.get(grade, (math.nan, None))),
                "applicants": len(mine),
                "mean_predicted_pd": round(mean_pd, 4),
                "precedents": n,
                "defaulted": k,
                "default_rate": round(k / n, 4) if n else None,
                "wilson_95": [round(lo, 4), round(hi, 4)],
                "pd_within_ci": bool(n) and lo <= mean_pd <= hi,
            }
        )
    return rows


def _slope(rows: list[dict[str, object]]) -> float | None:
    """Least-squares slope of the precedents' default rate on the band's mean PD, weighted by the
    precedents retrieved: 1 when the rate rises as much as the PD, 0 when it is flat."""
    points = [
        (float(r["mean_predicted_pd"]), float(r["default_rate"]), float(r["precedents"]))  # type: ignore[arg-type]
        for r in rows
    ]
    total = sum(w for _x, _y, w in points)
    if len(points) < 3 or total <= 0:
        return None
    mx = sum(x * w for x, _y, w in points) / total
    my = sum(y * w for _x, y, w in points) / total
    sxx = sum(w * (x - mx) ** 2 for x, _y, w in points)
    if sxx <= 0:
        return None
    return round(sum(w * (x - mx) * (y - my) for x, y, w in points) / sxx, 4)


class PrecedentDefaultRateScorer(Scorer[CalibrationState]):
    name = "precedent_default_rate"
    metrics = frozenset(
        {
            "precedent_rate_rank_corr",
            "precedent_rate_slope",
            "bands_pd_within_ci",
            "bands_with_precedents",
            "applicants",
        }
    )
    red_description = "Precedents whose default rate falls as the applicant's PD band rises"

    def score(self, state: CalibrationState) -> ScoreOutput:
        rows = band_rows(state)
        ranked = [
            (i, r["default_rate"])
            for i, r in enumerate(rows)
            if isinstance(r["precedents"], int) and r["precedents"] >= MIN_PRECEDENTS
        ]
        corr: float | None = None
        if len(ranked) >= 3:
            rho = float(spearmanr([i for i, _ in ranked], [rate for _, rate in ranked]).statistic)
            corr = None if math.isnan(rho) else round(rho, 4)
        enough = [r for r in rows if isinstance(r["precedents"], int) and r["precedents"] >= MIN_PRECEDENTS]
        slope = _slope(enough)
        within = [
            bool(r["pd_within_ci"]) for r in rows if isinstance(r["precedents"], int) and r["precedents"]
        ]
        cases = [
            CaseScore(
                case_id=str(r["grade"]),
                passed=bool(r["pd_within_ci"]),
                values=dict(r),
            )
            for r in rows
        ]
        return ScoreOutput(
            metrics={
                "precedent_rate_rank_corr": corr,
                "precedent_rate_slope": slope,
                "bands_pd_within_ci": sum(within) / len(within) if within else None,
                "bands_with_precedents": float(len(ranked)),
                "applicants": float(len(state.applicants)),
                "precedents_retrieved": float(sum(len(a.outcomes) for a in state.applicants)),
            },
            cases=cases,
        )

    def red_state(self) -> CalibrationState:
        return _synthetic(rising=False)

    def green_state(self) -> CalibrationState:
        return _synthetic(rising=True)


def _synthetic(rising: bool) -> CalibrationState:
    """Five bands of 20 applicants with 5 precedents each; default rates rise or fall with the band."""
    grades = ["A", "B", "C", "D", "E"]
    pds = [0.02, 0.06, 0.12, 0.25, 0.45]
    applicants = []
    for g, (grade, pd) in enumerate(zip(grades, pds, strict=True)):
        rate = pd if rising else pds[len(pds) - 1 - g]
        for i in range(20):
            defaults = round(rate * 100)
            outcomes = [(i * 5 + j) < defaults for j in range(5)]
            applicants.append(ApplicantPrecedents(f"{grade}-{i}", grade, pd, outcomes))
    return CalibrationState(applicants, grades)
