"""The embedded LLM server process: llama-cpp-python's OpenAI server plus a thin request shim.

Run as ``python -m underwrite.llm.embedded_server --model PATH --port P ...`` (every
``llama_cpp.server`` option is accepted) by :mod:`.embedded`, never imported by the agent.

Why a shim instead of ``python -m llama_cpp.server`` as is: llama-cpp-python's server accepts only
``response_format={"type": "json_object", "schema": ...}`` and rejects the OpenAI/vLLM form
``{"type": "json_schema", "json_schema": {"schema": ...}}`` with a 422, and its ChatML
function-calling template silently drops ``tool``-role messages. The shim rewrites both in the
request body, so the client speaks one protocol to llama.cpp and vLLM alike and the small model still
sees tool results. The llama.cpp grammar built from the schema then constrains decoding.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def normalize_request(payload: dict[str, Any]) -> dict[str, Any]:
    """Rewrite an OpenAI chat request into the dialect llama-cpp-python understands."""
    fmt = payload.get("response_format")
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema") or {}
        schema = spec.get("schema") if isinstance(spec, dict) else None
        payload["response_format"] = (
            {"type": "json_object", "schema": schema} if schema else {"type": "json_object"}
        )
    messages = payload.get("messages")
    if isinstance(messages, list):
        payload["messages"] = [_normalize_message(m) for m in messages]
    return payload


def _normalize_message(message: Any) -> Any:
    if not isinstance(message, dict):
        return message
    if message.get("role") == "assistant" and message.get("content") is None:
        # OpenAI allows null content beside tool_calls; llama-cpp-python's request model does not.
        return {**message, "content": ""}
    if message.get("role") == "tool":
        call_id = message.get("tool_call_id", "")
        name = message.get("name") or call_id
        return {"role": "user", "content": f"Result of tool call {name}:\n{message.get('content') or ''}"}
    return message


class OpenAIRequestShim:
    """ASGI middleware applying :func:`normalize_request` to ``POST …/chat/completions`` bodies."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].rstrip("/").endswith("/chat/completions")
        ):
            await self.app(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        with contextlib.suppress(ValueError, TypeError):  # not JSON: the server answers its own 4xx
            body = json.dumps(normalize_request(json.loads(body))).encode()
        replayed = False

        async def replay() -> MutableMapping[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # later calls wait for the disconnect, as the server expects

        held_start: MutableMapping[str, Any] | None = None

        async def send_fixing_status(message: MutableMapping[str, Any]) -> None:
            # llama-cpp-python answers a request that fails validation with 500; clients would retry
            # it as a server fault. It is the caller's fault: report 400.
            nonlocal held_start
            if message["type"] == "http.response.start" and message["status"] == 500:
                held_start = message
                return
            if held_start is not None and message["type"] == "http.response.body":
                start, held_start = held_start, None
                if b"validation error" in message.get("body", b""):
                    start = {**start, "status": 400}
                await send(start)
            await send(message)

        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await self.app({**scope, "headers": headers}, replay, send_fixing_status)


def _exit_with_parent(parent_pid: int) -> None:
    """Stop this server when the process that started it is gone (no orphans on a shared host)."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent_pid:
            os._exit(0)


def disable_extra_buffer_types() -> None:
    """Load models without llama.cpp's extra (repacked / AMX) buffer types: see ``.cpu``.

    llama-cpp-python's ``Llama`` takes its model parameters from ``llama_model_default_params()``
    and offers no argument for ``use_extra_bufts``; wrapping that default is the narrowest change
    that reaches it for every model the server loads.
    """
    from llama_cpp import llama as llama_module

    low_level = llama_module.llama_cpp
    original = low_level.llama_model_default_params

    def defaults_without_extra_bufts() -> Any:
        params = original()
        params.use_extra_bufts = False
        return params

    low_level.llama_model_default_params = defaults_without_extra_bufts


def main(argv: list[str] | None = None) -> None:
    import llama_cpp
    import uvicorn
    from llama_cpp.server.app import create_app
    from llama_cpp.server.cli import add_args_from_model, parse_model_from_args
    from llama_cpp.server.settings import ModelSettings, ServerSettings, Settings

    parser = argparse.ArgumentParser(description="underwrite embedded llama.cpp server")
    add_args_from_model(parser, Settings)
    parser.add_argument("--exit_with_parent", type=int, default=0, help="pid to watch; exit when it dies")
    parser.add_argument(
        "--extra_buffers", choices=("on", "off"), default="off", help="llama.cpp extra buffer types"
    )
    args = parser.parse_args(argv)
    if args.extra_buffers == "off":
        disable_extra_buffer_types()
    # The log then says which kernels this CPU runs, the first thing to read after a crash.
    info = llama_cpp.llama_print_system_info().decode().strip()
    print(f"llama.cpp system info: {info}; extra buffer types {args.extra_buffers}", file=sys.stderr)
    if args.exit_with_parent:
        threading.Thread(target=_exit_with_parent, args=(args.exit_with_parent,), daemon=True).start()
    # llama_cpp annotates these as returning the class; they return instances.
    server_settings: Any = parse_model_from_args(ServerSettings, args)
    model_settings: Any = parse_model_from_args(ModelSettings, args)
    app = create_app(server_settings=server_settings, model_settings=[model_settings])
    app.add_middleware(OpenAIRequestShim)
    print(f"embedded LLM ready to listen on {server_settings.host}:{server_settings.port}", file=sys.stderr)
    uvicorn.run(app, host=server_settings.host, port=server_settings.port, log_level="warning")


if __name__ == "__main__":
    main()
