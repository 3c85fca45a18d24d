"""The risks of a file and what in the file offsets each: failed rules, integrity and consistency
flags, missing documents, hard rules the file cannot answer, and the score's risk-raising reasons.

One risk per subject (a DTI that fails the hard and the soft limit is one risk citing both rules).
A mitigant is a strength of the file on a subject that offsets the risk (residual income against a
high DTI), chosen from :data:`MITIGATED_BY` in order, preferring one not yet used; otherwise the
file has none and the memo says so.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from underwrite.agent.memo.evidence import Evidence, build_sources
from underwrite.agent.memo.phrasing import (
    as_number,
    capital,
    clip,
    code_words,
    comparison,
    render,
    safe_value,
    subject_of,
)
from underwrite.agent.memo.recommendation import INTEGRITY_FLAGS
from underwrite.agent.memo.strengths import Strength
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.memo import RiskItem
from underwrite.core.schemas import FindingStatus, Reason, RuleFinding, Severity

MAX_RISKS = 4
"""The schema's list limit."""
NONE_IN_FILE = "None identified in the file."
MAX_LISTED = 4

_AFFORDABILITY = ("residual_income", "pti", "dti", "employment_years", "guarantors", "pd")
_HISTORY = ("delinquencies_2y", "credit_history", "employment_years", "pd")
_BUSINESS = ("dscr", "guarantors", "business_equity", "years_in_business", "leverage", "pd")
MITIGATED_BY: dict[str, tuple[str, ...]] = {
    "dti": ("residual_income", "pti", "employment_years", "guarantors", "pd"),
    "pti": ("residual_income", "dti", "employment_years", "guarantors", "pd"),
    "lti": ("pti", "residual_income", "employment_years", "guarantors"),
    "residual_income": ("pti", "dti", "employment_years", "guarantors"),
    "employment_years": ("pti", "residual_income", "delinquencies_2y", "credit_history"),
    "delinquencies_2y": ("credit_history", "employment_years", "pti", "residual_income"),
    "credit_history": ("delinquencies_2y", "employment_years", "pti", "residual_income"),
    "inquiries_6m": ("delinquencies_2y", "revolving_utilization_pct", "credit_history"),
    "revolving_utilization_pct": ("delinquencies_2y", "pti", "residual_income"),
    "public_records": ("guarantors", "delinquencies_2y"),
    "guarantors": ("pti", "residual_income", "dscr", "leverage"),
    "dscr": ("guarantors", "business_equity", "leverage", "years_in_business"),
    "leverage": ("dscr", "business_equity", "guarantors"),
    "business_ebitda": ("guarantors", "business_equity"),
    "business_equity": ("dscr", "guarantors"),
    "years_in_business": ("dscr", "guarantors", "leverage", "business_equity"),
    "loan_amount": ("lti", *_AFFORDABILITY, "dscr"),
    "loan_term_months": ("pti", "residual_income", "dscr", "guarantors"),
    "monthly_net_income": ("pti", "residual_income", "dti"),
    "monthly_expenses": ("residual_income", "dti"),
    "employment_since_band": ("employment_years", "pti", "residual_income"),
    "checking_account_status": ("residual_income", "delinquencies_2y", "pd"),
    "savings_status": ("residual_income", "pti", "guarantors"),
}
"""Risk subject (a rule subject or a score feature) → strength subjects that offset it, best first."""
DEFAULT_MITIGANTS = (*_AFFORDABILITY, *_HISTORY, *_BUSINESS)

_FLAG_TEXT = {
    "prompt_injection_suspected": "Prompt injection suspected: a document contains text that reads like "
    "instructions to the reader or to an automated system",
    "document_hidden_text": "A document carries hidden text (white or tiny print), an integrity flag",
    "income_inconsistent": "Income is inconsistent across the documents",
    "statistical_outlier": "The application is a statistical outlier against the score model's training "
    "population, so the score alone is not relied on",
}
_INCOME_EVIDENCE = {
    "monthly_net_income": "stated net income",
    "payslip_net_pay": "pay slip net pay",
    "statement_avg_monthly_deposits": "average monthly deposits",
}


@dataclass
class Risk:
    subject: str
    text: str
    citations: list[str] = field(default_factory=list)
    from_score: bool = False
    """A score reason: the score's own low PD cannot offset a part of itself."""


def _failed_rule_risks(ev: Evidence) -> tuple[list[Risk], list[Risk]]:
    """(hard, soft) risks from failed rules, one per subject, the most severe rule first."""
    by_subject: dict[str, list[RuleFinding]] = {}
    for f in ev.findings:
        if f.status == FindingStatus.failed:
            by_subject.setdefault(f.subject, []).append(f)
    hard: list[Risk] = []
    soft: list[Risk] = []
    for subject, failed in by_subject.items():
        failed.sort(key=lambda f: f.severity != Severity.hard)
        worst = failed[0]
        ids = ", ".join(f.rule_id for f in failed)
        kind = "hard" if worst.severity == Severity.hard else "soft"
        numeric = as_number(worst.value) is not None and as_number(worst.limit) is not None
        what = capital(comparison(worst)) if numeric else worst.message.rstrip(".")
        text = f"{what} ({ids}, {worst.section_id}, {kind} rule not met)."
        cites = [f"rule:{f.rule_id}" for f in failed]
        (hard if kind == "hard" else soft).append(Risk(subject, text, cites))
    return hard, soft


def _flag_risks(ev: Evidence, facts: Collection[str]) -> list[Risk]:
    sections = {p.section_id for p in ev.policy}
    out: list[Risk] = []
    codes = sorted(set(ev.flag_codes), key=lambda c: (c not in INTEGRITY_FLAGS, c))
    for code in codes:
        if code not in INTEGRITY_FLAGS and not code.startswith("document_"):
            continue
        text = _FLAG_TEXT.get(code) or f"Document flag: {code_words(code)}"
        cites: list[str] = []
        if code == "income_inconsistent":
            shown = [n for n in _INCOME_EVIDENCE if f"fact:{n}" in facts]
            if shown:
                text += ": " + ", ".join(
                    f"{_INCOME_EVIDENCE[n]} {render('monthly_net_income', ev.facts[n])}" for n in shown
                )
                cites += [f"fact:{n}" for n in shown]
        section = INTEGRITY_FLAGS.get(code)
        if section in sections:
            text += f" ({section})"
            cites.append(f"policy:{section}")
        out.append(Risk(code, text + ".", cites))
    return out


def _missing_documents_risk(ev: Evidence) -> list[Risk]:
    if not ev.missing_documents:
        return []
    kinds = ", ".join(code_words(d) for d in ev.missing_documents)
    return [Risk("missing_documents", f"Required documents missing from the file: {kinds}.")]


def _unevaluated_risk(ev: Evidence) -> list[Risk]:
    """Hard rules the file cannot answer: the decision rests on facts nobody has seen yet."""
    first: dict[str, RuleFinding] = {}
    for f in ev.findings:
        if f.severity == Severity.hard and f.status == FindingStatus.cannot_evaluate:
            first.setdefault(f.subject, f)
    if not first:
        return []
    shown = list(first.values())[:MAX_LISTED]
    listed = ", ".join(f"{subject_of(f.subject).label} ({f.rule_id})" for f in shown)
    more = " and others" if len(first) > MAX_LISTED else ""
    return [
        Risk(
            "unevaluated",
            f"Hard rules could not be evaluated for lack of facts on {listed}{more}.",
            [f"rule:{f.rule_id}" for f in shown],
        )
    ]


def _reason_risks(ev: Evidence, covered: set[str], slots: int) -> list[Risk]:
    """The score's risk-raising reasons not already a failed rule; the last slot takes the rest."""
    seen: set[str] = set()
    reasons = []
    for r in ev.score.reasons:
        if r.contribution <= 0 or r.feature in PROTECTED_FIELDS or r.feature in covered or r.code in seen:
            continue
        seen.add(r.code)
        reasons.append(r)
    if slots <= 0 or not reasons:
        return []

    def words(r: Reason) -> str:
        # a reason text that names a prohibited basis is never quoted; its code still traces it
        return (
            f"{r.code}: {r.text.rstrip('.')}" if safe_value(r.text) else f"{r.code} raises the estimated risk"
        )

    single = reasons[: slots - 1] if len(reasons) > slots else reasons
    out = [Risk(r.feature, f"Score reason {words(r)}.", [f"score:{r.code}"], True) for r in single]
    rest = reasons[len(single) :]
    if rest:
        listed = "; ".join(words(r) for r in rest)
        cites = [f"score:{r.code}" for r in rest]
        out.append(
            Risk(rest[0].feature, f"Further score reasons raising the estimated risk: {listed}.", cites)
        )
    return out


def _lower_first(text: str) -> str:
    """ "No delinquency" → "no delinquency"; "EBITDA" stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _mitigant(risk: Risk, strengths: dict[str, Strength], used: set[str]) -> Strength | None:
    subject = risk.subject
    options = [
        s
        for s in MITIGATED_BY.get(subject, DEFAULT_MITIGANTS)
        if s in strengths and s != subject and not (risk.from_score and s == "pd")
    ]
    fresh = [s for s in options if s not in used]
    picks = fresh or options
    return strengths[picks[0]] if picks else None


def risk_items(
    ev: Evidence, strengths: list[Strength], listed: int, sources: Collection[str] | None = None
) -> list[RiskItem]:
    """The file's risks in order of weight (hard rules, integrity flags, soft rules, missing
    documents, unanswerable hard rules), with one slot kept for the score's own reasons. A mitigant
    among the first ``listed`` strengths (the ones the memo shows) is referred to, not repeated."""
    hard, soft = _failed_rule_risks(ev)
    sources = build_sources(ev) if sources is None else sources
    others = [*hard, *_flag_risks(ev, sources), *soft, *_missing_documents_risk(ev), *_unevaluated_risk(ev)]
    covered = {r.subject for r in [*hard, *soft]}
    has_reasons = any(r.contribution > 0 and r.feature not in covered for r in ev.score.reasons)
    others = others[: MAX_RISKS - 1 if has_reasons else MAX_RISKS]
    risks = others + _reason_risks(ev, covered, MAX_RISKS - len(others))
    by_subject = {s.subject: s for s in strengths}
    shown = {s.subject for s in strengths[:listed]}
    used: set[str] = set()
    items: list[RiskItem] = []
    texts: set[str] = set()
    for risk in risks:
        text = clip(risk.text, 300)
        if text in texts:
            continue
        texts.add(text)
        offset = None if _unoffsettable(risk.subject) else _mitigant(risk, by_subject, used)
        mitigant = NONE_IN_FILE
        cites = list(risk.citations)
        if offset is not None:
            if offset.subject in shown or offset.subject in used:
                mitigant = f"Offset by {offset.short}, noted above."
            else:
                mitigant = f"Offset: {_lower_first(offset.text)}"
            used.add(offset.subject)
            mitigant = clip(mitigant, 300)
            cites += [c for c in offset.citations if c not in cites]
        items.append(RiskItem(risk=text, mitigant=mitigant, citations=cites))
    return items


def _unoffsettable(subject: str) -> bool:
    """Flags, missing documents and unanswerable rules: no strength of the file answers them, a
    person must look at the documents themselves."""
    return subject in INTEGRITY_FLAGS or subject.startswith("document_") or subject in _NO_OFFSET


_NO_OFFSET = frozenset({"missing_documents", "unevaluated"})
