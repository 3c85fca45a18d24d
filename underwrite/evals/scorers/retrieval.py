"""Retrieval scorer: recall@k and mean reciprocal rank over labelled questions."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.types import CaseScore, ScoreOutput


@dataclass(frozen=True)
class RetrievalCase:
    case_id: str
    question: str
    relevant: frozenset[str]
    retrieved: list[str]
    """Ids in rank order, best first."""
    question_set: str = "labelled"


@dataclass(frozen=True)
class RetrievalState:
    cases: list[RetrievalCase]
    k: int = 5


def recall_at(relevant: Collection[str], ranked: Sequence[str], k: int) -> float:
    """Share of the relevant ids found in the top ``k`` of ``ranked`` (0 when none are relevant)."""
    return len(set(relevant) & set(ranked[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(relevant: Collection[str], ranked: Sequence[str]) -> float:
    """1 / rank of the first relevant id in ``ranked``; 0 when none appears."""
    for rank, doc in enumerate(ranked, start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def _synthetic(hit_rank: int | None) -> RetrievalState:
    cases = []
    for i in range(25):
        retrieved = [f"X-{i}-{j}" for j in range(5)]
        if hit_rank is not None:
            retrieved[hit_rank - 1] = f"S-{i}"
        cases.append(RetrievalCase(f"q{i}", f"question {i}", frozenset({f"S-{i}"}), retrieved))
    return RetrievalState(cases)


class RetrievalScorer(Scorer[RetrievalState]):
    name = "retrieval"
    metrics = frozenset({"recall_at_5", "mrr", "questions"})
    red_description = "Rankings that never contain the labelled section"

    def score(self, state: RetrievalState) -> ScoreOutput:
        cases = []
        recalls, rrs = [], []
        for c in state.cases:
            top = c.retrieved[: state.k]
            recall = recall_at(c.relevant, top, state.k)
            rr = reciprocal_rank(c.relevant, c.retrieved)
            recalls.append(recall)
            rrs.append(rr)
            cases.append(
                CaseScore(
                    case_id=c.case_id,
                    passed=recall > 0,
                    values={"recall": recall, "rr": rr, "relevant": sorted(c.relevant), "top": top},
                    notes=[c.question],
                )
            )
        n = len(state.cases)
        by_set: dict[str, float | None] = {}
        for name in sorted({c.question_set for c in state.cases}):
            idx = [i for i, c in enumerate(state.cases) if c.question_set == name]
            by_set[f"recall_at_5:{name}"] = sum(recalls[i] for i in idx) / len(idx)
            by_set[f"mrr:{name}"] = sum(rrs[i] for i in idx) / len(idx)
        return ScoreOutput(
            metrics={
                "recall_at_5": sum(recalls) / n if n else None,
                "mrr": sum(rrs) / n if n else None,
                "hit_at_1": sum(r == 1.0 for r in rrs) / n if n else None,
                "questions": float(n),
                **by_set,
            },
            cases=cases,
        )

    def red_state(self) -> RetrievalState:
        return _synthetic(None)

    def green_state(self) -> RetrievalState:
        return _synthetic(1)
