"""Structured output: a pydantic model's JSON schema sent as ``response_format``, the reply validated,
one repair round that shows the model its own validation error, then a typed failure.

The request uses the OpenAI ``json_schema`` form, which vLLM turns into guided decoding and the
embedded server (see :mod:`.embedded_server`) into a llama.cpp grammar, so the output is constrained
on both backends; validation still runs because constraints do not cover every pydantic rule
(custom validators, cross-field checks) and an arbitrary OpenAI-compatible URL may ignore them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from underwrite.llm.errors import StructuredOutputError

SchemaT = TypeVar("SchemaT", bound=BaseModel)
Message = Mapping[str, Any]

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
_NAME_OK = re.compile(r"[^a-zA-Z0-9_-]")


def response_format(schema: type[BaseModel]) -> dict[str, Any]:
    name = _NAME_OK.sub("_", schema.__name__)[:64] or "output"
    return {
        "type": "json_schema",
        "json_schema": {"name": name, "schema": schema.model_json_schema(), "strict": True},
    }


def parse(schema: type[SchemaT], text: str) -> SchemaT:
    """Validate ``text`` as ``schema``; tolerate a Markdown code fence around the JSON.

    Raw control characters (a literal newline) inside strings are accepted: llama.cpp's JSON
    grammar lets the model emit them, and strict JSON parsing would throw the whole reply away.
    """
    match = _FENCE.match(text)
    body = match.group(1) if match else text.strip()
    try:
        return schema.model_validate_json(body)
    except ValidationError as exc:
        if not any(e["type"] == "json_invalid" for e in exc.errors()):
            raise
        try:
            loose = json.loads(body, strict=False)
        except ValueError:
            raise exc from None
        return schema.model_validate(loose)


def repair_messages(messages: Sequence[Message], raw_text: str, error: ValidationError) -> list[Message]:
    return [
        *messages,
        {"role": "assistant", "content": raw_text},
        {
            "role": "user",
            "content": (
                "Your reply did not match the required JSON schema. Validation errors:\n"
                f"{_describe(error)}\n"
                "Reply again with only one JSON object that satisfies the schema."
            ),
        },
    ]


def run(
    messages: Sequence[Message], schema: type[SchemaT], ask: Callable[[Sequence[Message]], str]
) -> SchemaT:
    raw = ask(messages)
    try:
        return parse(schema, raw)
    except ValidationError as first:
        retry_raw = ask(repair_messages(messages, raw, first))
        return _second_try(schema, retry_raw)


async def arun(
    messages: Sequence[Message], schema: type[SchemaT], ask: Callable[[Sequence[Message]], Awaitable[str]]
) -> SchemaT:
    raw = await ask(messages)
    try:
        return parse(schema, raw)
    except ValidationError as first:
        retry_raw = await ask(repair_messages(messages, raw, first))
        return _second_try(schema, retry_raw)


def parse_once(schema: type[SchemaT], raw: str) -> SchemaT:
    """Parse a single reply; invalid output raises :class:`StructuredOutputError` without a retry."""
    return _second_try(schema, raw, "(no repair attempt)")


def _second_try(schema: type[SchemaT], raw: str, attempt: str = "after one repair attempt") -> SchemaT:
    try:
        return parse(schema, raw)
    except ValidationError as second:
        raise StructuredOutputError(
            f"LLM output does not match schema {schema.__name__} {attempt}:\n{_describe(second)}",
            schema_name=schema.__name__,
            raw_text=raw,
            errors=_describe(second),
        ) from second


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors(include_url=False)[:20]:
        where = ".".join(str(p) for p in item["loc"]) or "(root)"
        lines.append(f"- {where}: {item['msg']}")
    return "\n".join(lines)
