"""Small helpers the node modules share."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from langgraph.runtime import Runtime
from pydantic import BaseModel, ValidationError

from underwrite.agent.deps import Deps
from underwrite.agent.state import LLMCall, UnderwritingState
from underwrite.core.llm_protocol import ChatModel
from underwrite.llm.errors import (
    UNREACHABLE,
    LLMRequestError,
    LLMResponseError,
    StructuredOutputError,
)
from underwrite.prompts import RenderedPrompt

T = TypeVar("T", bound=BaseModel)


STREAM_TEXT_KEY = "stream_llm_text"
"""``configurable`` flag a caller sets when it wants the model's text as it is written: nodes then
stream their LLM requests and send each piece to LangGraph's ``custom`` stream as
``{"step": node, "text": piece}``. Off by default, so batch runs make plain requests."""


def text_listener(runtime: Runtime[Any], step: str) -> Callable[[str], None] | None:
    """A callback forwarding model text to the run's custom stream, or None when nobody listens."""
    from langgraph.config import get_config

    if not get_config().get("configurable", {}).get(STREAM_TEXT_KEY):
        return None
    writer = runtime.stream_writer
    return lambda piece: writer({"step": step, "text": piece})


def deps_of(runtime: Runtime[Deps]) -> Deps:
    if runtime.context is None:
        raise RuntimeError("the underwriting graph must be invoked with context=Deps(...)")
    return runtime.context


def product_of(state: UnderwritingState) -> str:
    product = state.get("values", {}).get("product") or state["application"].request.product
    return str(product)


# Errors that mean "the model produced unusable output": a failed draft (repair / fallback).
# A 4xx (e.g. prompt too long for the context) is deterministic, so it also counts as a failed draft.
# "The model is unreachable" (down, crashed twice, timed out) is also caught, but marked
# ``unavailable``: the memo then goes straight to the deterministic narrative with a flag, because
# a memo that waits for an LLM that may never come back is worse than a flagged one (issue #14).
OUTPUT_ERRORS: tuple[type[Exception], ...] = (
    ValidationError,
    ValueError,
    StructuredOutputError,
    LLMResponseError,
    LLMRequestError,
)


def call_structured(
    llm: ChatModel,
    step: str,
    prompt: RenderedPrompt,
    schema: type[T],
    max_tokens: int,
    on_text: Callable[[str], None] | None = None,
) -> tuple[T | None, LLMCall]:
    """One schema-constrained call; unusable output comes back as ``None`` with the error recorded.

    ``max_tokens`` bounds generation: a small model under a JSON grammar can otherwise repeat a
    string until the context is full; a truncated reply then fails validation and counts as a bad draft.
    """
    start = time.perf_counter()
    try:
        # repair=False: the graph's own repair round shows the model the verifier's findings, which
        # subsumes the client's schema-error round; one request per draft keeps a memo's cost bounded.
        result = llm.structured(prompt.messages, schema, max_tokens=max_tokens, repair=False, on_text=on_text)
    except (*OUTPUT_ERRORS, *UNREACHABLE) as exc:
        call = LLMCall(
            step=step,
            prompt=prompt.name,
            prompt_version=prompt.version,
            latency_s=time.perf_counter() - start,
            ok=False,
            error=f"{type(exc).__name__}: {exc}"[:500],
            unavailable=isinstance(exc, UNREACHABLE),
        )
        return None, call
    call = LLMCall(
        step=step,
        prompt=prompt.name,
        prompt_version=prompt.version,
        latency_s=time.perf_counter() - start,
        ok=True,
        output_chars=len(result.model_dump_json()),
    )
    return result, call


def jsonable(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, list | tuple):
        return [jsonable(o) for o in obj]
    if isinstance(obj, dict):
        return {k: jsonable(v) for k, v in obj.items()}
    return obj
