"""Evidence for the agent: the credit policy and past cases, searched through Chroma.

Public API (imported lazily so that ``import underwrite.retrieval`` stays cheap):
``ensure_index()``, ``search_policy(query, k)``, ``get_section(section_id)``,
``search_precedents(text, k, filters)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from underwrite.core.precedent import PrecedentHit
    from underwrite.retrieval.index import build_index, ensure_index
    from underwrite.retrieval.schemas import PolicyHit, PolicySection
    from underwrite.retrieval.search import get_section, search_policy, search_precedents

__all__ = [
    "PolicyHit",
    "PolicySection",
    "PrecedentHit",
    "build_index",
    "ensure_index",
    "get_section",
    "search_policy",
    "search_precedents",
]

_HOMES = {
    "build_index": "underwrite.retrieval.index",
    "ensure_index": "underwrite.retrieval.index",
    "get_section": "underwrite.retrieval.search",
    "search_policy": "underwrite.retrieval.search",
    "search_precedents": "underwrite.retrieval.search",
    "PolicyHit": "underwrite.retrieval.schemas",
    "PolicySection": "underwrite.retrieval.schemas",
    "PrecedentHit": "underwrite.core.precedent",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'underwrite.retrieval' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
