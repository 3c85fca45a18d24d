"""Adverse-action reason scorers (ECOA / Reg B §1002.9): count, specificity, traceability,
prohibited basis, and agreement between the memo and the score."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.schemas import Reason
from underwrite.evals.harness.scorer import Scorer
from underwrite.evals.harness.types import CaseScore, ScoreOutput

MAX_REASONS = 4
"""Reg B official commentary: more than four principal reasons is not meaningful to the applicant."""

# Reg B commentary 9(b)(2)-1: "did not meet internal standards" or "insufficient credit score" are
# not specific reasons. A reason whose whole text is one of these is vague.
_VAGUE = re.compile(
    r"^(other|n/?a|none|unknown|risk|high risk|credit score|low (credit )?score|score too low|"
    r"insufficient (score|points)|(did not|does not) meet (our )?(internal )?(standards|criteria|policy)|"
    r"internal standards|policy|model (output|decision)|declined)\.?$"
)
# Prohibited bases under ECOA and the FHA (and their everyday wording). Word-bounded so that
# "mortgage", "average" or "percentage" do not match "age".
_PROHIBITED_WORDS = re.compile(
    r"\b(age|aged|years old|old|young|elderly|sex|gender|male|female|women|men|marital|married|"
    r"single|divorced|widowed|nationality|national origin|foreign|foreigner|immigrant|race|racial|"
    r"colou?r|ethnic\w*|religio\w*|pregnan\w*|public assistance|welfare)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DeclineCase:
    case_id: str
    reasons: list[Reason]
    contributions: dict[str, float]
    """Every model input's contribution toward default for this application (positive = riskier)."""
    memo_reason_codes: list[str] | None = None
    """The adverse-action reasons the memo states, by code; None when no memo was drafted."""
    recomputed_codes: list[str] | None = None
    """The codes a recomputation from the score model gives (top risk-raising inputs of the
    re-scored application through the bundle's reason table); None: compare with ``reasons``."""


def adverse_inputs(contributions: dict[str, float], limit: int = 4) -> list[str]:
    """The inputs that raised this application's risk most, never a protected one, most first."""
    up = [f for f, c in contributions.items() if c > 1e-9 and f not in PROTECTED_FIELDS]
    return sorted(up, key=lambda f: -contributions[f])[:limit]


@dataclass(frozen=True)
class AdverseActionState:
    declines: list[DeclineCase]
    n_scored: int = 0
    notes: list[str] = field(default_factory=list)


def _reason(code: str, feature: str, text: str, contribution: float) -> Reason:
    return Reason(code=code, feature=feature, text=text, contribution=contribution)


_GOOD_REASONS = [
    _reason("R01", "checking_account_status", "Checking account is overdrawn", 0.8),
    _reason("R02", "loan_term_months", "Requested term of 48 months is long for the amount", 0.5),
    _reason("R03", "credit_history", "Existing credits were repaid late in the past", 0.3),
]
_GOOD_CONTRIB = {
    "checking_account_status": 0.8,
    "loan_term_months": 0.5,
    "credit_history": 0.3,
    "savings_status": 0.1,
    "loan_amount": -0.2,
}


def _green() -> AdverseActionState:
    return AdverseActionState(
        declines=[
            DeclineCase(
                f"g{i}",
                list(_GOOD_REASONS),
                dict(_GOOD_CONTRIB),
                ["R01", "R02", "R03"],
                recomputed_codes=["R01", "R02", "R03"],
            )
            for i in range(5)
        ],
        n_scored=10,
    )


def _with(reasons: list[Reason], memo: list[str] | None = None) -> AdverseActionState:
    green = _green()
    first = DeclineCase(
        "red", reasons, dict(_GOOD_CONTRIB), memo if memo is not None else [r.code for r in reasons]
    )
    return AdverseActionState(declines=[first, *green.declines[1:]], n_scored=green.n_scored)


def _count_outputs(state: AdverseActionState, check: str, bad: dict[str, list[str]]) -> ScoreOutput:
    cases = [
        CaseScore(case_id=d.case_id, passed=not bad.get(d.case_id), notes=bad.get(d.case_id, []))
        for d in state.declines
    ]
    return ScoreOutput(metrics={check: float(sum(len(v) for v in bad.values()))}, cases=cases)


class ReasonCountScorer(Scorer[AdverseActionState]):
    name = "reason_count"
    metrics = frozenset({"reason_count_violations", "declines"})
    red_description = "One decline with no reasons and one with six"

    def score(self, state: AdverseActionState) -> ScoreOutput:
        bad = {
            d.case_id: [f"{len(d.reasons)} reasons (need 1-{MAX_REASONS})"]
            for d in state.declines
            if not 1 <= len(d.reasons) <= MAX_REASONS
        }
        out = _count_outputs(state, "reason_count_violations", bad)
        out.metrics["declines"] = float(len(state.declines))
        out.metrics["decline_rate"] = len(state.declines) / state.n_scored if state.n_scored else None
        return out

    def red_state(self) -> AdverseActionState:
        six = [_reason(f"R{i}", "loan_amount", f"Specific reason number {i}", 0.1) for i in range(6)]
        state = _with(six)
        return AdverseActionState([*state.declines, DeclineCase("none", [], {}, [])], state.n_scored)

    def green_state(self) -> AdverseActionState:
        return _green()


class ReasonSpecificityScorer(Scorer[AdverseActionState]):
    name = "reason_specificity"
    metrics = frozenset({"vague_reasons"})
    red_description = "Reasons 'Credit score' and 'Did not meet internal standards', and a duplicate"

    def score(self, state: AdverseActionState) -> ScoreOutput:
        bad: dict[str, list[str]] = {}
        for d in state.declines:
            seen: set[str] = set()
            for r in d.reasons:
                text = " ".join(r.text.lower().split())
                if len(text) < 12 or _VAGUE.match(text):
                    bad.setdefault(d.case_id, []).append(f"{r.code} vague: {r.text!r}")
                elif text in seen:
                    bad.setdefault(d.case_id, []).append(f"{r.code} repeats another reason")
                seen.add(text)
        return _count_outputs(state, "vague_reasons", bad)

    def red_state(self) -> AdverseActionState:
        return _with(
            [
                _reason("R01", "checking_account_status", "Credit score", 0.8),
                _reason("R02", "loan_term_months", "Did not meet internal standards", 0.5),
                _reason("R03", "credit_history", "Credit score", 0.3),
            ]
        )

    def green_state(self) -> AdverseActionState:
        return _green()


class ReasonTraceabilityScorer(Scorer[AdverseActionState]):
    """A reason must name an input whose contribution pushed toward default and ranks among the top
    ``MAX_REASONS`` such contributions of that very application."""

    name = "reason_traceability"
    metrics = frozenset({"untraceable_reasons"})
    red_description = "A reason citing an input that lowered the risk (negative contribution)"

    def score(self, state: AdverseActionState) -> ScoreOutput:
        bad: dict[str, list[str]] = {}
        for d in state.declines:
            adverse = adverse_inputs(d.contributions, MAX_REASONS)
            for r in d.reasons:
                if r.feature not in adverse:
                    got = d.contributions.get(r.feature)
                    bad.setdefault(d.case_id, []).append(
                        f"{r.code} cites {r.feature} (contribution {got}) not in top adverse {adverse}"
                    )
        return _count_outputs(state, "untraceable_reasons", bad)

    def red_state(self) -> AdverseActionState:
        return _with([*_GOOD_REASONS[:2], _reason("R09", "loan_amount", "Loan amount is too high", 0.4)])

    def green_state(self) -> AdverseActionState:
        return _green()


class ProhibitedBasisScorer(Scorer[AdverseActionState]):
    name = "prohibited_basis"
    metrics = frozenset({"prohibited_reasons"})
    red_description = "A reason on the applicant's age, and one on foreign-worker status"

    def score(self, state: AdverseActionState) -> ScoreOutput:
        bad: dict[str, list[str]] = {}
        for d in state.declines:
            for r in d.reasons:
                word = _PROHIBITED_WORDS.search(r.text)
                if r.feature in PROTECTED_FIELDS or word:
                    why = r.feature if r.feature in PROTECTED_FIELDS else repr(word.group(0) if word else "")
                    bad.setdefault(d.case_id, []).append(f"{r.code} on a prohibited basis: {why}")
        return _count_outputs(state, "prohibited_reasons", bad)

    def red_state(self) -> AdverseActionState:
        return _with(
            [
                _reason("R01", "age_years", "Applicant is too young", 0.8),
                _reason("R02", "loan_term_months", "Applicant is a foreign worker", 0.5),
            ]
        )

    def green_state(self) -> AdverseActionState:
        return _green()


class MemoReasonAgreementScorer(Scorer[AdverseActionState]):
    """The memo's reasons against a recomputation from the score model (``recomputed_codes``), so
    a score tool that reported the wrong reasons and a memo built from them cannot agree by design."""

    name = "memo_reason_agreement"
    metrics = frozenset({"memo_reason_mismatches"})
    red_description = "A memo stating the reasons the score tool reported, which a recomputation contradicts"

    def score(self, state: AdverseActionState) -> ScoreOutput:
        bad: dict[str, list[str]] = {}
        for d in state.declines:
            expected = d.recomputed_codes if d.recomputed_codes is not None else [r.code for r in d.reasons]
            if d.memo_reason_codes is None:
                bad[d.case_id] = ["no memo drafted for a decline"]
            elif d.memo_reason_codes != expected:
                bad[d.case_id] = [f"memo {d.memo_reason_codes} != recomputed {expected}"]
        return _count_outputs(state, "memo_reason_mismatches", bad)

    def red_state(self) -> AdverseActionState:
        # the memo repeats the tool's reasons (R01, R03), but the model says term and savings
        green = _green()
        wrong = DeclineCase(
            "red",
            [_GOOD_REASONS[0], _GOOD_REASONS[2]],
            dict(_GOOD_CONTRIB),
            ["R01", "R03"],
            recomputed_codes=["R01", "R02", "R03", "R04"],
        )
        return AdverseActionState([wrong, *green.declines[1:]], green.n_scored)

    def green_state(self) -> AdverseActionState:
        return _green()
