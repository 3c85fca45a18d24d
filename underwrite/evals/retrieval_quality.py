"""Policy retrieval quality on labelled underwriter questions: dense-only vs lexical vs hybrid.

    python -m underwrite.evals.retrieval_quality [--json] [--gate] [--questions F] [--holdout F]

Syncs the policy collection under ``UW_HOME`` first (fast, idempotent), then asks every question in
``evals/retrieval/questions.yaml`` (and the held-out ``questions_holdout.yaml``) in each search
mode: ``dense`` (embeddings only), ``lexical`` (BM25 only), ``hybrid_rrf`` (section ids + reciprocal
rank fusion) and ``hybrid`` (section ids + cosine + weighted BM25, the default).
recall@k = share of a question's expected sections found in the top k, averaged over questions
(stricter than hit@5 = share of questions with at least one expected section in the top 5);
MRR@10 = mean reciprocal rank of the first expected section within the top 10 (0 when absent).
Target: hybrid recall@5 ≥ 0.95 on the labelled set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import get_args

import yaml
from pydantic import BaseModel, Field
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from underwrite.evals.scorers.retrieval import recall_at, reciprocal_rank
from underwrite.retrieval.index import ensure_policy_index
from underwrite.retrieval.search import SearchMode, search_policy_result
from underwrite.tools.policy.manual import load_manual

QUESTIONS_PATH = Path(__file__).parent / "retrieval" / "questions.yaml"
HOLDOUT_PATH = Path(__file__).parent / "retrieval" / "questions_holdout.yaml"
TARGET_RECALL_AT_5 = 0.95
MRR_DEPTH = 10


class Question(BaseModel):
    q: str
    expected: list[str] = Field(min_length=1)


class ModeScores(BaseModel):
    mode: str
    recall_at_1: float
    recall_at_5: float
    hit_at_5: float = Field(description="Share of questions with at least one expected section in top 5")
    mrr_at_10: float
    misses_at_5: list[str] = Field(description="Questions with no expected section in the top 5")


class SetScores(BaseModel):
    name: str
    questions: int
    modes: list[ModeScores]


class QualityReport(BaseModel):
    sections: int
    target_recall_at_5: float
    sets: list[SetScores] = Field(description="The labelled set first, then the held-out set")
    hybrid_meets_target: bool = Field(description="hybrid recall@5 on the labelled set ≥ target")


def load_questions(path: Path = QUESTIONS_PATH) -> list[Question]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = [Question.model_validate(item) for item in raw["questions"]]
    known = {s.section_id for s in load_manual()}
    unknown = sorted({sid for q in questions for sid in q.expected} - known)
    if unknown:
        raise ValueError(f"{path}: expected sections not in the manual: {', '.join(unknown)}")
    return questions


def score_mode(questions: list[Question], mode: SearchMode) -> ModeScores:
    r1 = r5 = hit5 = mrr = 0.0
    misses: list[str] = []
    for question in questions:
        ranked = [h.section_id for h in search_policy_result(question.q, MRR_DEPTH, mode).hits]
        expected = set(question.expected)
        r1 += recall_at(expected, ranked, 1)
        r5 += recall_at(expected, ranked, 5)
        hit5 += bool(expected & set(ranked[:5]))
        mrr += reciprocal_rank(expected, ranked)
        if not expected & set(ranked[:5]):
            misses.append(question.q)
    n = len(questions)
    return ModeScores(
        mode=mode,
        recall_at_1=r1 / n,
        recall_at_5=r5 / n,
        hit_at_5=hit5 / n,
        mrr_at_10=mrr / n,
        misses_at_5=misses,
    )


def evaluate(sets: dict[str, list[Question]]) -> QualityReport:
    ensure_policy_index()
    scored = [
        SetScores(name=name, questions=len(qs), modes=[score_mode(qs, mode) for mode in get_args(SearchMode)])
        for name, qs in sets.items()
    ]
    hybrid = next(m for m in scored[0].modes if m.mode == "hybrid")
    return QualityReport(
        sections=len(load_manual()),
        target_recall_at_5=TARGET_RECALL_AT_5,
        sets=scored,
        hybrid_meets_target=hybrid.recall_at_5 >= TARGET_RECALL_AT_5,
    )


def render(report: QualityReport, console: Console) -> None:
    table = Table(
        title=f"Policy retrieval over {report.sections} sections "
        f"(target: hybrid recall@5 ≥ {report.target_recall_at_5} on the labelled set)"
    )
    for column in ("question set", "mode", "recall@1", "recall@5", "hit@5", "MRR@10", "misses@5"):
        table.add_column(column, justify="left" if column in ("question set", "mode") else "right")
    for qset in report.sets:
        for m in qset.modes:
            table.add_row(
                f"{qset.name} (n={qset.questions})",
                m.mode,
                f"{m.recall_at_1:.3f}",
                f"{m.recall_at_5:.3f}",
                f"{m.hit_at_5:.3f}",
                f"{m.mrr_at_10:.3f}",
                str(len(m.misses_at_5)),
            )
        table.add_section()
    console.print(table)
    for qset in report.sets:
        for m in qset.modes:
            if m.mode == "hybrid":
                for miss in m.misses_at_5:
                    console.print(escape(f"  hybrid miss@5 [{qset.name}]: {miss}"))
    console.print("target met" if report.hybrid_meets_target else "TARGET MISSED")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument("--gate", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--questions", type=Path, default=QUESTIONS_PATH)
    parser.add_argument("--holdout", type=Path, default=HOLDOUT_PATH)
    args = parser.parse_args(argv)
    report = evaluate({"labelled": load_questions(args.questions), "held-out": load_questions(args.holdout)})
    if args.json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        render(report, Console(width=120))
    return 1 if args.gate and not report.hybrid_meets_target else 0


if __name__ == "__main__":
    raise SystemExit(main())
