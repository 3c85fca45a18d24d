"""Every suite `underwrite eval` knows, in the order they run (cheap and independent first)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from underwrite.evals.harness.suite import Suite


def _factories() -> dict[str, Callable[[], Suite[Any]]]:
    # lazy: the suites pull in matplotlib, fairlearn and LightGBM; `underwrite --help` must not.
    from underwrite.evals.suites.adverse_action import AdverseActionSuite
    from underwrite.evals.suites.counterfactual import CounterfactualSuite
    from underwrite.evals.suites.fair_lending import FairLendingSuite
    from underwrite.evals.suites.hostile_documents import HostileDocumentsSuite
    from underwrite.evals.suites.memo_faithfulness import MemoFaithfulnessSuite
    from underwrite.evals.suites.model_validation import ModelValidationSuite
    from underwrite.evals.suites.precedent_calibration import PrecedentCalibrationSuite
    from underwrite.evals.suites.retrieval import RetrievalSuite

    return {
        s.name: s
        for s in (
            ModelValidationSuite,
            FairLendingSuite,
            RetrievalSuite,
            PrecedentCalibrationSuite,
            AdverseActionSuite,
            CounterfactualSuite,
            HostileDocumentsSuite,
            MemoFaithfulnessSuite,
        )
    }


SUITE_NAMES = (
    "model_validation",
    "fair_lending",
    "retrieval",
    "precedent_calibration",
    "adverse_action",
    "counterfactual",
    "hostile_documents",
    "memo_faithfulness",
)


class UnknownSuiteError(ValueError):
    pass


def select_suites(names: list[str] | None, fast: bool) -> list[Suite[Any]]:
    factories = _factories()
    if names:
        unknown = [n for n in names if n not in factories]
        if unknown:
            raise UnknownSuiteError(
                f"unknown suite {', '.join(unknown)}; choose from {', '.join(SUITE_NAMES)}"
            )
        return [factories[n]() for n in names]
    suites = [factories[n]() for n in SUITE_NAMES]
    return [s for s in suites if s.in_fast] if fast else suites
