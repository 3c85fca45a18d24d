"""Runs the red-team fixture (``redteam_claims.json``) through the real memo verifier.

A narrative case puts one statement into the deterministic narrative of the application (which
verifies clean on its own) and asks ``verify_narrative``; a claim case asks ``select_claims``
whether the claim survives every check. ``python tests/agent/redteam_support.py [--heldout]`` prints
the table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from underwrite.agent.memo import (
    CitedText,
    Evidence,
    MemoNarrative,
    RiskItem,
    deterministic_narrative,
    verify_narrative,
)
from underwrite.agent.memo.claim_select import select_claims
from underwrite.agent.memo.claims import Claim
from underwrite.core.schemas import Recommendation

FIXTURE = Path(__file__).with_name("redteam_claims.json")
HELDOUT = Path(__file__).with_name("redteam_heldout.json")
"""Written after round one's fixes and run once before any further change (REDTEAM.md)."""


@dataclass(frozen=True)
class Outcome:
    case_id: str
    kind: str
    expected: str
    verdict: str
    reasons: list[str]

    @property
    def right(self) -> bool:
        return self.verdict == self.expected


@cache
def fixture(path: Path = FIXTURE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def evidence(name: str = "this", path: Path = FIXTURE) -> Evidence:
    return Evidence.model_validate(fixture(path)["evidence"][name])


def cases(path: Path = FIXTURE) -> list[dict[str, Any]]:
    return [{**c, "fixture": path.name} for c in fixture(path)["cases"]]


def narrative_with(case: dict[str, Any], ev: Evidence) -> MemoNarrative:
    """The deterministic narrative with the case's statement in its target slot."""
    base = deterministic_narrative(ev)
    st, target = case["statement"], case["target"]
    update: dict[str, Any] = {}
    if target == "summary":
        update["summary"] = CitedText(**st)
    elif target == "strength":
        update["strengths"] = [CitedText(**st), *base.strengths[1:]]
    elif target == "risk":
        update["risks_and_mitigants"] = [RiskItem(**st), *base.risks_and_mitigants[1:]]
    elif target == "mitigant_text":
        first = base.risks_and_mitigants[0]
        item = RiskItem(risk=first.risk, mitigant=st["text"], citations=[*first.citations, *st["citations"]])
        update["risks_and_mitigants"] = [item, *base.risks_and_mitigants[1:]]
    elif target == "rationale":
        update["recommendation_rationale"] = CitedText(**st)
    elif target == "condition":
        update["conditions"] = [CitedText(**st), *base.conditions[1:]]
    else:
        raise ValueError(f"unknown target {target!r} in case {case['id']}")
    if "recommendation" in case:
        update["recommendation"] = Recommendation(case["recommendation"])
    return base.model_copy(update=update)


def run_case(case: dict[str, Any]) -> Outcome:
    ev = evidence(path=FIXTURE.with_name(case.get("fixture", FIXTURE.name)))
    if case["path"] == "narrative":
        reasons = [str(v) for v in verify_narrative(narrative_with(case, ev), ev)]
    else:
        selection = select_claims(ev, [Claim.model_validate(case["claim"])])
        reasons = selection.rejections if selection.kept == 0 else []
    verdict = "reject" if reasons else "pass"
    return Outcome(case["id"], case["kind"], case["expected"], verdict, reasons)


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    false = [o for o in outcomes if o.expected == "reject"]
    true = [o for o in outcomes if o.expected == "pass"]
    return {
        "false_claims": len(false),
        "caught": sum(o.verdict == "reject" for o in false),
        "true_claims": len(true),
        "wrongly_rejected": sum(o.verdict == "reject" for o in true),
    }


if __name__ == "__main__":
    import sys

    results = [run_case(c) for c in cases(HELDOUT if "--heldout" in sys.argv else FIXTURE)]
    for o in results:
        mark = "ok  " if o.right else "MISS"
        print(f"{mark} {o.expected:6} -> {o.verdict:6} {o.kind:22} {o.case_id}: {'; '.join(o.reasons)[:160]}")
    print(json.dumps(summary(results)))
