"""Evidence for the memo tests built the way the workflow builds it (no LLM, no trained model).

Values go through the real ratios, rules, consistency checks and required-document list; policy
sections come from the real manual; the score is synthetic (a PD and risk-raising reasons worded
through the real reason table with the application's own values), since training a model per
test is not what these tests are about.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from underwrite.agent.memo import Evidence, PolicyEvidence
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.precedent import PrecedentHit
from underwrite.core.schemas import FactValue, Reason, Score
from underwrite.tools.checks.consistency import check_income_consistency
from underwrite.tools.checks.ratios import compute_ratios
from underwrite.tools.intake.packet import best_values, load_application
from underwrite.tools.policy.manual import load_manual
from underwrite.tools.policy.rules import evaluate_rules
from underwrite.tools.policy.table import grade_for_pd, missing_documents
from underwrite.tools.scoring.reasons import default_reason_table

ALL_DOCUMENTS = {
    "application_form",
    "bank_statement",
    "payslip",
    "credit_report",
    "profit_and_loss",
    "cover_letter",
}


def _shown(value: FactValue) -> str:
    """The value as the reason table prints it (``reasons._show``)."""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return str(value)


def synthetic_score(
    values: Mapping[str, FactValue], rng: random.Random, n_reasons: int | None = None
) -> Score:
    pd = rng.choice([0.004, 0.015, 0.03, 0.07, 0.15, 0.28, 0.5, 0.8])
    table = default_reason_table()
    inputs = [k for k, v in values.items() if v is not None and k not in PROTECTED_FIELDS | {"product"}]
    rng.shuffle(inputs)
    count = rng.randint(0, 4) if n_reasons is None else n_reasons
    reasons = []
    for i, name in enumerate(inputs[:count]):
        entry = table.entry(name)
        text = entry.text.replace("{value}", _shown(values[name])).replace(
            "{feature}", name.replace("_", " ")
        )
        reasons.append(Reason(code=entry.code, feature=name, text=text, contribution=round(0.5 / (i + 1), 4)))
    return Score(pd=pd, grade=grade_for_pd(pd), model_version="synthetic", reasons=reasons)


def evidence_from_values(
    application_id: str,
    values: Mapping[str, FactValue],
    rng: random.Random,
    *,
    documents: set[str] | None = None,
    flag_codes: list[str] | None = None,
    n_reasons: int | None = None,
    precedents: bool = True,
) -> Evidence:
    product = "sme_term_loan" if values.get("product") == "sme_term_loan" else "consumer_instalment"
    ratios = compute_ratios(values).as_values()
    merged = {**values, **{k: v for k, v in ratios.items() if v is not None}}
    findings = evaluate_rules(merged, product)
    flags = {"income_inconsistent" for c in check_income_consistency(merged) if not c.ok}
    flags |= set(flag_codes or [])
    sections = {s.section_id: s for s in load_manual()}
    wanted = [f.section_id for f in findings] + ["CP-8.4", "CP-5.2", "CP-13.1"]
    policy = [
        PolicyEvidence(section_id=sid, title=sections[sid].title, text=sections[sid].text, score=0.5)
        for sid in dict.fromkeys(wanted)
        if sid in sections and rng.random() < 0.7
    ]
    cases = [
        PrecedentHit(
            case_id=f"german-{rng.randint(0, 999):04d}",
            similarity=round(rng.random(), 2),
            decision=rng.choice(["approve", "decline"]),
            outcome=rng.choice(["repaid", "defaulted", None]),
            summary=f"Loan of {rng.randint(500, 20000)} over {rng.randint(6, 60)} months",
            metadata={"amount": rng.randint(500, 20000)},
        )
        for _ in range(rng.randint(0, 3) if precedents else 0)
    ]
    return Evidence(
        application_id=application_id,
        facts={k: v for k, v in values.items() if k not in ratios},
        ratios=ratios,
        score=synthetic_score(merged, rng, n_reasons),
        findings=findings,
        policy=policy,
        precedents=cases,
        missing_documents=missing_documents(product, documents if documents is not None else ALL_DOCUMENTS),
        flag_codes=sorted(flags),
    )


def evidence_from_packet(packet: Path, rng: random.Random) -> Evidence:
    """A packet folder read as the workflow reads it (rule extraction only: no LLM prose facts)."""
    app, _ = load_application(packet)
    values: dict[str, Any] = best_values(app)
    kinds = {d.kind for d in app.documents if d.kind}
    return evidence_from_values(app.application_id, values, rng, documents=kinds)
