"""One precedent type: memos and checkpoints written with the old per-layer copies still load."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, create_model

from underwrite.agent.checkpoints import serializer
from underwrite.core.canonical import sha256_json
from underwrite.core.memo import Memo
from underwrite.core.precedent import PrecedentHit

# Written by the code before core.precedent (d9193bf): tests/tools/test_exports.py's memo fixture,
# whose precedents were core.memo.PrecedentRow (no metadata).
OLD_MEMO = Path(__file__).parents[1] / "data" / "memo_before_one_precedent_type.json"


def test_an_old_shape_memo_still_loads() -> None:
    raw = json.loads(OLD_MEMO.read_text("utf-8"))
    assert set(raw["precedents"][0]) == {"case_id", "similarity", "decision", "outcome", "summary"}
    memo = Memo.model_validate_json(OLD_MEMO.read_text("utf-8"))
    hit = memo.precedents[0]
    assert isinstance(hit, PrecedentHit)
    assert (hit.case_id, hit.similarity, hit.decision, hit.metadata) == ("german-0420", 0.87, "approve", {})
    # The audit trail recorded sha256 of the old dump; the decision record re-hashes the loaded memo.
    assert memo.content_hash() == sha256_json(raw)


def test_metadata_is_kept_when_there_is_some() -> None:
    hit = PrecedentHit(case_id="c", similarity=0.5, metadata={"grade": "B"})
    assert PrecedentHit.model_validate_json(hit.model_dump_json()) == hit
    assert "metadata" not in PrecedentHit(case_id="c", similarity=0.5).model_dump()


def _old_evidence_class() -> type[BaseModel]:
    """A stand-in with the old class path, so the serializer writes what old checkpoints hold."""
    return create_model(  # type: ignore[call-overload, no-any-return]
        "PrecedentEvidence",
        __module__="underwrite.agent.memo.evidence",
        case_id=(str, ...),
        similarity=(float, ...),
        decision=(str | None, None),
        outcome=(str | None, None),
        summary=(str, ""),
        metadata=(dict, {}),
    )


def test_an_old_checkpoint_revives_its_precedents_as_hits() -> None:
    old_class = _old_evidence_class()
    old = old_class(case_id="german-00042", similarity=0.8, decision="approved", metadata={"row": 42})
    memo = Memo.model_validate_json(OLD_MEMO.read_text("utf-8"))
    serde = serializer()
    state = serde.loads_typed(serde.dumps_typed({"precedents": [old], "memo": memo}))
    hit = state["precedents"][0]
    assert isinstance(hit, PrecedentHit), f"revived as {type(hit).__name__}"
    assert (hit.case_id, hit.metadata) == ("german-00042", {"row": 42})
    assert isinstance(state["memo"], Memo) and isinstance(state["memo"].precedents[0], PrecedentHit)


def test_comparability_is_kept_when_ranked_and_left_out_when_not() -> None:
    ranked = PrecedentHit(case_id="c", similarity=0.5, comparability=0.0)
    assert PrecedentHit.model_validate_json(ranked.model_dump_json()).comparability == 0.0
    assert "comparability" not in PrecedentHit(case_id="c", similarity=0.5).model_dump()
