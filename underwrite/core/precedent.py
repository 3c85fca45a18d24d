"""A precedent: a past decided loan, as the retrieval index holds it and as a memo cites it.

One home for the concept. Retrieval builds :class:`Precedent` rows to index and returns
:class:`PrecedentHit` (the same case plus its similarity to the query); the agent's evidence, the
memo's precedent table and the workbench all carry the hit as it came back.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MetadataValue = str | int | float | bool
"""What a Chroma metadata value may be."""


class Precedent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str
    summary: str = ""
    # Old evidence and memos carried decision/outcome as possibly-absent fields: keep them optional.
    decision: str | None = None
    outcome: str | None = None
    metadata: dict[str, MetadataValue] = Field(default_factory=dict)


class PrecedentHit(Precedent):
    """A precedent found for a query. Memos written before this type existed stored the same fields
    minus ``metadata`` (``PrecedentRow``); they still load because ``metadata`` defaults to empty."""

    similarity: float = Field(description="Cosine similarity to the query")
