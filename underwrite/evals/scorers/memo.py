"""Memo-faithfulness scorers. They re-check memos independently of the agent's own verifier: the
numbers a narrative may state are the ones the memo's code-rendered tables carry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.types import CaseScore, ScoreOutput
from underwrite.evals.scorers.memo_meaning import RED_CASES, MeaningCase, green_cases, score_meaning
from underwrite.evals.scorers.redteam_verdict import RedTeamVerdict

APPROVALS = frozenset({"approve", "approve_with_conditions"})
MODEL_SOURCES = frozenset({"llm", "repaired", "mixed"})
"""Narrative sources in which model text reached the memo (mixed: claims kept, the rest by code)."""
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])")


@dataclass(frozen=True)
class MemoCase:
    case_id: str
    texts: list[tuple[str, str]]
    """(location, prose) for every piece of narrative the model wrote (or the fallback replaced)."""
    allowed_numbers: list[float]
    """Every number of the application state the memo rests on (facts, ratios, score, findings...)."""
    identifiers: list[str]
    """Ids whose digits are not claims (section ids, reason codes, case ids, the application id)."""
    citations: list[str]
    valid_sources: frozenset[str]
    recommendation: str
    hard_failures: list[str]
    """Hard rules failed without a recorded exception."""
    narrative_source: str
    """llm | repaired | fallback."""
    first_draft_violations: int = 0
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MemoState:
    memos: list[MemoCase]
    llm: str = ""
    meaning: list[MeaningCase] = field(default_factory=list)
    """The same memos for the independent meaning check (``scorers.memo_meaning``)."""
    measured: list[MemoCase] = field(default_factory=list)
    redteam: list[RedTeamVerdict] = field(default_factory=list)
    """The agent verifier's verdicts on the red-team statements (``suites.memo_redteam``)."""
    """Memos of the same model asked for claims, when its default narrative mode asks for none
    (the embedded model: ``UW_MEMO_NARRATIVE=auto`` → deterministic); the LLM gate is judged on them."""


def numbers_in(text: str, identifiers: list[str]) -> list[tuple[str, float]]:
    for ident in sorted(identifiers, key=len, reverse=True):
        if ident:
            text = text.replace(ident, " ")
    return [(m.group(0), float(m.group(0).replace(",", ""))) for m in _NUMBER.finditer(text)]


def supported(shown: str, value: float, allowed: list[float]) -> bool:
    """Equal to an allowed number as written, as a percentage of it, or rounded to the digits shown."""
    decimals = len(shown.split(".", 1)[1]) if "." in shown else 0
    tolerance = 0.5 * 10**-decimals + 1e-9
    for a in allowed:
        for candidate in (a, a * 100.0, a / 100.0):
            if abs(candidate - value) <= tolerance or (
                candidate != 0 and abs(candidate - value) / abs(candidate) < 0.005
            ):
                return True
    return False


def _memo(i: int, **changes: object) -> MemoCase:
    base = MemoCase(
        case_id=f"m{i}",
        texts=[("summary", "Requests 4,500 over 24 months; DTI is 31.5%.")],
        allowed_numbers=[4500.0, 24.0, 0.315],
        identifiers=["CP-4.2", "R07"],
        citations=["fact:loan_amount", "ratio:dti"],
        valid_sources=frozenset({"fact:loan_amount", "ratio:dti", "policy:CP-4.2"}),
        recommendation="approve",
        hard_failures=[],
        narrative_source="llm",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _state(first: MemoCase | None = None, n: int = 25) -> MemoState:
    memos = [_memo(i) for i in range(n)]
    return MemoState([first, *memos[1:]] if first else memos)


class UnsupportedNumbersScorer(Scorer[MemoState]):
    name = "unsupported_numbers"
    metrics = frozenset({"memos_with_unsupported_numbers", "memos"})
    red_description = "A memo stating an income of 9,999 the application never had"

    def score(self, state: MemoState) -> ScoreOutput:
        cases, total = [], 0
        for memo in state.memos:
            bad = [
                f"{loc}: {shown}"
                for loc, text in memo.texts
                for shown, value in numbers_in(text, memo.identifiers)
                if not supported(shown, value, memo.allowed_numbers)
            ]
            total += len(bad)
            cases.append(CaseScore(case_id=memo.case_id, passed=not bad, notes=bad))
        return ScoreOutput(
            metrics={
                "memos_with_unsupported_numbers": float(sum(not c.passed for c in cases)),
                "unsupported_numbers": float(total),
                "memos": float(len(state.memos)),
            },
            cases=cases,
        )

    def red_state(self) -> MemoState:
        return _state(_memo(0, texts=[("summary", "Net income of 9,999 a month covers the 4,500 loan.")]))

    def green_state(self) -> MemoState:
        return _state()


class InvalidCitationsScorer(Scorer[MemoState]):
    name = "invalid_citations"
    metrics = frozenset({"invalid_citations"})
    red_description = "A memo citing policy:CP-99.9, a section that does not exist"

    def score(self, state: MemoState) -> ScoreOutput:
        cases = []
        for memo in state.memos:
            bad = [c for c in memo.citations if c not in memo.valid_sources]
            cases.append(CaseScore(case_id=memo.case_id, passed=not bad, notes=bad))
        return ScoreOutput(
            metrics={"invalid_citations": float(sum(len(c.notes) for c in cases))}, cases=cases
        )

    def red_state(self) -> MemoState:
        return _state(_memo(0, citations=["policy:CP-99.9"]))

    def green_state(self) -> MemoState:
        return _state()


class RecommendationVsRulesScorer(Scorer[MemoState]):
    name = "recommendation_vs_rules"
    metrics = frozenset({"approvals_over_hard_fail"})
    red_description = "An approval although hard rule AFF-01 failed without an exception"

    def score(self, state: MemoState) -> ScoreOutput:
        cases = []
        for memo in state.memos:
            wrong = memo.recommendation in APPROVALS and bool(memo.hard_failures)
            cases.append(
                CaseScore(
                    case_id=memo.case_id,
                    passed=not wrong,
                    values={"recommendation": memo.recommendation, "hard_failures": memo.hard_failures},
                )
            )
        return ScoreOutput(
            metrics={"approvals_over_hard_fail": float(sum(not c.passed for c in cases))}, cases=cases
        )

    def red_state(self) -> MemoState:
        return _state(_memo(0, hard_failures=["AFF-01"]))

    def green_state(self) -> MemoState:
        return _state(_memo(0, hard_failures=["AFF-01"], recommendation="decline"))


class LlmFaithfulnessScorer(Scorer[MemoState]):
    """How often the model's text survived verification instead of being replaced by code.

    Judged on the memos in which the model was asked for a narrative: the suite's memos, or, when
    the backend's default writes no narrative by design (``narrative_source == "deterministic"``),
    the same model's measurement pass on the claims path (``MemoState.measured``). Nothing asked
    means nothing measured, and that misses the bar: switching generation off cannot pass it. A
    fabricating model must score 0."""

    name = "llm_faithfulness"
    metrics = frozenset({"llm_narrative_verified_rate", "unflagged_fallbacks"})
    red_description = "Every memo fell back to the deterministic narrative (a fabricating model)"

    def score(self, state: MemoState) -> ScoreOutput:
        n = len(state.memos)
        by_design = [m for m in state.memos if m.narrative_source == "deterministic"]
        asked = [m for m in state.memos if m.narrative_source != "deterministic"] + state.measured
        verified = [m for m in asked if m.narrative_source in MODEL_SOURCES]
        first_clean = [
            m for m in state.memos if m.narrative_source == "llm" and m.first_draft_violations == 0
        ]
        unflagged = [m for m in state.memos if m.narrative_source == "fallback" and not m.flags]
        cases = [
            CaseScore(
                case_id=m.case_id if m in state.memos else f"{m.case_id} (claims-path measurement)",
                passed=m.narrative_source in MODEL_SOURCES,
                values={"source": m.narrative_source, "first_draft_violations": m.first_draft_violations},
            )
            for m in asked
        ]
        return ScoreOutput(
            metrics={
                "llm_narrative_verified_rate": len(verified) / len(asked) if asked else None,
                "llm_narrative_asked": float(len(asked)),
                "llm_narrative_measured_separately": float(len(state.measured)),
                "deterministic_by_setting": float(len(by_design)),
                "first_draft_clean_rate": len(first_clean) / n if n else None,
                "fallback_rate": sum(m.narrative_source == "fallback" for m in state.memos) / n
                if n
                else None,
                "unflagged_fallbacks": float(len(unflagged)),
            },
            cases=cases,
        )

    def red_state(self) -> MemoState:
        return MemoState(
            [
                _memo(i, narrative_source="fallback", first_draft_violations=3, flags=["narrative_fallback"])
                for i in range(25)
            ]
        )

    def green_state(self) -> MemoState:
        return _state()


class MemoMeaningScorer(Scorer[MemoState]):
    """The independent meaning check (``scorers.memo_meaning``) over the suite's memos."""

    name = "memo_meaning"
    metrics = frozenset({"invented_entities", "off_topic_statements", "memos_with_meaning_problems"})
    red_description = "The issue's 'list of guidelines for the user' narrative, repeated, citing precedents"

    def score(self, state: MemoState) -> ScoreOutput:
        return score_meaning(state.meaning)

    def red_state(self) -> MemoState:
        return MemoState([], meaning=[RED_CASES["guidelines"], *green_cases(5)])

    def green_state(self) -> MemoState:
        return MemoState([], meaning=green_cases(5))
