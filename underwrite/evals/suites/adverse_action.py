"""Suite 3 — adverse-action reasons for every decline: count, specificity, traceability to the
score's contributions, no prohibited basis, and the memo's reasons equal a recomputation from the
score model (re-scored contributions through the bundle's reason table), not the codes the memo
was built from.

Cases are the declines among the memo-faithfulness packets (the same graph runs, shared in one eval
run). Traceability is checked against contributions recomputed here from LightGBM's ``pred_contrib``
for the application as read, not against the reasons the score tool chose to report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.reasons import (
    MAX_REASONS,
    AdverseActionState,
    DeclineCase,
    MemoReasonAgreementScorer,
    ProhibitedBasisScorer,
    ReasonCountScorer,
    ReasonSpecificityScorer,
    ReasonTraceabilityScorer,
    adverse_inputs,
)
from underwrite.evals.suites.memo_faithfulness import PACKETS
from underwrite.evals.suites.packet_lab import PacketLab
from underwrite.tools.encoder import embed


def contributions_for(application: Any) -> dict[str, float]:
    """Per-input contributions toward default for one application, straight from the booster."""
    # lazy: tools.scoring loads LightGBM; this module stays light until the suite runs
    from underwrite.tools.scoring import get_scorer
    from underwrite.tools.scoring.features import application_row, rows_frame
    from underwrite.tools.scoring.reasons import grouped_contributions
    from underwrite.tools.scoring.text import texts_for

    scorer = get_scorer()
    schema = scorer.schema
    frame = rows_frame([application_row(application, schema)], schema)
    embeddings = embed(texts_for(frame, schema)) if schema.text_variant != "none" else None
    model = scorer.bundle.model
    contrib = model.contributions(model.matrix(frame, embeddings))
    return grouped_contributions(contrib[0, :-1], schema)


def recomputed_codes(contributions: dict[str, float], limit: int | None = None) -> list[str]:
    """The reason codes a decline must state, from the recomputed contributions: the top
    risk-raising inputs (never a protected one) mapped through the model bundle's reason table."""
    # lazy: tools.scoring loads LightGBM; this module stays light until the suite runs
    from underwrite.tools.scoring import get_scorer

    scorer = get_scorer()
    top = adverse_inputs(contributions, limit or min(scorer.limit, MAX_REASONS))
    return list(dict.fromkeys(scorer.bundle.reason_table.entry(f).code for f in top))


class AdverseActionSuite(Suite[AdverseActionState]):
    name = "adverse_action"
    requires = (
        Requirement("scoring", "underwrite.tools.scoring", ("get_scorer", "ensure_default_model")),
        Requirement("documents", "underwrite.synth", ("load_application", "render_packet")),
        Requirement("agent graph", "underwrite.agent.workflow", ("draft_memo", "run_view")),
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
        lab = PacketLab.of(ctx)
        truths = lab.truths(PACKETS)
        declines = []
        for i, truth in enumerate(truths):
            ctx.progress(f"adverse_action: {truth.application_id}", i, len(truths))
            outcome = lab.run(lab.render(truth))
            if outcome.recommendation != "decline":
                continue
            memo = outcome.memo
            contributions = contributions_for(outcome.run.application)
            declines.append(
                DeclineCase(
                    case_id=outcome.application_id,
                    reasons=list(outcome.run.score.reasons),
                    contributions=contributions,
                    memo_reason_codes=[r.code for r in memo.adverse_action_reasons],
                    recomputed_codes=recomputed_codes(contributions),
                )
            )
        return AdverseActionState(declines=declines, n_scored=len(truths))

    def n_cases(self, state: AdverseActionState) -> int:
        return len(state.declines)
