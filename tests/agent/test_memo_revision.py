"""The repair round's revision: which fields are rewritten, under which schema, and how they are
put back into the draft."""

from __future__ import annotations

import pytest
from memo_fakes import clean_narrative, make_evidence

from underwrite.agent.memo import CitedText, Violation, ViolationKind, verify_narrative
from underwrite.agent.memo.constrained import constrained_narrative_schema, narrative_from_data
from underwrite.agent.memo.fallback import adverse_action_codes
from underwrite.agent.memo.revision import apply_revision, revision_fields
from underwrite.core.schemas import Recommendation


def violation(location: str, kind: ViolationKind = ViolationKind.unreadable_text) -> Violation:
    return Violation(kind=kind, location=location, detail="x")


@pytest.mark.parametrize(
    ("locations", "fields"),
    [
        (["risks_and_mitigants[0].risk", "conditions[1]"], ["risks_and_mitigants", "conditions"]),
        (["conditions[0]", "summary", "summary"], ["summary", "conditions"]),
        (["recommendation"], ["recommendation", "recommendation_rationale"]),
        (["strengths[0]", "narrative"], None),  # no usable draft: a whole narrative again
        (["adverse_action_codes"], None),  # not the model's to write
        ([], None),
    ],
)
def test_revision_fields_follow_the_violations(locations: list[str], fields: list[str] | None) -> None:
    assert revision_fields([violation(loc) for loc in locations]) == fields


def test_revision_schema_offers_only_the_failing_fields() -> None:
    ev = make_evidence()
    schema = constrained_narrative_schema(ev, only=["summary", "conditions"])
    assert list(schema.model_json_schema()["properties"]) == ["summary", "conditions"]
    with pytest.raises(ValueError, match="adverse_action_codes"):
        constrained_narrative_schema(ev, only=["adverse_action_codes"])
    with pytest.raises(ValueError):
        constrained_narrative_schema(ev, only=[])


def test_revision_replaces_only_its_fields_and_the_result_is_verified_again() -> None:
    ev = make_evidence(hard_fail=True)
    # As a first draft reaches the verifier: the score's codes attached to the decline.
    draft = narrative_from_data(clean_narrative(Recommendation.decline).model_dump(mode="json"), ev)
    bad_summary = draft.summary.model_copy(update={"text": "lte"})
    broken = draft.model_copy(update={"summary": bad_summary})
    violations = verify_narrative(broken, ev)
    fields = revision_fields(violations)
    assert fields == ["summary"]
    schema = constrained_narrative_schema(ev, only=fields)
    # A model may write more than asked (a fake returning a whole narrative): only summary is taken.
    written = draft.model_dump(mode="json") | {"recommendation_rationale": {"text": "9999", "citations": []}}
    revised = apply_revision(broken, schema.model_validate(written), fields, ev)
    assert revised.summary == draft.summary
    assert revised.recommendation_rationale == broken.recommendation_rationale
    assert revised.adverse_action_codes == adverse_action_codes(ev) != []
    assert verify_narrative(revised, ev) == []

    still_bad = schema.model_validate(
        {"summary": CitedText(text="xq", citations=["fact:loan_amount"]).model_dump()}
    )
    assert revision_fields(verify_narrative(apply_revision(broken, still_bad, fields, ev), ev)) == ["summary"]
