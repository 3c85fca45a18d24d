"""Suite 3 — adverse-action reasons for every decline: count, specificity, traceability to the
score's contributions, no prohibited basis, and the memo's reasons equal the score's."""

from __future__ import annotations

from collections.abc import Sequence

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.reasons import (
    AdverseActionState,
    MemoReasonAgreementScorer,
    ProhibitedBasisScorer,
    ReasonCountScorer,
    ReasonSpecificityScorer,
    ReasonTraceabilityScorer,
)


class AdverseActionSuite(Suite[AdverseActionState]):
    name = "adverse_action"
    in_fast = True
    requires = (
        Requirement("scoring", "underwrite.tools.scoring", ("score_application", "ensure_default_model")),
        Requirement("agent memo", "underwrite.agent.memo", ("assemble_memo",)),
    )

    def scorers(self) -> Sequence[Scorer[AdverseActionState]]:
        return [
            ReasonCountScorer(),
            ReasonSpecificityScorer(),
            ReasonTraceabilityScorer(),
            ProhibitedBasisScorer(),
            MemoReasonAgreementScorer(),
        ]

    def solve(self, ctx: RunContext) -> AdverseActionState:
        raise NotImplementedError("adverse-action solver lands with the scoring and agent branches")

    def n_cases(self, state: AdverseActionState) -> int:
        return len(state.declines)
