"""Turn a graph outcome into the memo scorers' typed case, independently of the agent's verifier.

Allowed numbers are those the state holds (non-protected facts, ratios, PD, reason texts, rule
findings, retrieved policy text, precedents); valid citation ids follow the catalogue's documented
scheme (``fact:``, ``ratio:``, ``score:``, ``rule:``, ``policy:``, ``case:``) rebuilt here from the
state, so a catalogue bug cannot hide a bad citation.
"""

from __future__ import annotations

import json
from typing import Any

from underwrite.core.fields import FIELDS, PROTECTED_FIELDS
from underwrite.evals.scorers.memo import MemoCase, numbers_in
from underwrite.evals.scorers.memo_meaning import MeaningCase
from underwrite.evals.suites.packet_lab import GraphOutcome

FABRICATED_NARRATIVE: dict[str, Any] = {
    # What a model that invents figures and sources would write: every number and citation is false.
    "summary": {
        "text": "The applicant earns 987,654 a month and holds 250,000 in savings.",
        "citations": ["fact:monthly_net_income", "fact:savings_balance_exact"],
    },
    "strengths": [{"text": "Debt-to-income of 3.2% is far below the limit.", "citations": ["ratio:dti"]}],
    "risks_and_mitigants": [
        {"risk": "None of note.", "mitigant": "Collateral worth 1,500,000.", "citations": ["case:X-999"]}
    ],
    "recommendation": "approve",
    "recommendation_rationale": {
        "text": "Approve: PD of 0.1% under policy CP-99.9 guarantees repayment.",
        "citations": ["policy:CP-99.9"],
    },
    "conditions": [],
    "adverse_action_codes": [],
}


def fabricated_reply_text() -> str:
    return json.dumps(FABRICATED_NARRATIVE)


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [float(value)]
    return [v for _shown, v in numbers_in(str(value), [])]


def memo_case(outcome: GraphOutcome) -> MemoCase:
    run, memo = outcome.run, outcome.memo
    ratios = run.ratios.as_values()
    score = run.score
    findings, policy, precedents = run.findings, run.policy, run.precedents
    excepted = {e.rule_id for e in run.exceptions}
    facts = {k: v for k, v in run.values.items() if k not in ratios and k not in PROTECTED_FIELDS}

    allowed: list[float] = [float(score.pd)]
    for value in [*facts.values(), *ratios.values()]:
        allowed += _numbers(value)
    for r in score.reasons:
        allowed += _numbers(r.text)
    for f in findings:
        allowed += _numbers(f.value) + _numbers(f.limit) + _numbers(f.message)
    for p in policy:
        allowed += _numbers(f"{p.title} {p.text}")
    for c in precedents:
        allowed += [float(c.similarity), *_numbers(c.summary)]
        allowed += [n for v in c.metadata.values() for n in _numbers(v)]

    valid = {f"fact:{k}" for k, v in facts.items() if v is not None}
    valid |= {f"ratio:{k}" for k, v in ratios.items() if v is not None}
    valid |= {"score:pd", *(f"score:{r.code}" for r in score.reasons)}
    valid |= {f"rule:{f.rule_id}" for f in findings}
    valid |= {f"policy:{p.section_id}" for p in policy}
    valid |= {f"case:{c.case_id}" for c in precedents}

    identifiers = [
        outcome.application_id,
        score.grade,
        *valid,
        *(f.section_id for f in findings),
        *(f.rule_id for f in findings),
        *(p.section_id for p in policy),
        *(r.code for r in score.reasons),
        *(c.case_id for c in precedents),
    ]
    cited = memo.narrative.cited_texts()
    return MemoCase(
        case_id=outcome.application_id,
        texts=[(loc, text) for loc, text, _c in cited],
        allowed_numbers=allowed,
        identifiers=identifiers,
        citations=[c for _loc, _text, cites in cited for c in cites],
        valid_sources=frozenset(valid),
        recommendation=outcome.recommendation,
        hard_failures=[
            f.rule_id
            for f in findings
            if f.severity.value == "hard" and f.status.value == "fail" and f.rule_id not in excepted
        ],
        narrative_source=str(memo.verification.narrative_source.value),
        first_draft_violations=len(memo.verification.violations_first_draft),
        flags=[f.code for f in memo.flags if "fallback" in f.code],
    )


def meaning_case(outcome: GraphOutcome) -> MeaningCase:
    """The memo for the independent meaning check, with everything its sources say, from the run."""
    run, memo = outcome.run, outcome.memo
    parts: list[str] = [outcome.application_id]
    for name, value in run.values.items():
        if name not in PROTECTED_FIELDS and value is not None:
            parts += [name.replace("_", " "), FIELDS[name].label if name in FIELDS else "", str(value)]
    parts += [f"{r.code} {r.text}" for r in run.score.reasons] if run.score else []
    parts += [f"{f.rule_id} {f.section_id} {f.subject} {f.message}" for f in run.findings]
    parts += [f"{p.section_id} {p.title} {p.text}" for p in run.policy]
    parts += [f"{c.case_id} {c.summary}" for c in run.precedents]
    parts += [f.code for f in memo.flags] + list(run.missing_documents)
    return MeaningCase(
        case_id=outcome.application_id,
        statements=[(loc, text, list(cites)) for loc, text, cites in memo.narrative.cited_texts()],
        source_text=" ".join(parts).lower(),
        origins=dict(memo.narrative.origins),
    )
