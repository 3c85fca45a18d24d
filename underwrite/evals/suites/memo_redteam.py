"""Adversarial memo statements judged by the agent's own verifier (``evals/redteam/``).

Each statement of a red-team set is one a small model writes when it goes wrong (an inverted
comparison, a number of another application, a denial of what the file shows, a quote no document
holds...) or a true one phrased unusually, with the verdict the verifier must reach. A narrative
statement is put into the deterministic narrative of the set's application (which verifies clean on
its own) and judged by ``verify_narrative``; a claim is judged by ``select_claims``. The sets and
their measured history are described in ``evals/redteam/README.md``.
"""

from __future__ import annotations

import json
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
from underwrite.agent.memo.claims import Claim, claims_schema, to_claims
from underwrite.agent.nodes._common import call_structured
from underwrite.agent.nodes.memo_claims import CLAIMS_MAX_TOKENS, claims_prompt
from underwrite.core.schemas import Recommendation
from underwrite.evals.scorers.redteam_verdict import RedTeamVerdict
from underwrite.llm import LLMClient, RetryPolicy
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply

REDTEAM_DIR = Path(__file__).resolve().parent.parent / "redteam"
FIXTURE = REDTEAM_DIR / "memo_claims.json"
"""Round one: written blind, before the checks were read."""
HELDOUT = REDTEAM_DIR / "memo_heldout.json"
"""Written after round one's fixes and run once before any further change."""
BLIND3 = REDTEAM_DIR / "memo_blind3.json"
"""Round three: written blind by a new author (checks' code unread), run once before round three's fixes."""
SETS = (FIXTURE, HELDOUT, BLIND3)


@cache
def fixture(path: Path = FIXTURE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def evidence(name: str = "this", path: Path = FIXTURE) -> Evidence:
    """``this``: the application under review; ``other``: one whose numbers must not leak in."""
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


def run_case(case: dict[str, Any]) -> RedTeamVerdict:
    """The verifier's verdict on one statement, with its reasons."""
    ev = evidence(path=REDTEAM_DIR / case.get("fixture", FIXTURE.name))
    if case["path"] == "narrative":
        reasons = [str(v) for v in verify_narrative(narrative_with(case, ev), ev)]
    else:
        selection = select_claims(ev, [Claim.model_validate(case["claim"])])
        reasons = selection.rejections if selection.kept == 0 else []
    return RedTeamVerdict(
        case_id=case["id"],
        kind=case["kind"],
        expected=case["expected"],
        verdict="reject" if reasons else "pass",
        reasons=reasons,
        fixture=case["fixture"],
    )


def judge_all(paths: tuple[Path, ...] = SETS) -> list[RedTeamVerdict]:
    return [run_case(c) for path in paths for c in cases(path)]


def accept_everything(paths: tuple[Path, ...] = SETS) -> list[RedTeamVerdict]:
    """The same statements judged by a verifier that passes every one (the scorer's red case)."""
    return [
        RedTeamVerdict(c["id"], c["kind"], c["expected"], "pass", [], c["fixture"])
        for p in paths
        for c in cases(p)
    ]


def served_claim_verdicts(paths: tuple[Path, ...] = SETS) -> list[RedTeamVerdict]:
    """The sets' false claims as a served model writes them: each is one reply of a fake
    OpenAI-compatible server (an LLM writing nonsense), read back through the real client, the
    application's claims schema and the claim selection. A reply the schema refuses (evidence a
    claim may not rest on) is rejected as the agent would reject it."""
    false = [c for p in paths for c in cases(p) if c["path"] == "claim" and c["expected"] == "reject"]
    replies = [Reply.say(json.dumps({"claims": [c["claim"]]})) for c in false]
    out = []
    with FakeOpenAIServer(replies) as server:
        llm = LLMClient(server.url, "nonsense-writer", retry=RetryPolicy(max_retries=0))
        for case in false:
            ev = evidence(path=REDTEAM_DIR / case["fixture"])
            result, call = call_structured(
                llm, "draft_memo", claims_prompt(ev, []), claims_schema(ev), CLAIMS_MAX_TOKENS
            )
            if result is None:
                reasons = [f"the claims schema refused the reply: {call.error}"]
            else:
                selection = select_claims(ev, to_claims(result))
                reasons = selection.rejections if selection.kept == 0 else []
            out.append(
                RedTeamVerdict(
                    case_id=f"served:{case['id']}",
                    kind=case["kind"],
                    expected="reject",
                    verdict="reject" if reasons else "pass",
                    reasons=reasons,
                    fixture=case["fixture"],
                )
            )
    return out


if __name__ == "__main__":  # python -m underwrite.evals.suites.memo_redteam [--heldout|--blind3|--all]
    import sys

    from underwrite.evals.scorers.redteam_verdict import totals

    chosen = HELDOUT if "--heldout" in sys.argv else BLIND3 if "--blind3" in sys.argv else FIXTURE
    verdicts = judge_all(SETS if "--all" in sys.argv else (chosen,))
    if "--served" in sys.argv:  # the false claims again, each written by a fake served model
        verdicts += served_claim_verdicts(SETS if "--all" in sys.argv else (chosen,))
    for v in verdicts:
        mark = "ok  " if v.right else "MISS"
        print(f"{mark} {v.expected:6} -> {v.verdict:6} {v.kind:22} {v.case_id}: {'; '.join(v.reasons)[:160]}")
    print(json.dumps(totals(verdicts)))
