"""Suite 4 — memo faithfulness with the real embedded model over ≥ 20 packets; its LLM red case is
the same pipeline run against a deliberately fabricating fake model, where a pass is the bug."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.memo import (
    InvalidCitationsScorer,
    LlmFaithfulnessScorer,
    MemoMeaningScorer,
    MemoState,
    RecommendationVsRulesScorer,
    UnsupportedNumbersScorer,
)
from underwrite.evals.scorers.memo_redteam import VerifierRedTeamScorer
from underwrite.evals.suites.memo_cases import fabricated_reply_text, meaning_case, memo_case
from underwrite.evals.suites.memo_redteam import accept_everything, judge_all, served_claim_verdicts
from underwrite.evals.suites.packet_lab import PacketLab
from underwrite.llm import LLMClient
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply

PACKETS = 20
"""The issue's floor of 20 memos: a packet that fails to read leaves fewer and misses the bar, visibly."""
MEASURE_PACKETS = 10
"""Claims-path memos drafted to measure a backend whose default writes no narrative (the embedded
model: about 30 s each on 2 cores, so fewer than the main run)."""
FABRICATING_PACKETS = 3


class MemoFaithfulnessSuite(Suite[MemoState]):
    name = "memo_faithfulness"
    requires = (
        Requirement("documents", "underwrite.synth", ("load_application", "render_packet")),
        Requirement("LLM client", "underwrite.llm", ("LLMClient", "ensure_llm")),
        Requirement("fake LLM server", "underwrite.testing.fake_openai", ("FakeOpenAIServer", "Reply")),
        Requirement("agent graph", "underwrite.agent.workflow", ("draft_memo", "run_view")),
    )

    def scorers(self) -> Sequence[Scorer[MemoState]]:
        return [
            UnsupportedNumbersScorer(),
            InvalidCitationsScorer(),
            RecommendationVsRulesScorer(),
            LlmFaithfulnessScorer(),
            MemoMeaningScorer(),  # independent of the agent's verifier; red cases from issue 17
            VerifierRedTeamScorer(),  # the agent's verifier on adversarial statements (evals/redteam)
        ]

    def red_state(self, scorer: Scorer[MemoState], ctx: RunContext) -> MemoState:
        """The LLM gate's red case is real: the same graph, a model that fabricates every figure; the
        red team's is the real statements, and the same false claims written by a served model,
        judged by a verifier that accepts every one."""
        if isinstance(scorer, VerifierRedTeamScorer):
            served = [replace(v, verdict="pass", reasons=[]) for v in served_claim_verdicts()]
            return MemoState([], redteam=accept_everything() + served)
        if not isinstance(scorer, LlmFaithfulnessScorer):
            return scorer.red_state()
        lab = PacketLab.of(ctx)
        with FakeOpenAIServer(default=Reply.say(fabricated_reply_text())) as server:
            # asked for a whole narrative (what it fabricates), whatever the backend's default mode
            fabricating = PacketLab(
                ctx, llm=LLMClient(server.url, "fabricating-fake"), label="fabricating", narrative="narrative"
            )
            fabricating.share_components(lab)
            outcomes = [fabricating.run(fabricating.render(t)) for t in lab.truths(FABRICATING_PACKETS)]
        return MemoState([memo_case(o) for o in outcomes], llm="fabricating-fake")

    def solve(self, ctx: RunContext) -> MemoState:
        lab = PacketLab.of(ctx)
        truths = lab.truths(PACKETS)
        memos, meaning, steps = [], [], []
        for i, truth in enumerate(truths):
            ctx.progress(f"memo_faithfulness: {truth.application_id}", i, len(truths))
            outcome = lab.run(lab.render(truth))
            memos.append(memo_case(outcome))
            meaning.append(meaning_case(outcome))
            steps.append(outcome.step_seconds)
        self._step_seconds = {
            step: round(sum(s.get(step, 0.0) for s in steps) / len(steps), 3)
            for step in dict.fromkeys(k for s in steps for k in s)
        }
        self._narrative_mode = str(lab.deps().memo_narrative)
        measured = []
        if self._narrative_mode == "deterministic":
            # The default asks the model for no narrative (measured unfit, README "Memo narrative by
            # backend"); the LLM gate is judged on the same model asked for claims, as measured.
            probe = PacketLab(ctx, label="claims-measure", narrative="claims")
            probe.share_components(lab)
            for i, truth in enumerate(truths[:MEASURE_PACKETS]):
                ctx.progress(f"memo_faithfulness: claims path {truth.application_id}", i, MEASURE_PACKETS)
                measured.append(memo_case(probe.run(lab.render(truth))))
        ctx.progress("memo_faithfulness: red-team statements through the verifier", 0, 1)
        return MemoState(
            memos,
            llm=ctx.versions.get("llm", ""),
            meaning=meaning,
            measured=measured,
            redteam=judge_all() + served_claim_verdicts(),
        )

    def n_cases(self, state: MemoState) -> int:
        return len(state.memos)

    def details(self, state: MemoState) -> dict[str, Any]:
        # per-step mean wall time of the suite's memos, so the eval log shows where a memo's time goes
        return {
            "llm": state.llm,
            "step_seconds_mean": getattr(self, "_step_seconds", {}),
            "narrative_mode": getattr(self, "_narrative_mode", ""),
            "llm_gate_judged_on": "claims-path measurement of the same model (its default writes no "
            "narrative)"
            if state.measured
            else "the suite's memos",
        }
