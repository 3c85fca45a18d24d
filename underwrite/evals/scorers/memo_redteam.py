"""Does the agent's memo verifier catch what a model writes when it goes wrong?

Scored on the verdicts of ``suites.memo_redteam`` (the red-team sets in ``evals/redteam/``): every
false statement must be rejected and every true one, however phrased, must pass. Its red case is a
verifier that accepts every statement (what the verifier was for most false kinds before the red
team): it must miss the bar.
"""

from __future__ import annotations

from dataclasses import replace

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.types import CaseScore, ScoreOutput
from underwrite.evals.scorers.memo import MemoState
from underwrite.evals.scorers.redteam_verdict import RedTeamVerdict, totals


def _examples() -> list[RedTeamVerdict]:
    return [
        RedTeamVerdict("false-a", "direction", "reject", "reject", ["inverted_comparison"]),
        RedTeamVerdict("false-b", "negation", "reject", "reject", ["contradicts_file"]),
        RedTeamVerdict("true-a", "control", "pass", "pass"),
    ]


class VerifierRedTeamScorer(Scorer[MemoState]):
    name = "verifier_red_team"
    metrics = frozenset({"redteam_false_accepted", "redteam_true_rejected", "redteam_statements"})
    red_description = "A verifier that accepts every statement: inverted comparisons, denials, leaks"

    def score(self, state: MemoState) -> ScoreOutput:
        t = totals(state.redteam)
        cases = [
            CaseScore(
                case_id=f"{v.fixture}:{v.case_id}",
                passed=v.right,
                values={"kind": v.kind, "expected": v.expected, "verdict": v.verdict},
                notes=v.reasons[:3],
            )
            for v in state.redteam
        ]
        return ScoreOutput(
            metrics={
                "redteam_false_accepted": float(t["false_claims"] - t["caught"]),
                "redteam_true_rejected": float(t["wrongly_rejected"]),
                "redteam_catch_rate": t["caught"] / t["false_claims"] if t["false_claims"] else None,
                "redteam_statements": float(len(state.redteam)),
            },
            cases=cases,
        )

    def red_state(self) -> MemoState:
        return MemoState([], redteam=[replace(v, verdict="pass", reasons=[]) for v in _examples()])

    def green_state(self) -> MemoState:
        return MemoState([], redteam=_examples())
