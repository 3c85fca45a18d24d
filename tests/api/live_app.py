"""The app a real server process runs in the loopback test: `uvicorn live_app:create --factory`.

Scripted workflow tools (no real LLM); UW_TEST_API_WORKERS sets the in-process worker count.
"""

from __future__ import annotations

import os

from agent_fakes import ScriptedLLM, make_deps, narrative
from fastapi import FastAPI

from underwrite.agent.deps import Deps
from underwrite.api import create_app
from underwrite.api.context import ApiConfig


def scripted_deps(memos: int = 20) -> Deps:
    """The graph's tools with fakes, and a scripted LLM that writes ``memos`` clean narratives."""
    return make_deps(ScriptedLLM({"MemoNarrative": [narrative() for _ in range(memos)]}))


def create() -> FastAPI:
    workers = int(os.environ.get("UW_TEST_API_WORKERS", "1"))
    return create_app(ApiConfig(workers=workers, poll_s=0.1), scripted_deps)
