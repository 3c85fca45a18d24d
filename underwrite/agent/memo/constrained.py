"""A per-application JSON schema for the narrative: citations and the recommendation are enums of
exactly what this application allows, so a grammar-constrained model cannot even write an unknown
source id. Adverse-action reason codes are not the model's to choose: they are the score's (see
:func:`to_narrative`). The verifier still checks everything (defence in depth)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from underwrite.agent.memo.evidence import Evidence
from underwrite.agent.memo.fallback import adverse_action_codes
from underwrite.agent.memo.prompt_sources import narrative_sources
from underwrite.agent.memo.recommendation import allowed_recommendations
from underwrite.core.memo import CitedText, MemoNarrative, RiskItem
from underwrite.core.schemas import Recommendation

MAX_CITATIONS = 4
# Length bounds the grammar enforces while generating: a complete narrative then fits in the memo
# step's token budget on a small CPU model (9 texts of <= 240 characters is about 600 tokens at most).
MAX_TEXT = 240
MAX_RISK = 160
MAX_ITEMS = 2


def _literal(values: list[str]) -> Any:
    return Literal[tuple(values)] if values else Literal["none"]


NARRATIVE_FIELDS = (
    "summary",
    "strengths",
    "risks_and_mitigants",
    "recommendation",
    "recommendation_rationale",
    "conditions",
)
"""The fields the model writes, in the order it writes them."""


def constrained_narrative_schema(ev: Evidence, only: Sequence[str] | None = None) -> type[BaseModel]:
    """A subclass-shaped copy of :class:`MemoNarrative` whose free choices are closed lists.

    ``only`` restricts it to some fields (a revision rewrites just the parts that failed)."""
    # Only the sources the prompt shows: the model cannot cite what it was not given.
    cite: Any = _literal(sorted({s.id for s in narrative_sources(ev)}))
    recs: Any = _literal(sorted(r.value for r in allowed_recommendations(ev)))
    citations: Any = (list[cite], Field(min_length=1, max_length=MAX_CITATIONS))
    text: Any = (
        str,
        Field(description="One or two sentences with numbers from the sources", max_length=MAX_TEXT),
    )
    cited = create_model("CitedText", __base__=CitedText, text=text, citations=citations)
    risk = create_model(
        "RiskItem",
        __base__=RiskItem,
        risk=(str, Field(description="A specific risk", max_length=MAX_RISK)),
        mitigant=(str, Field(description="What reduces it, or 'none identified'", max_length=MAX_RISK)),
        citations=citations,
    )
    fields: Any = {
        "summary": (cited, ...),
        "strengths": (list[cited], Field(default_factory=list, max_length=MAX_ITEMS)),
        "risks_and_mitigants": (list[risk], Field(default_factory=list, max_length=MAX_ITEMS)),
        "recommendation": (recs, ...),
        "recommendation_rationale": (cited, ...),
        "conditions": (list[cited], Field(default_factory=list, max_length=MAX_ITEMS)),
    }
    if only is not None:
        unknown = set(only) - set(fields)
        if unknown or not only:
            raise ValueError(f"not narrative fields the model writes: {sorted(unknown) or 'none given'}")
        subset: Any = {name: spec for name, spec in fields.items() if name in only}
        revision: type[BaseModel] = create_model("MemoNarrativeRevision", **subset)
        return revision
    # Not a MemoNarrative subclass: the model must not be offered adverse_action_codes at all.
    model: type[BaseModel] = create_model("MemoNarrative", **fields)
    return model


def to_narrative(result: BaseModel, ev: Evidence) -> MemoNarrative:
    """The generic narrative from the model's (constrained or any schema-compatible) output.

    Adverse-action reasons are the system's, not the model's: a decline states the score's principal
    reasons (:func:`adverse_action_codes`), whatever codes a model may have written.
    """
    return narrative_from_data(result.model_dump(mode="json"), ev)


def narrative_from_data(data: dict[str, Any], ev: Evidence) -> MemoNarrative:
    """:func:`to_narrative` for plain JSON data (the model's fields; any codes in it are ignored)."""
    narrative = MemoNarrative.model_validate({k: v for k, v in data.items() if k != "adverse_action_codes"})
    if narrative.recommendation == Recommendation.decline:
        narrative.adverse_action_codes = adverse_action_codes(ev)
    return narrative
