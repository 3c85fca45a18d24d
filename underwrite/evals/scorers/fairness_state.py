"""What the fair-lending scorers read: decisions per protected attribute, proxies, LDA searches."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from underwrite.tools.scoring.fair_measure import AttributeMeasure


@dataclass(frozen=True)
class GroupDecisions:
    """Approve/decline decisions for one protected attribute on one dataset."""

    dataset: str
    attribute: str
    groups: np.ndarray
    approved: np.ndarray
    good: np.ndarray
    """1 = the applicant repaid (or would have been approved on the outcome), the 'qualified' label."""
    scores: np.ndarray | None = None
    """The model's PD per applicant (for the standardised mean difference of scores)."""
    outcome: str = ""
    """Which of the product's decision lines ``approved`` follows (``lda_inputs.policy_cutoffs``)."""
    measure: AttributeMeasure | None = None
    """Bootstrap intervals, verdicts and per-group counts (``fair_measure``); None for synthetic states."""

    @property
    def key(self) -> str:
        return f"{self.dataset}:{self.attribute}" + (f"@{self.outcome}" if self.outcome else "")


@dataclass(frozen=True)
class ProxyResult:
    dataset: str
    attribute: str
    auc: float
    """Cross-validated AUC of a classifier predicting the attribute from the model's inputs."""
    top_features: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Alternative:
    description: str
    auc: float
    air: float
    auc_cost: float
    """Baseline AUC − this alternative's AUC (positive = the alternative predicts worse)."""
    eligible: bool = True
    """Within the LDA rule's AUC-cost limits (point and 95% bound, ``tools/scoring/lda.py``)."""
    auc_cost_ci: tuple[float, float] | None = None
    air_gain_ci: tuple[float, float] | None = None


@dataclass(frozen=True)
class LdaSearch:
    dataset: str
    attribute: str
    baseline_auc: float
    baseline_air: float
    alternatives: list[Alternative]
    decision: str = ""
    """What the search concluded under the written choice rule."""
    outcome: str = ""

    @property
    def key(self) -> str:
        return f"{self.dataset}:{self.attribute}" + (f"@{self.outcome}" if self.outcome else "")


@dataclass(frozen=True)
class FairLendingState:
    decisions: list[GroupDecisions]
    proxies: list[ProxyResult] = field(default_factory=list)
    lda: list[LdaSearch] = field(default_factory=list)
