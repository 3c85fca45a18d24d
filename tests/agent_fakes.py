"""Scripted doubles for the agent workflow tests: a packet's application, a scripted LLM, rules,
and ``Deps`` wired to them (no real LLM, no real model). Memo evidence is in ``memo_fakes``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from application_fakes import text_document
from memo_fakes import make_finding, make_score
from pydantic import BaseModel

from underwrite.agent.deps import Deps
from underwrite.agent.memo import CitedText, MemoNarrative
from underwrite.core.schemas import (
    Application,
    Fact,
    FactMethod,
    FindingStatus,
    LoanRequest,
    Recommendation,
    RuleFinding,
    Score,
    Severity,
    SourceSpan,
)
from underwrite.records.audit import AuditLog

COVER_LETTER = (
    "Dear lender, I would like to buy a used car to commute to work. "
    "I have been with my employer for 6 years and my rent is 600 EUR a month."
)


def packet_folder(root: Path, name: str = "german-0007") -> Path:
    """An empty packet folder: ``make_deps``' loader builds the application, not the files."""
    folder = root / name
    folder.mkdir()
    return folder


def fake_application(packet_dir: Path, *, extra_text: str = "") -> Application:
    form = text_document(
        "application_form",
        "Name: Erika Mustermann\nLoan amount: 12,500.00\nTerm: 36 months\n"
        "Net monthly income: 2,450.00\nOther debt payments: 150.00",
    )
    docs = [
        form,
        text_document("payslip", "Net pay 2,450.00"),
        text_document("bank_statement", "Avg deposits 2,500.00"),
        text_document("credit_report", "Delinquencies (30+ days, last 24 months): 0"),
        text_document("cover_letter", COVER_LETTER + extra_text),
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

    def stream(self, messages: list[dict[str, Any]], **kw: Any) -> Any:
        # pieces as a server streams them: each word after the first with its leading space
        words = self.chat(messages, **kw).text.split(" ")
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
