"""A repair round rewrites only the parts of the narrative the verifier rejected.

Regenerating a whole narrative to fix one unreadable risk item costs a full generation (about 13 s
with the embedded model on two cores) and puts the parts that were already verified at risk again.
The revision asks for the failing top-level fields only, under a schema of just those fields, and
puts them back into the draft; the verifier then checks the whole narrative again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel

from underwrite.agent.memo.constrained import NARRATIVE_FIELDS, narrative_from_data
from underwrite.agent.memo.evidence import Evidence
from underwrite.agent.memo.verifier import Violation
from underwrite.core.memo import MemoNarrative

_FIELD = re.compile(r"[a-z_]+")
# A changed recommendation needs a rationale that argues for it.
_TOGETHER = {"recommendation": "recommendation_rationale"}


def revision_fields(violations: Sequence[Violation]) -> list[str] | None:
    """The narrative fields to rewrite, in schema order; None when only a whole new narrative can
    fix the draft (no usable draft, or a problem outside the fields the model writes)."""
    wanted: set[str] = set()
    for v in violations:
        match = _FIELD.match(v.location)
        field = match.group(0) if match else ""
        if field not in NARRATIVE_FIELDS:
            return None
        wanted.add(field)
        if field in _TOGETHER:
            wanted.add(_TOGETHER[field])
    return [f for f in NARRATIVE_FIELDS if f in wanted] or None


def apply_revision(
    draft: MemoNarrative, revision: BaseModel, fields: Sequence[str], ev: Evidence
) -> MemoNarrative:
    """``draft`` with ``fields`` replaced by the revision's (anything else the revision holds is
    ignored); adverse-action codes follow the resulting recommendation as in a first draft."""
    revised = revision.model_dump(mode="json")
    missing = [f for f in fields if f not in revised]
    if missing:
        raise ValueError(f"the revision lacks {missing}")
    data = draft.model_dump(mode="json") | {f: revised[f] for f in fields}
    return narrative_from_data(data, ev)
