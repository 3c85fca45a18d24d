"""The part of the source catalogue a narrative needs, written compactly for the prompt.

The embedded model is small and runs on a CPU, where every prompt token costs time: a memo prompt
listing every fact, every passed rule and the full text of eight policy sections ran to several
thousand tokens. The narrative only needs the request, income and credit facts, the ratios, the
score and its reasons, the findings that did not pass (plus the passed hard limits on ratios, which
are the affordability story), the sections those findings cite and the closest precedents. The
constrained schema offers exactly these ids as citations; the verifier still checks the narrative
against the whole catalogue.
"""

from __future__ import annotations

from underwrite.agent.memo.evidence import Evidence, Source, build_sources
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.schemas import FindingStatus, Severity

NARRATIVE_FACTS = (
    "loan_amount",
    "loan_term_months",
    "loan_purpose",
    "monthly_net_income",
    "employment_status",
    "employment_years",
    "monthly_housing_cost",
    "monthly_debt_payments",
    "statement_avg_monthly_deposits",
    "credit_history",
    "delinquencies_2y",
    "public_records",
    "business_name",
    "years_in_business",
    "business_annual_revenue",
    "business_ebitda",
    "business_total_debt",
)
MAX_PRECEDENTS_SHOWN = 3
MAX_POLICY_SHOWN = 4


def _compact(src: Source, detail: str) -> Source:
    return src.model_copy(update={"detail": detail})


def narrative_sources(ev: Evidence) -> list[Source]:
    """Sources shown to the model for this application, in prompt order."""
    full = build_sources(ev)
    ratio_names = {n for n, v in ev.ratios.items() if v is not None}
    findings = [
        f
        for f in ev.findings
        if f.status is not FindingStatus.passed or (f.severity is Severity.hard and f.subject in ratio_names)
    ]
    open_sections = [f.section_id for f in ev.findings if f.status is not FindingStatus.passed]
    retrieved = [p.section_id for p in sorted(ev.policy, key=lambda p: -p.score)]
    sections = list(dict.fromkeys([*open_sections, *retrieved[:1]]))[:MAX_POLICY_SHOWN]
    out: list[Source] = []
    for name in NARRATIVE_FACTS:
        src = full.get(f"fact:{name}")
        if src is not None:
            out.append(_compact(src, f"{src.label} = {ev.facts[name]}"))
    out += [full[f"ratio:{n}"] for n in ev.ratios if f"ratio:{n}" in full]
    out.append(full["score:pd"])
    out += [
        full[f"score:{r.code}"]
        for r in ev.score.reasons
        if r.feature not in PROTECTED_FIELDS and f"score:{r.code}" in full
    ]
    for f in findings:
        src = full[f"rule:{f.rule_id}"]
        status = f"{f.status.value}, {f.severity.value}, {f.section_id}"
        if f.value is None:  # the message already names the missing input; no value, no limit test
            detail = f"{f.message} — {status}"
        else:
            detail = f"{f.message}: {f.subject} {f.value} (limit {f.operator} {f.limit}) — {status}"
        out.append(_compact(src, detail))
    for section_id in sections:
        src = full.get(f"policy:{section_id}")
        if src is not None:
            title = next((p.title for p in ev.policy if p.section_id == section_id), "")
            out.append(_compact(src, title or section_id))
    for c in ev.precedents[:MAX_PRECEDENTS_SHOWN]:
        src = full[f"case:{c.case_id}"]
        out.append(
            _compact(src, f"similar case ({c.similarity:.2f}): decision {c.decision}, outcome {c.outcome}")
        )
    return out
