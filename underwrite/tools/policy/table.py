"""The policy's machine-readable rule table (``tools/policy/rules.yaml``), validated on load.

Loading checks what a typo would silently break: every rule's subject is a canonical fact or a
ratio, never a prohibited basis (CP-11.1); every cited section exists in the manual; every hard rule
names the authority that may approve an exception; the reference rate agrees with ``ratios.py``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from underwrite.core.fields import FIELDS, PROTECTED_FIELDS
from underwrite.core.schemas import Recommendation, Severity
from underwrite.tools.checks.ratios import REFERENCE_ANNUAL_RATE_PCT, Ratios
from underwrite.tools.policy.files import MANUAL_PATH, RULES_PATH
from underwrite.tools.policy.manual import section_ids

Product = Literal["consumer_instalment", "sme_term_loan"]
Operator = Literal["<=", "<", ">=", ">", "==", "!=", "in", "not_in", "exists"]
Limit = float | str | list[str] | None
RATIO_NAMES = frozenset(Ratios.model_fields) - {"missing_inputs"}


class RuleTableError(ValueError):
    """rules.yaml is malformed or disagrees with the manual or the code."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    subject: str
    operator: Operator
    limit: Limit = None


class Rule(_Strict):
    id: str
    section: str = Field(pattern=r"^CP-\d+(\.\d+)?$")
    subject: str
    operator: Operator
    limit: Limit = None
    severity: Severity
    products: list[Product] = Field(min_length=1)
    exception_authority: str | None = None
    when: Condition | None = None
    message: str

    @model_validator(mode="after")
    def _limit_matches_operator(self) -> Rule:
        for cond in (self, self.when):
            if cond is None:
                continue
            if cond.operator in ("in", "not_in") and not isinstance(cond.limit, list):
                raise ValueError(f"{self.id}: operator {cond.operator} needs a list limit")
            if cond.operator in ("<=", "<", ">=", ">") and not isinstance(cond.limit, int | float):
                raise ValueError(f"{self.id}: operator {cond.operator} needs a numeric limit")
        if self.severity is Severity.hard and not self.exception_authority:
            raise ValueError(f"{self.id}: a hard rule must name its exception_authority (CP-10.2)")
        if self.severity is Severity.soft and self.exception_authority:
            raise ValueError(f"{self.id}: soft rules are accepted by the underwriter; no authority")
        return self


class AuthorityLevel(_Strict):
    level: str
    role: str
    consumer_instalment_max: float
    sme_term_loan_max: float


class GradeBand(_Strict):
    grade: str
    pd_below: float | None = Field(description="Exclusive upper PD bound; None = no upper bound")
    margin_pct: float | None
    cutoff: Recommendation


class RuleTable(_Strict):
    edition: str
    reference_annual_rate_pct: float
    products: list[Product]
    authority_levels: list[AuthorityLevel]
    grades: list[GradeBand]
    required_documents: dict[Product, list[str]]
    rules: list[Rule]

    def authority_rank(self, level: str) -> int:
        for rank, entry in enumerate(self.authority_levels):
            if entry.level == level:
                return rank
        raise RuleTableError(f"unknown authority level {level!r}")

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"no rule {rule_id!r} in the rule table")


def _validate(table: RuleTable, manual_text: str) -> None:
    sections = section_ids(manual_text)
    known_subjects = set(FIELDS) | RATIO_NAMES
    seen: set[str] = set()
    if table.reference_annual_rate_pct != REFERENCE_ANNUAL_RATE_PCT:
        raise RuleTableError(
            f"reference rate {table.reference_annual_rate_pct}% in rules.yaml differs from "
            f"ratios.REFERENCE_ANNUAL_RATE_PCT = {REFERENCE_ANNUAL_RATE_PCT}% (CP-9.1)"
        )
    for rule in table.rules:
        if rule.id in seen:
            raise RuleTableError(f"duplicate rule id {rule.id}")
        seen.add(rule.id)
        if rule.section not in sections:
            raise RuleTableError(f"{rule.id} cites {rule.section}, which the manual does not have")
        subjects = [rule.subject] + ([rule.when.subject] if rule.when else [])
        for subject in subjects:
            if subject not in known_subjects:
                raise RuleTableError(f"{rule.id}: unknown subject {subject!r} (not a field or ratio)")
            if subject in PROTECTED_FIELDS:
                raise RuleTableError(f"{rule.id}: {subject!r} is a prohibited basis (CP-11.1)")
        if rule.exception_authority:
            table.authority_rank(rule.exception_authority)
    bounds = [g.pd_below for g in table.grades]
    if bounds[-1] is not None or any(b is None for b in bounds[:-1]):
        raise RuleTableError("only the last grade may be open-ended (pd_below: null)")
    finite = [b for b in bounds if b is not None]
    if finite != sorted(finite):
        raise RuleTableError("grade PD bounds must increase")


@lru_cache(maxsize=1)
def load_rule_table() -> RuleTable:
    """The validated rule table of the policy in force."""
    try:
        raw = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
        table = RuleTable.model_validate(raw)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise RuleTableError(f"{RULES_PATH}: {exc}") from exc
    _validate(table, MANUAL_PATH.read_text(encoding="utf-8"))
    return table


def compute_policy_version() -> str:
    """``<edition>+<12 hex of sha256(manual + rules)>``: changes whenever either file's text changes."""
    digest = hashlib.sha256()
    for path in (MANUAL_PATH, RULES_PATH):
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{load_rule_table().edition}+{digest.hexdigest()[:12]}"


def grade_for_pd(pd: float) -> str:
    """Policy grade (CP-9.2) of a probability of default; a PD on a boundary gets the worse grade."""
    if not 0.0 <= pd <= 1.0:
        raise ValueError(f"PD must be within [0, 1], got {pd}")
    for band in load_rule_table().grades:
        if band.pd_below is None or pd < band.pd_below:
            return band.grade
    raise RuleTableError("grade table has no open-ended last band")  # unreachable after validation


def required_documents(product: str) -> list[list[str]]:
    """Required document kinds (CP-8.1); each inner list holds interchangeable kinds."""
    table = load_rule_table()
    if product not in table.required_documents:
        raise ValueError(f"unknown product {product!r}; choose one of {', '.join(table.products)}")
    return [entry.split("|") for entry in table.required_documents[product]]


def missing_documents(product: str, kinds_on_file: list[str] | set[str]) -> list[str]:
    """Requirements not met by the document kinds on file, e.g. ``["payslip|employer_letter"]``."""
    present = set(kinds_on_file)
    return ["|".join(alts) for alts in required_documents(product) if not present.intersection(alts)]


def approval_authority(amount: float, product: str) -> str:
    """Lowest authority level whose limit covers ``amount`` for ``product`` (CP-10.1)."""
    table = load_rule_table()
    if product not in table.products:
        raise ValueError(f"unknown product {product!r}")
    for entry in table.authority_levels:
        if amount <= getattr(entry, f"{product}_max"):
            return entry.level
    raise ValueError(f"{amount:,.0f} exceeds every approval authority for {product} (CP-2.2)")
