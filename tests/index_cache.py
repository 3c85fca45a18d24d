"""Index embeddings computed once per test process and copied into each home that builds an index.

Every test has its own UW_HOME, so each real index build (the workbench walks, the memo bench)
embedded the policy manual and its precedents again: the largest part of their set-up. Vectors are
keyed by the hash of the text and the encoder (``retrieval.embedding.EmbeddingCache``), so a copy of
a cache filled here is exactly what the home's own build would have computed. The index itself is
still built in the test's home, through the product's ``ensure_index``."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path


@cache
def _embedded(precedent_limit: int) -> Path:
    """The cache file for the manual and the first ``precedent_limit`` precedents; read-only."""
    from underwrite.retrieval.embedding import EmbeddingCache
    from underwrite.retrieval.index import policy_records
    from underwrite.retrieval.precedents import build_precedents
    from underwrite.tools.encoder import encoder_id
    from underwrite.tools.policy.manual import load_manual

    folder = Path(tempfile.mkdtemp(prefix="uw-test-index-embeddings-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / f"{encoder_id()}.npz"
    texts = [r.document for r in policy_records(load_manual())]
    texts += [p.summary for p in build_precedents(precedent_limit)]
    EmbeddingCache(path).embed(texts)
    return path


def install_index_embeddings(precedent_limit: int) -> None:
    """Seed this home's embedding cache (call with UW_HOME set, before ``ensure_index``)."""
    from underwrite.retrieval.embedding import EmbeddingCache

    target = EmbeddingCache().path  # this home's cache file, where the index build looks
    if target.exists():
        return  # the home has its own cache: leave it alone
    source = _embedded(precedent_limit)
    if source.name != target.name:  # another encoder backend: nothing to share
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
