"""Suite — precedents' default rate per PD band (issue 17, part 7).

Dataset: the German-credit hold-out rows (the default score model never trained on them).
Solver: score each row with the default model, then retrieve its comparable precedents exactly as
the memo's retrieve step does (``retrieval.comparable``: same query text, same bands and
relaxation, ``PRECEDENTS_K`` hits). The hold-out rows are themselves precedents in the index, so an
applicant's own case is left out of its hits (leave-one-out; otherwise it would be its own
evidence). Scorer: ``scorers.precedent_calibration``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from underwrite.core.datasets import holdout_split, load_dataset
from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.suite import Requirement, RunContext, Suite
from underwrite.evals.scorers.precedent_calibration import (
    ApplicantPrecedents,
    CalibrationState,
    PrecedentDefaultRateScorer,
    band_rows,
)
from underwrite.retrieval.comparable import comparable_precedents, precedent_query
from underwrite.retrieval.precedent_money import amount_in_eur
from underwrite.tools.policy.table import load_rule_table


class PrecedentCalibrationSuite(Suite[CalibrationState]):
    name = "precedent_calibration"
    requires = (
        Requirement("scoring", "underwrite.tools.scoring", ("get_scorer", "ensure_default_model")),
        Requirement("retrieval", "underwrite.retrieval", ("search_precedents", "ensure_index")),
        Requirement(
            "comparable precedents",
            "underwrite.retrieval.comparable",
            ("comparable_precedents", "precedent_query"),
        ),
        Requirement("precedent amounts in EUR", "underwrite.retrieval.precedent_money", ("amount_in_eur",)),
    )

    def scorers(self) -> Sequence[Scorer[CalibrationState]]:
        return [PrecedentDefaultRateScorer()]

    def solve(self, ctx: RunContext) -> CalibrationState:
        import importlib

        # lazy: agent.nodes pulls LangGraph and tools.scoring LightGBM; only needed when the suite runs
        from underwrite.agent.nodes.analysis import PRECEDENTS_K
        from underwrite.tools.scoring import ensure_default_model, get_scorer

        retrieval = importlib.import_module("underwrite.retrieval")  # lazy attributes (module __getattr__)
        ctx.progress("precedent_calibration: score model and precedent index", 0, 1)
        scorer = get_scorer(ensure_default_model())
        retrieval.ensure_index()
        ds = load_dataset("german")
        ctx.record_input("dataset:german", ds.content_hash)
        ctx.record_version("score_model", str(scorer.bundle.model_version))
        _train, holdout = holdout_split(ds)
        records: list[dict[str, Any]] = ds.frame.iloc[holdout].to_dict(orient="records")  # type: ignore[assignment]
        scores = scorer.score_rows(records)
        applicants: list[ApplicantPrecedents] = []
        for i, (row, record, score) in enumerate(zip(holdout, records, scores, strict=True)):
            ctx.progress("precedent_calibration: retrieving precedents", i, len(holdout))
            own = f"german-{row:05d}"
            product = str(record.get("product") or "consumer_instalment")

            def search(text: str, k: int, filters: dict[str, Any] | None, own: str = own) -> list[Any]:
                return [
                    h for h in retrieval.search_precedents(text, k=k + 1, filters=filters) if h.case_id != own
                ][:k]

            text = precedent_query(product, record, score.grade, [r.text for r in score.reasons])
            # The bands compare euro amounts (an application's currency); German rows are in DEM.
            eur = amount_in_eur(float(record["loan_amount"]), ds.amount_currency)
            applicant = {**record, "loan_amount": eur[0]} if eur is not None else record
            hits, note = comparable_precedents(search, text, PRECEDENTS_K, applicant, product)
            applicants.append(
                ApplicantPrecedents(
                    case_id=own,
                    grade=score.grade,
                    pd=float(score.pd),
                    outcomes=[h.outcome == "defaulted" for h in hits],
                    band_note=note,
                )
            )
        grades = load_rule_table().grades
        ranges: dict[str, tuple[float, float | None]] = {}
        lower = 0.0
        for band in grades:
            ranges[band.grade] = (lower, band.pd_below)
            lower = band.pd_below if band.pd_below is not None else lower
        return CalibrationState(applicants, [b.grade for b in grades], ranges)

    def n_cases(self, state: CalibrationState) -> int:
        return len(state.applicants)

    def details(self, state: CalibrationState) -> dict[str, Any]:
        relaxed = sum("relaxed" in a.band_note for a in state.applicants)
        return {"bands": band_rows(state), "applicants_with_relaxed_band": relaxed}
