"""What-if from the whole decision: the score model, the ratios, the policy rules and the CP-9.4
recommendation re-run on changed inputs, side by side with the file as it is.

The score model alone does not read net income or existing debt, but DTI, PTI, residual income and
the rules do; a what-if that re-ran only the score would say "+0.00 pp" where the decision flips.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from underwrite.agent.assessment import check_flags, with_ratios
from underwrite.agent.limits import RatioCheck, ratio_checks
from underwrite.agent.memo.recommendation import INTEGRITY_FLAGS
from underwrite.core.schemas import Application, FactValue, Recommendation, RuleFinding, Score
from underwrite.tools.intake.packet import best_values
from underwrite.tools.policy.rules import evaluate_rules, missing_documents, recommend_from_findings
from underwrite.tools.scoring.whatif import WhatIf, what_if

WHAT_IF_FIELDS: dict[str, str] = {
    "loan_amount": "Loan amount",
    "loan_term_months": "Term (months)",
    "monthly_net_income": "Net monthly income",
    "monthly_debt_payments": "Existing debt payments / month",
    "interest_rate_pct": "Interest rate (% a year)",
}
"""The levers an underwriter may move: the request and the affordability inputs."""

Rescore = Callable[[Application, dict[str, float | str]], WhatIf]


class WhatIfChanges(BaseModel):
    """Validated what-if input: known levers only, finite numbers in each lever's range."""

    model_config = ConfigDict(extra="forbid")

    changes: dict[str, float] = Field(min_length=1)

    @field_validator("changes")
    @classmethod
    def _valid(cls, changes: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(changes) - set(WHAT_IF_FIELDS))
        if unknown:
            raise ValueError(f"what-if cannot change {unknown}; allowed: {sorted(WHAT_IF_FIELDS)}")
        problems = []
        for name, value in changes.items():
            label = WHAT_IF_FIELDS[name]
            if value is None or not math.isfinite(value):
                problems.append(f"{label} must be a number")
            elif name == "loan_term_months" and (value < 1 or value != int(value)):
                problems.append(f"{label} must be a whole number of months, at least 1 (got {value:g})")
            elif name == "loan_amount" and value <= 0:
                problems.append(f"{label} must be more than 0 (got {value:g})")
            elif name == "interest_rate_pct" and not 0 <= value < 100:
                problems.append(f"{label} must be from 0 to under 100 (got {value:g})")
            elif value < 0:
                problems.append(f"{label} cannot be negative (got {value:g})")
        if problems:
            raise ValueError("; ".join(problems))
        return changes


class DecisionSnapshot(BaseModel):
    """The decision as code makes it from one set of inputs."""

    model_config = ConfigDict(extra="forbid")

    score: Score
    ratios: list[RatioCheck]
    findings: list[RuleFinding]
    integrity_flags: list[str]
    recommendation: Recommendation


class DecisionWhatIf(BaseModel):
    model_config = ConfigDict(extra="forbid")

    changes: dict[str, float]
    base: DecisionSnapshot
    changed: DecisionSnapshot
    delta_pd_pp: float = Field(description="changed PD − base PD in percentage points (+ = riskier)")
    changed_rules: list[str] = Field(description="rule ids whose status differs between the two")


def _snapshot(
    app: Application,
    values: Mapping[str, FactValue],
    score: Score,
    file_flags: Sequence[str],
    missing: Sequence[str],
) -> DecisionSnapshot:
    ratios, merged = with_ratios(values)
    checks, _ = check_flags(merged)
    findings = evaluate_rules(merged, str(values.get("product") or app.request.product))
    codes = {*file_flags, *(f.code for f in checks)}
    if score.unreliable_reason:
        codes.add("score_unreliable")
    integrity = sorted(c for c in codes if c in INTEGRITY_FLAGS)
    recommendation = recommend_from_findings(
        findings, score.pd, None, integrity_flags=integrity, missing_document_kinds=missing
    )
    return DecisionSnapshot(
        score=score,
        ratios=ratio_checks(ratios.as_values(), findings),
        findings=findings,
        integrity_flags=integrity,
        recommendation=recommendation,
    )


def decision_what_if(
    app: Application,
    changes: Mapping[str, float],
    *,
    file_flags: Sequence[str] = (),
    bundle: Path | None = None,
    rescore: Rescore | None = None,
) -> DecisionWhatIf:
    """The decision on ``app`` as it is and with ``changes`` applied (canonical fact names).

    ``file_flags`` are flag codes the run already raised that a what-if cannot undo (a planted
    instruction, hidden text); income consistency is re-checked on the changed values. Raises
    ``ValueError`` (pydantic's ``ValidationError``) for an unknown lever or an out-of-range value.
    """
    valid = WhatIfChanges(changes=dict(changes)).changes
    if "loan_term_months" in valid:
        valid["loan_term_months"] = float(int(valid["loan_term_months"]))
    scored = (rescore or (lambda a, c: what_if(a, c, bundle=bundle)))(app, dict(valid))
    values = best_values(app)
    product = str(values.get("product") or app.request.product)
    missing = missing_documents(product, {d.kind for d in app.documents})
    base = _snapshot(app, values, scored.base, file_flags, missing)
    changed = _snapshot(app, {**values, **valid}, scored.changed, file_flags, missing)
    before = {f.rule_id: f.status for f in base.findings}
    after = {f.rule_id: f.status for f in changed.findings}
    return DecisionWhatIf(
        changes=valid,
        base=base,
        changed=changed,
        delta_pd_pp=round((scored.changed.pd - scored.base.pd) * 100, 4),
        changed_rules=sorted(r for r in before.keys() | after.keys() if before.get(r) != after.get(r)),
    )
