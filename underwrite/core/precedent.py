"""A precedent: a past decided loan, as the retrieval index holds it and as a memo cites it.

One home for the concept. Retrieval builds :class:`Precedent` rows to index and returns
:class:`PrecedentHit` (the same case plus its similarity to the query); the agent's evidence, the
memo's precedent table and the workbench all carry the hit as it came back.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

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

    @model_serializer(mode="wrap")
    def _without_empty_metadata(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # A memo drafted before this type existed held precedents without metadata, and the audit
        # trail holds the hash of its dump: an empty metadata is left out so that hash still holds.
        # The same holds for a hit's ``comparability``, which memos before it existed lack.
        data: dict[str, Any] = handler(self)
        for key in ("metadata", "comparability"):
            if key in data and data[key] in (None, {}):
                data.pop(key)
        return data


class PrecedentHit(Precedent):
    """A precedent found for a query. Memos written before this type existed stored the same fields
    minus ``metadata`` (``PrecedentRow``); they still load because ``metadata`` defaults to empty."""

    similarity: float = Field(description="Cosine similarity to the query")
    comparability: float | None = Field(
        default=None,
        description="The ranking key of a comparable-precedent search: text similarity weighed by "
        "how close the case's amount and term are to the application's (None: ranked by text alone)",
    )
