"""Builds the full :class:`Memo` from the state and a verified narrative. Tables come from code."""

from __future__ import annotations

from datetime import UTC, datetime

from underwrite import __version__
from underwrite.agent.memo.evidence import Evidence, build_sources
from underwrite.agent.memo.phrasing import fmt_value
from underwrite.agent.memo.recommendation import policy_recommendation
from underwrite.core.fields import FIELDS, PROTECTED_FIELDS, FieldKind
from underwrite.core.memo import (
    AdverseActionReason,
    Citation,
    ClaimOrigin,
    FindingRow,
    Memo,
    MemoFlag,
    MemoNarrative,
    NarrativeSource,
    RatioRow,
    ReasonRow,
    ScoreSection,
    SummaryRow,
    VerificationStatus,
    Versions,
)
from underwrite.core.schemas import Recommendation

_BORROWER_FIELDS = (
    "applicant_name",
    "business_name",
    "employment_status",
    "job_category",
    "employment_years",
    "employer_name",
    "monthly_net_income",
    "annual_income",
    # what the debt-to-income and residual-income ratios are computed from: the committee checks them
    "monthly_debt_payments",
    "monthly_housing_cost",
    "monthly_expenses",
    "housing_status",
    "dependents",
    "years_in_business",
    "business_annual_revenue",
    "business_ebitda",
)
_REQUEST_FIELDS = ("product", "loan_amount", "loan_term_months", "loan_purpose", "interest_rate_pct")
_RATIO_LABELS = {
    "monthly_payment": "New monthly instalment (EUR)",
    "dti": "Debt-to-income",
    "pti": "Payment-to-income",
    "lti": "Loan-to-income",
    "residual_income": "Residual income (EUR/month)",
    "dscr": "Debt service coverage",
    "leverage": "Leverage (debt / EBITDA)",
}
_FRACTION_RATIOS = {"dti", "pti"}


def _with_unit(name: str, value: object) -> str:
    """A summary cell as an underwriter reads it: "EUR 7,800.00", "30 months", "6 years", not bare
    numbers whose unit the label only implies."""
    kind = FIELDS[name].kind
    if isinstance(value, bool) or not isinstance(value, int | float):
        return fmt_value(value)
    whole = float(value).is_integer()
    if kind is FieldKind.money:
        # "Existing debt payments EUR 327.30" does not say per what; the monthly fields' labels mostly don't
        monthly = name.startswith("monthly_") and "monthly" not in FIELDS[name].label.lower()
        # cents always: fmt_value writes amounts under 1 as ratios ("EUR 0.0000" for no rent)
        return f"EUR {float(value):,.2f}" + ("/month" if monthly else "")
    if kind in (FieldKind.months, FieldKind.years):
        unit = kind.value if value != 1 else kind.value.removesuffix("s")
        return f"{int(value) if whole else fmt_value(float(value))} {unit}"
    if kind is FieldKind.percent:
        return f"{value:g}%"
    return fmt_value(int(value) if whole and kind is FieldKind.integer else value)


def _rows(ev: Evidence, names: tuple[str, ...]) -> list[SummaryRow]:
    rows = []
    for name in names:
        value = ev.facts.get(name)
        if value is None or name in PROTECTED_FIELDS:
            continue
        rows.append(
            SummaryRow(label=FIELDS[name].label, value=_with_unit(name, value), source_id=f"fact:{name}")
        )
    return rows


def _ratio_display(name: str, value: float | None) -> str:
    if value is None:
        return "n/a (inputs missing)"
    return f"{value * 100:.1f}%" if name in _FRACTION_RATIOS else fmt_value(value)


def with_origins(narrative: MemoNarrative, source: NarrativeSource) -> MemoNarrative:
    """Every statement's origin: as recorded by the claims path, else the whole narrative's."""
    default: ClaimOrigin = {NarrativeSource.llm: "llm", NarrativeSource.repaired: "repaired"}.get(
        source, "deterministic"
    )  # type: ignore[assignment]
    origins = {loc: narrative.origins.get(loc, default) for loc, _t, _c in narrative.cited_texts()}
    return narrative.model_copy(update={"origins": origins})


PREPARED_BY = f"underwrite {__version__} (automated draft for an underwriter's review)"


def assemble_memo(
    ev: Evidence,
    narrative: MemoNarrative,
    *,
    versions: Versions,
    flags: list[MemoFlag],
    verification: VerificationStatus,
    prepared_at: datetime | None = None,
) -> Memo:
    """The memo around ``narrative``, dated ``prepared_at`` (now, UTC, unless given)."""
    sources = build_sources(ev)
    reasons = {r.code: r for r in ev.score.reasons}
    narrative = with_origins(narrative, verification.narrative_source)
    citations = [
        Citation(claim=location, source_id=cid, source_label=sources[cid].label)
        for location, _text, cites in narrative.cited_texts()
        for cid in cites
        if cid in sources
    ]
    adverse = (
        [
            AdverseActionReason(code=c, text=reasons[c].text)
            for c in narrative.adverse_action_codes
            if c in reasons
        ]
        if narrative.recommendation == Recommendation.decline
        else []
    )
    return Memo(
        application_id=ev.application_id,
        borrower_summary=_rows(ev, _BORROWER_FIELDS),
        request_summary=_rows(ev, _REQUEST_FIELDS),
        ratios=[
            RatioRow(
                name=n,
                label=_RATIO_LABELS.get(n, n),
                value=v,
                display=_ratio_display(n, v),
                source_id=f"ratio:{n}",
            )
            for n, v in ev.ratios.items()
        ],
        score=ScoreSection(
            pd=ev.score.pd,
            grade=ev.score.grade,
            model_version=ev.score.model_version,
            reasons=[
                ReasonRow(code=r.code, text=r.text, contribution=r.contribution) for r in ev.score.reasons
            ],
        ),
        policy_findings=[
            FindingRow(
                rule_id=f.rule_id,
                section_id=f.section_id,
                subject=f.subject,
                value=f.value,
                operator=f.operator,
                limit=f.limit,
                severity=f.severity,
                status=f.status,
                message=f.message,
            )
            for f in ev.findings
        ],
        precedents=list(ev.precedents),
        narrative=narrative,
        policy_recommendation=policy_recommendation(ev),
        recommendation=narrative.recommendation,
        conditions=[c.text for c in narrative.conditions],
        adverse_action_reasons=adverse,
        citations=citations,
        versions=versions,
        flags=flags,
        verification=verification,
        facts_used={k: v for k, v in ev.facts.items() if k not in PROTECTED_FIELDS},
        prepared_at=prepared_at or datetime.now(UTC),
        prepared_by=PREPARED_BY,
    )
