"""Synthetic state and scripted doubles for the agent tests (no real LLM, no real model)."""

from __future__ import annotations

from underwrite.agent.memo import CitedText, Evidence, MemoNarrative, PolicyEvidence
from underwrite.core.precedent import PrecedentHit
from underwrite.core.schemas import (
    FindingStatus,
    Reason,
    Recommendation,
    RuleFinding,
    Score,
    Severity,
)
from underwrite.tools.policy.rules import grade_for_pd


def make_score(pd: float = 0.04) -> Score:
    return Score(
        pd=pd,
        grade=grade_for_pd(pd),
        model_version="german-lgbm-test",
        reasons=[
            Reason(
                code="R03",
                feature="checking_account_status",
                text="No checking account balance",
                contribution=0.41,
            ),
            Reason(code="R07", feature="loan_term_months", text="Long requested term", contribution=0.22),
            Reason(code="R99", feature="age_years", text="Applicant age", contribution=0.10),
        ],
    )


def make_finding(
    rule_id: str = "AFF-01",
    status: FindingStatus = FindingStatus.passed,
    severity: Severity = Severity.hard,
    value: float = 0.3512,
    limit: float = 0.45,
) -> RuleFinding:
    return RuleFinding(
        rule_id=rule_id,
        section_id="CP-4.2",
        subject="dti",
        operator="<=",
        limit=limit,
        value=value,
        severity=severity,
        status=status,
        message="DTI within the 45% limit",
    )


def make_evidence(*, hard_fail: bool = False, pd: float = 0.04) -> Evidence:
    findings = [make_finding()]
    if hard_fail:
        findings.append(make_finding("ELIG-02", FindingStatus.failed, Severity.hard, value=0.7, limit=0.5))
    return Evidence(
        application_id="german-0007",
        facts={
            "loan_amount": 12500.0,
            "loan_term_months": 36,
            "monthly_net_income": 2450.0,
            "loan_purpose": "car (used)",
            "applicant_name": "Erika Mustermann",
            "age_years": 41,
        },
        ratios={"dti": 0.3512, "pti": 0.1642, "monthly_payment": 400.42, "residual_income": 812.3},
        score=make_score(pd),
        findings=findings,
        policy=[
            PolicyEvidence(
                section_id="CP-4.2",
                title="Debt-to-income limit",
                text="Total DTI must not exceed 45% of net income.",
                score=0.8,
            )
        ],
        precedents=[
            PrecedentHit(
                case_id="german-0420",
                similarity=0.87,
                decision="approve",
                outcome="repaid",
                summary="Used car, 24 months",
            )
        ],
    )


def clean_narrative(rec: Recommendation = Recommendation.approve) -> MemoNarrative:
    return MemoNarrative(
        summary=CitedText(
            text="The applicant requests EUR 12,500 over 36 months for a used car.",
            citations=["fact:loan_amount", "fact:loan_term_months"],
        ),
        strengths=[
            CitedText(
                text="DTI of 35.1% is inside the 45% limit of CP-4.2.",
                citations=["ratio:dti", "policy:CP-4.2"],
            )
        ],
        recommendation=rec,
        recommendation_rationale=CitedText(
            text="PD of 4% (grade B) with all rules met supports approval.",
            citations=["score:pd", "rule:AFF-01"],
        ),
    )


# --- graph doubles ----------------------------------------------------------------------------------

import hashlib  # noqa: E402
from collections.abc import Callable, Mapping  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402
from typing import Any  # noqa: E402

from pydantic import BaseModel  # noqa: E402

from underwrite.agent.deps import Deps  # noqa: E402
from underwrite.core.schemas import (  # noqa: E402
    Application,
    Document,
    Fact,
    FactMethod,
    LoanRequest,
    MediaType,
    Page,
    SourceSpan,
)
from underwrite.records.audit import AuditLog  # noqa: E402

COVER_LETTER = (
    "Dear lender, I would like to buy a used car to commute to work. "
    "I have been with my employer for 6 years and my rent is 600 EUR a month."
)


def _doc(kind: str, text: str) -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(
        doc_id=sha[:16],
        filename=f"{kind}.txt",
        media_type=MediaType.text,
        sha256=sha,
        size_bytes=len(text),
        pages=[Page(number=1, text=text)],
        kind=kind,
    )


def fake_application(packet_dir: Path, *, extra_text: str = "") -> Application:
    form = _doc(
        "application_form",
        "Name: Erika Mustermann\nLoan amount: 12,500.00\nTerm: 36 months\n"
        "Net monthly income: 2,450.00\nOther debt payments: 150.00",
    )
    docs = [
        form,
        _doc("payslip", "Net pay 2,450.00"),
        _doc("bank_statement", "Avg deposits 2,500.00"),
        _doc("credit_report", "Delinquencies (30+ days, last 24 months): 0"),
        _doc("cover_letter", COVER_LETTER + extra_text),
    ]

    def fact(name: str, value: Any) -> Fact:
        return Fact(
            name=name,
            value=value,
            method=FactMethod.rule,
            source=SourceSpan(doc_id=form.doc_id, page=1, start=0, end=4, quote="Name"),
        )

    facts = [
        fact("applicant_name", "Erika Mustermann"),
        fact("loan_amount", 12500.0),
        fact("loan_term_months", 36),
        fact("monthly_net_income", 2450.0),
        fact("monthly_debt_payments", 150.0),
        fact("payslip_net_pay", 2450.0),
        fact("statement_avg_monthly_deposits", 2500.0),
        fact("loan_purpose", "car (used)"),
    ]
    return Application(
        application_id=packet_dir.name,
        request=LoanRequest(amount=12500.0, term_months=36),
        documents=docs,
        facts=facts,
    )


Reply = BaseModel | Exception | Callable[[list[dict[str, Any]]], BaseModel]


@dataclass
class ScriptedLLM:
    """Replies from a script, per output schema name; records every prompt it was sent."""

    script: dict[str, list[Reply]] = field(default_factory=dict)
    calls: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)

    def structured(self, messages: list[dict[str, Any]], schema: type[BaseModel], **kw: Any) -> Any:
        self.calls.append((schema.__name__, messages))
        queue = self.script.get(schema.__name__, [])
        if not queue:
            return (
                schema.model_validate({"facts": []})
                if schema.__name__ == "ExtractedFacts"
                else _no_reply(schema)
            )
        reply = queue.pop(0)
        if isinstance(reply, Exception):
            raise reply
        result = reply if isinstance(reply, BaseModel) else reply(messages)
        on_text = kw.get("on_text")
        if on_text is not None:  # streamed as the real client does: the JSON in pieces
            text = result.model_dump_json()
            for start in range(0, len(text), 16):
                on_text(text[start : start + 16])
        return result

    def chat(
        self, messages: list[dict[str, Any]], tools: Any = None, tool_choice: Any = None, **kw: Any
    ) -> Any:
        self.calls.append(("chat", messages))
        queue = self.script.get("chat", [])
        text = queue.pop(0) if queue else "No scripted answer."
        return SimpleNamespace(text=text, tool_calls=[], usage=None, latency_s=0.0)

    def stream(self, messages: list[dict[str, Any]]) -> Any:
        # pieces as a server streams them: each word after the first with its leading space
        words = self.chat(messages).text.split(" ")
        yield from (w if i == 0 else " " + w for i, w in enumerate(words))


def _no_reply(schema: type[BaseModel]) -> BaseModel:
    raise AssertionError(f"ScriptedLLM has no reply left for {schema.__name__}")


def fake_rules(hard_fail: bool = False) -> Callable[[Mapping[str, Any], str], list[RuleFinding]]:
    def evaluate(values: Mapping[str, Any], product: str) -> list[RuleFinding]:
        dti = values.get("dti")
        out = [
            RuleFinding(
                rule_id="AFF-01",
                section_id="CP-4.2",
                subject="dti",
                operator="<=",
                limit=0.45,
                value=dti,
                severity=Severity.hard,
                status=FindingStatus.passed if dti is not None and dti <= 0.45 else FindingStatus.failed,
                message="Debt-to-income within limit",
            )
        ]
        if hard_fail:
            out.append(make_finding("ELIG-02", FindingStatus.failed, Severity.hard, value=0.7, limit=0.5))
        return out

    return evaluate


@dataclass
class Counter:
    n: int = 0


def make_deps(
    llm: ScriptedLLM,
    *,
    hard_fail: bool = False,
    score_failures: int = 0,
    loads: Counter | None = None,
    extra_text: str = "",
    pd: float = 0.04,
) -> Deps:
    failures = Counter(score_failures)

    def load(packet_dir: Path) -> tuple[Application, list[Any]]:
        if loads is not None:
            loads.n += 1
        return fake_application(packet_dir, extra_text=extra_text), []

    def score(app: Application) -> Score:
        if failures.n > 0:
            failures.n -= 1
            raise ConnectionError("scoring service went away")
        return make_score(pd)

    policy = [
        SimpleNamespace(
            section_id="CP-4.2",
            title="Debt-to-income limit",
            text="Total DTI must not exceed 45% of net income.",
            score=0.8,
        )
    ]
    precedent = SimpleNamespace(
        case_id="german-0420",
        similarity=0.87,
        decision="approve",
        outcome="repaid",
        summary="Used car, 24 months",
        metadata={"amount": 4000},
    )
    return Deps(
        load_application=load,
        score_application=score,
        search_policy=lambda q, k: policy,
        search_precedents=lambda t, k, f: [precedent],
        get_section=lambda sid: (
            SimpleNamespace(title="Eligibility", text="Applicants must ...") if sid != "CP-4.2" else policy[0]
        ),
        evaluate_rules=fake_rules(hard_fail),
        llm=llm,
        audit=AuditLog(),
        policy_version="policy-test-1",
        llm_version="scripted",
    )


def narrative(
    rec: Recommendation = Recommendation.approve,
    *,
    extra: str = "",
    cite: str = "fact:loan_amount",
    codes: list[str] | None = None,
) -> MemoNarrative:
    return MemoNarrative(
        summary=CitedText(
            text=f"The applicant requests EUR 12,500 over 36 months.{extra}",
            citations=[cite, "fact:loan_term_months"],
        ),
        strengths=[
            CitedText(
                text="Debt-to-income is inside the limit of CP-4.2.",
                citations=["rule:AFF-01", "policy:CP-4.2"],
            )
        ],
        recommendation=rec,
        recommendation_rationale=CitedText(text="All evaluated rules pass.", citations=["rule:AFF-01"]),
        adverse_action_codes=codes or [],
    )
