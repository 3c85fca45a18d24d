"""What retrieval returns: policy sections and hits, precedent cases and hits, index reports."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from underwrite.core.precedent import PrecedentHit

# Re-exported: retrieval returns the manual's own section type.
from underwrite.tools.policy.manual import PolicySection as PolicySection


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PolicyHit(_Model):
    section_id: str
    title: str
    text: str
    score: float = Field(description="Cosine similarity of query and section (absolute relevance)")
    rank_score: float = Field(description="Fused rank score the hits are ordered by")
    matched_by: list[Literal["section_id", "dense", "lexical"]] = Field(default_factory=list)
    parent: str | None = None


class PolicySearchResult(_Model):
    query: str = Field(description="The query as searched (after truncation)")
    mode: Literal["hybrid", "hybrid_rrf", "dense", "lexical"]
    hits: list[PolicyHit]
    notes: list[str] = Field(default_factory=list, description="e.g. query truncated, low relevance")


class PrecedentSearchResult(_Model):
    query: str
    filters: dict[str, object] | None
    hits: list[PrecedentHit]
    notes: list[str] = Field(default_factory=list)


class SyncReport(_Model):
    collection: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def upserts(self) -> int:
        return self.added + self.updated


class IndexReport(_Model):
    mode: Literal["embedded", "http"]
    location: str
    policy: SyncReport
    precedents: SyncReport | None = None
    policy_version: str
