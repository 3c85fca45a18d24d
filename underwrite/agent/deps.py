"""The tools the graph's nodes call, in one container passed as LangGraph's runtime context.

Nodes never import the scoring, retrieval, rules or LLM modules themselves; they call what
:class:`Deps` holds. ``Deps.default()`` wires the real implementations; tests build a ``Deps`` with
fakes, so no test patches module internals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from underwrite.core.llm_protocol import ChatModel
from underwrite.core.precedent import PrecedentHit
from underwrite.core.schemas import Application, FactValue, RuleFinding, Score
from underwrite.core.settings import get_settings
from underwrite.records.audit import AuditLog
from underwrite.retrieval.schemas import PolicyHit, PolicySection
from underwrite.tools.intake.errors import DocumentFailure
from underwrite.tools.policy.rules import POLICY_VERSION, evaluate_rules, required_documents


def default_required_documents(product: str) -> dict[str, frozenset[str]]:
    """The policy's required documents (CP-8.1): requirement (``"payslip|employer_letter"``) → kinds."""
    return {"|".join(kinds): frozenset(kinds) for kinds in required_documents(product)}


@dataclass
class Deps:
    """Everything a node may call. Fields are plain callables so fakes are one-liners."""

    load_application: Callable[[Path], tuple[Application, Sequence[DocumentFailure]]]
    score_application: Callable[[Application], Score]
    search_policy: Callable[[str, int], Sequence[PolicyHit]]
    search_precedents: Callable[[str, int, dict[str, Any] | None], Sequence[PrecedentHit]]
    get_section: Callable[[str], PolicySection]
    """Raises LookupError for an unknown section id."""
    evaluate_rules: Callable[[Mapping[str, FactValue], str], list[RuleFinding]]
    llm: ChatModel
    audit: AuditLog
    policy_version: str
    llm_version: str
    required_documents: Callable[[str], dict[str, frozenset[str]]] = default_required_documents
    anomaly: Callable[[Mapping[str, FactValue]], float | None] | None = None
    """Returns the share of training rows less typical than these values (None: not computable)."""
    what_if: Callable[[Application, dict[str, float | str]], Any] | None = None
    explain_reason: Callable[[str], str] | None = None
    memo_repair_rounds: int = 1
    """LLM repair rounds after a memo draft fails verification (then the deterministic fallback)."""
    memo_narrative: str = "narrative"
    """claims | deterministic | narrative (the whole-narrative draft loop); see ``nodes.memo_claims``."""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def default(cls) -> Deps:
        """The real tools."""
        # lazy: they load torch, LightGBM, Chroma, OCR and the openai SDK, which tests building a
        # Deps of fakes (and `underwrite queue add`) never need.
        from underwrite import retrieval
        from underwrite.llm import LLMClient
        from underwrite.tools.checks.anomaly import default_anomaly_scorer
        from underwrite.tools.intake.packet import load_application
        from underwrite.tools.scoring import explain_reason, score_application, what_if

        settings = get_settings()
        return cls(
            load_application=load_application,
            score_application=score_application,
            search_policy=lambda q, k: retrieval.search_policy(q, k=k),
            search_precedents=lambda t, k, f: retrieval.search_precedents(t, k=k, filters=f),
            get_section=retrieval.get_section,
            evaluate_rules=evaluate_rules,
            llm=_llm_or_deferred(LLMClient.from_settings),
            audit=AuditLog(),
            policy_version=str(POLICY_VERSION),
            llm_version=settings.llm_model,
            anomaly=default_anomaly_scorer(),
            what_if=what_if,
            explain_reason=explain_reason,
            memo_repair_rounds=repair_rounds(settings.memo_repair_rounds, settings.llm_url),
            memo_narrative=narrative_mode(settings.memo_narrative, settings.llm_url),
        )


def _llm_or_deferred(factory: Callable[[], Any]) -> Any:
    """The LLM client, or a stand-in that reports why it cannot start (the memo then falls back)."""
    # lazy: the llm package loads the openai SDK; only Deps.default gets here.
    from underwrite.llm import EmbeddedLLMError
    from underwrite.llm.deferred import DeferredLLM

    try:
        return factory()
    except EmbeddedLLMError as exc:
        logging.getLogger(__name__).error(
            "LLM unavailable, memos fall back to the deterministic narrative: %s", exc
        )
        return DeferredLLM(factory, str(exc))


def repair_rounds(configured: int | None, llm_url: str) -> int:
    """The configured repair rounds, or by backend: 1 for a served model (a URL), 0 for the embedded one."""
    if configured is not None:
        return configured
    return 1 if llm_url else 0


def narrative_mode(configured: str, llm_url: str) -> str:
    """``auto`` picks by backend: claims for a served model (a URL), the deterministic narrative
    with no generation for the embedded 135M model (its claims are mostly rejected; README, "Memo
    narrative by backend")."""
    if configured != "auto":
        return configured
    return "claims" if llm_url else "deterministic"


def prepare_components(on_status: Callable[[str], None] = lambda _m: None) -> None:
    """First-run preparation the workflow needs: default score model, search index, LLM server."""
    # lazy: Chroma, LightGBM and the openai SDK, as in Deps.default.
    from underwrite import retrieval
    from underwrite.llm import ensure_llm
    from underwrite.tools.scoring import ensure_default_model

    on_status("score model: ready or training the default German model (first run only)")
    ensure_default_model()
    on_status("policy and precedent index: ready or building (first run only)")
    retrieval.ensure_index()
    # First search loads the encoder and the lexical index: a one-time cost, paid here, not by memo 1.
    retrieval.search_policy("required documents", k=1)
    on_status("LLM: connecting (starts the embedded llama.cpp server when no URL is set)")
    from underwrite.llm import EmbeddedLLMError  # lazy: as above

    try:
        ensure_llm()
    except EmbeddedLLMError as exc:  # not fatal: memos fall back to the deterministic narrative
        on_status(f"LLM: unavailable ({exc}); memos will use the deterministic narrative, flagged")
