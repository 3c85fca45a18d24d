"""The deterministic narrative passes its own verifier on every kind of file: a sweep over
generated German and SME files (whole, with most facts missing, bare, flagged), rendered and
hand-made packets, and fuzzed values (issue 14 part 4)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from memo_evidence import ALL_DOCUMENTS, evidence_from_packet, evidence_from_values

from underwrite.agent.memo import Evidence, verify_narrative
from underwrite.agent.memo.fallback import build_narrative
from underwrite.core.datasets import load_dataset
from underwrite.core.schemas import Recommendation
from underwrite.synth.generate import PACKET_DATASETS, build_truth, generate_packets, packet_rows

SEED = 20261201
TRUTHS_PER_DATASET = 40


def _verified(ev: Evidence) -> list[str]:
    """Violations of the narrative as built (before the safety net drops anything), as text."""
    return [str(v) for v in verify_narrative(build_narrative(ev), ev)]


def _truth_values(dataset: str, n: int) -> list[tuple[str, dict[str, object]]]:
    ds = load_dataset(PACKET_DATASETS[dataset][0])
    out = []
    for row in packet_rows(ds, n, SEED):
        record = {str(k): v for k, v in ds.frame.iloc[row].to_dict().items()}
        truth = build_truth(dataset, row, record, SEED)
        out.append((truth.application_id, dict(truth.fields)))
    return out


@pytest.fixture(scope="module")
def truths() -> list[tuple[str, dict[str, object]]]:
    return [t for d in PACKET_DATASETS for t in _truth_values(d, TRUTHS_PER_DATASET)]


def _sweep(truths: list[tuple[str, dict[str, object]]]) -> list[Evidence]:
    """Every truth as a full file, then with most facts missing, no reasons, only flags, no
    precedents, no documents: the kinds of file the hand-made packets were."""
    rng = random.Random(SEED)
    out: list[Evidence] = []
    flags = [
        "prompt_injection_suspected",
        "document_hidden_text",
        "statistical_outlier",
        "document_unreadable",
    ]
    for app_id, values in truths:
        out.append(evidence_from_values(app_id, values, rng))
        sparse = {k: v for k, v in values.items() if rng.random() < 0.15}
        out.append(evidence_from_values(f"{app_id}-sparse", sparse, rng, documents={"cover_letter"}))
        out.append(
            evidence_from_values(f"{app_id}-bare", {}, rng, documents=set(), n_reasons=0, precedents=False)
        )
        out.append(
            evidence_from_values(
                f"{app_id}-flags", values, rng, flag_codes=rng.sample(flags, rng.randint(1, 3)), n_reasons=0
            )
        )
        out.append(evidence_from_values(f"{app_id}-many", values, rng, n_reasons=8, precedents=False))
    return out


def test_sweep_over_generated_truths_always_verifies(truths: list[tuple[str, dict[str, object]]]) -> None:
    cases = _sweep(truths)
    assert len(cases) == 5 * TRUTHS_PER_DATASET * len(PACKET_DATASETS)
    failures = {ev.application_id: errors for ev in cases if (errors := _verified(ev))}
    assert failures == {}
    # the sweep covers what it claims: every recommendation, SME and consumer files, empty strengths
    recs = {build_narrative(ev).recommendation for ev in cases}
    assert recs == set(Recommendation) - {Recommendation.approve} or recs == set(Recommendation)
    assert any(ev.facts.get("product") == "sme_term_loan" for ev in cases)


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("packets")
    return [p for d in PACKET_DATASETS for p in generate_packets(d, 3, out, seed=SEED)]


HAND_MADE = {
    "email": "From: j.doe@example.com\nSubject: loan\n\nHello, I would like to borrow 8,000 euros for a "
    "kitchen. I earn about 2,300 a month after tax and have worked at the bakery for four years.",
    "cover_letter": "Dear Sir or Madam,\n\nI am applying for a loan of EUR 12,000 over 48 months to "
    "renovate my flat. My rent is 650 EUR a month.\n\nYours faithfully,\nA. Applicant",
    "csv_export": "date,description,amount\n2025-05-01,SALARY,2450.00\n2025-05-03,RENT,-700.00\n"
    "2025-06-01,SALARY,2450.00\n2025-06-03,RENT,-700.00\n",
    "chinese_form": "贷款申请表\n姓名：王小明\n贷款金额：50000\n期限：24个月\n月收入：8000\n",
    "sme_pnl": "Profit and loss 2024\nRevenue 410,000\nCost of sales 250,000\nEBITDA 61,000\n"
    "Net profit 32,000\nRequested: business term loan of 60,000 over 36 months",
    "plain_form": "APPLICATION FORM\nLoan amount: 6,143.00\nTerm: 27 months\nPurpose: business\n"
    "Net monthly income: 253.00\n",
}


def test_generated_and_hand_made_packets_always_verify(packets: list[Path], tmp_path: Path) -> None:
    rng = random.Random(SEED)
    folders = list(packets)
    for name, text in HAND_MADE.items():
        folder = tmp_path / f"HAND-{name}"
        folder.mkdir()
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        folders.append(folder)
    evidence = [evidence_from_packet(p, rng) for p in folders]
    assert {ev.application_id: errors for ev in evidence if (errors := _verified(ev))} == {}
    # the hand-made files are what crashed the workflow: few facts, nothing comfortably met
    hand = [ev for ev in evidence if ev.application_id.startswith("HAND-")]
    assert any(build_narrative(ev).strengths[0].text.startswith("No strength stands out") for ev in hand)


def _random_values(rng: random.Random) -> dict[str, object]:
    """Values nobody would write down: zeros, negatives, huge amounts, odd categories, gaps."""
    pick = rng.choice
    values: dict[str, object] = {
        "product": pick(["consumer_instalment", "sme_term_loan"]),
        "loan_amount": pick([None, 0.0, 500.0, 6143.0, 49_999.99, 2_000_000.0]),
        "loan_term_months": pick([None, 1, 27, 84, 240]),
        "loan_purpose": pick([None, "car (used)", "汽车", "BUSINESS", "repairs 2024-05-01", "for my 2 kids"]),
        "monthly_net_income": pick([None, 0.0, 253.0, 2450.5, 99_000.0]),
        "monthly_debt_payments": pick([None, 0.0, 150.0, 5000.0]),
        "monthly_housing_cost": pick([None, 0.0, 650.0]),
        "monthly_expenses": pick([None, 0.0, 1200.0]),
        "employment_years": pick([None, 0.0, 0.4, 1.0, 12.5]),
        "delinquencies_2y": pick([None, 0, 1, 3]),
        "inquiries_6m": pick([None, 0, 4, 9]),
        "revolving_utilization_pct": pick([None, 0.0, 84.9, 120.0]),
        "credit_history": pick(
            [None, "delay in paying off in the past", "all credits at this bank paid back duly"]
        ),
        "public_records": pick([None, "yes", "no"]),
        "guarantors": pick([None, "none", "guarantor", "co-applicant"]),
        "years_in_business": pick([None, 0, 2, 3, 40]),
        "business_annual_revenue": pick([None, 0.0, 410_000.0]),
        "business_ebitda": pick([None, -5000.0, 0.0, 61_000.0]),
        "business_total_debt": pick([None, 0.0, 300_000.0]),
        "business_existing_debt_service": pick([None, 0.0, 12_000.0]),
        "business_equity": pick([None, -1.0, 76_752.0]),
        "payslip_net_pay": pick([None, 1200.0, 2450.0]),
        "statement_avg_monthly_deposits": pick([None, 900.0, 2500.0]),
        "age_years": pick([None, 19, 77]),
    }
    return {k: v for k, v in values.items() if v is not None}


def test_fuzzed_files_always_verify() -> None:
    rng = random.Random(SEED)
    flags = [
        "prompt_injection_suspected",
        "document_page_2_blank",
        "income_inconsistent",
        "llm_facts_dropped",
    ]
    failures = {}
    for i in range(200):
        ev = evidence_from_values(
            f"FUZZ-{i}",
            _random_values(rng),
            rng,
            documents=set(rng.sample(sorted(ALL_DOCUMENTS), rng.randint(0, 6))),
            flag_codes=rng.sample(flags, rng.randint(0, 2)),
            n_reasons=rng.randint(0, 6),
        )
        if errors := _verified(ev):
            failures[ev.application_id] = errors
    assert failures == {}
