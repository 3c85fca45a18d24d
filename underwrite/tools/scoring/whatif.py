"""What-if: re-score an application with changed inputs and report the change in PD."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from underwrite.core.fields import FIELDS, PROTECTED_FIELDS
from underwrite.core.schemas import Application, Score
from underwrite.tools.scoring.features import application_values, values_to_row
from underwrite.tools.scoring.service import get_scorer


class WhatIf(BaseModel):
    base: Score
    changed: Score
    delta_pd: float = Field(description="changed.pd - base.pd (positive = riskier)")
    changes: dict[str, float | str]


def what_if(app: Application, changes: dict[str, float | str], bundle: Path | None = None) -> WhatIf:
    """Score the application as it is and with ``changes`` applied (e.g. {"loan_term_months": 36}).

    Keys are canonical fact names; derived inputs (instalment burden, employment band) are
    recomputed from the changed facts, so a longer term also lowers the monthly payment.
    """
    scorer = get_scorer(bundle)
    if not changes:
        raise ValueError("what_if needs at least one change")
    unknown = [k for k in changes if k not in FIELDS and k not in scorer.schema.inputs]
    if unknown:
        raise ValueError(f"unknown fact name(s) {unknown}; use canonical names from underwrite.core.fields")
    protected = [k for k in changes if k in PROTECTED_FIELDS]
    if protected:
        raise ValueError(f"{protected} are protected attributes and never affect the score")
    values = application_values(app)
    changed_values = {**values, **changes}
    base, changed = scorer.score_rows(
        [values_to_row(values, scorer.schema), values_to_row(changed_values, scorer.schema)]
    )
    return WhatIf(base=base, changed=changed, delta_pd=round(changed.pd - base.pd, 6), changes=changes)
