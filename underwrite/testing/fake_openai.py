"""A fake OpenAI-compatible server over real HTTP on loopback, answering in vLLM's exact shape.

Tests script its replies (a queue, or a function of the request) — text, tool calls, errors with
``Retry-After``, delays, SSE streaming — and assert on the requests it recorded. Benchmarks run it in
another process: ``python -m underwrite.testing.fake_openai --port 8999 --latency 1.0``; the batch
fault test stops that process (SIGTERM) and starts it again on the same port to simulate an outage.
In-process, ``stop()`` then ``start()`` does the same. ``GET /stats`` reports calls served and the
peak number of chat requests in flight (a fixed latency per call is a blocking sleep in the
request's own thread, so every concurrent request waits in parallel, like a batching server).

Response shape follows vLLM's ``ChatCompletionResponse`` (vllm/entrypoints/openai/protocol.py):
``id`` "chatcmpl-<hex>", tool call ids "chatcmpl-tool-<hex>", ``message.reasoning_content``,
``choices[].stop_reason``, ``prompt_logprobs``, ``kv_transfer_params``; errors as
``{"error": {"message", "type", "param", "code"}}``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import BaseModel, Field

_ERROR_TYPES = {
    400: "BadRequestError",
    404: "NotFoundError",
    422: "BadRequestError",
    429: "RateLimitError",
    500: "InternalServerError",
    503: "ServiceUnavailableError",
}


class ScriptedToolCall(BaseModel):
    name: str
    arguments: str | dict[str, Any] = Field(default_factory=dict)  # a str is sent verbatim (even broken)


class Reply(BaseModel):
    """One scripted answer. ``status`` ≠ 200 makes it an error reply."""

    text: str = ""
    tool_calls: list[ScriptedToolCall] = Field(default_factory=list)
    finish_reason: str | None = None  # default: "tool_calls" if tool calls else "stop"
    status: int = 200
    error_message: str = ""
    headers: dict[str, str] = Field(default_factory=dict)
    delay_s: float = 0.0  # before the response starts
    chunk_delay_s: float = 0.0  # between streamed chunks
    prompt_tokens: int | None = None
    completion_tokens: int | None = None

    @classmethod
    def say(cls, text: str, **kw: Any) -> Reply:
        return cls(text=text, **kw)

    @classmethod
    def call(cls, name: str, arguments: str | dict[str, Any], **kw: Any) -> Reply:
        return cls(tool_calls=[ScriptedToolCall(name=name, arguments=arguments)], **kw)

    @classmethod
    def error(
        cls, status: int, message: str = "scripted error", retry_after: str | None = None, **kw: Any
    ) -> Reply:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        return cls(status=status, error_message=message, headers=headers, **kw)


class ServerStats(BaseModel):
    """Counters for benchmarks: ``calls`` = chat completions answered with 200 and fully written."""

    calls: int = 0
    errors: int = 0
    in_flight: int = 0
    max_in_flight: int = 0


class RecordedRequest(BaseModel):
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


Handler = Callable[[dict[str, Any]], Reply]


class _LoopbackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # The default listen backlog (5) drops SYNs when a batch opens dozens of connections at once;
    # each dropped SYN costs the client a 1 s retransmit, which a latency benchmark would measure.
    request_queue_size = 128


class FakeOpenAIServer:
    """``with FakeOpenAIServer([Reply.say("hi")]) as server: LLMClient(server.url, "m")``."""

    def __init__(
        self,
        replies: Iterable[Reply] = (),
        *,
        handler: Handler | None = None,
        default: Reply | None = None,
        latency_s: float = 0.0,
        model: str = "fake-model",
        host: str = "127.0.0.1",
        port: int = 0,
        record_requests: bool = True,
    ) -> None:
        self.replies: deque[Reply] = deque(replies)
        self.handler = handler
        self.default = default or Reply(text="ok")
        self.latency_s = latency_s
        self.model = model
        self.requests: list[RecordedRequest] = []
        # A long benchmark serves thousands of calls; it needs the counters, not every body.
        self.record_requests = record_requests
        self.stats = ServerStats()
        self._lock = threading.Lock()
        self.host = host
        self._httpd = self._bind(port)
        self._port = int(self._httpd.server_address[1])
        self._closed = False
        self._thread: threading.Thread | None = None

    def _bind(self, port: int) -> ThreadingHTTPServer:
        return _LoopbackHTTPServer((self.host, port), _make_handler(self))

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def wait_idle(self, timeout_s: float = 5.0) -> ServerStats:
        """Stats once no request is in flight: the handler counts a call only after the client has
        its last byte, so a client can finish a moment before the counters move."""
        deadline = time.monotonic() + timeout_s
        while self.stats.in_flight and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.stats

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def push(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def start(self) -> FakeOpenAIServer:
        """Serve on a background thread; after :meth:`stop`, listen again on the same port."""
        if self._closed:
            self._httpd = self._bind(self._port)
            self._closed = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening. Requests already being answered finish in their own (daemon) threads."""
        if self._closed:
            return
        if self._thread is not None:
            self._httpd.shutdown()
        self._httpd.server_close()
        self._closed = True
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def serve_forever(self) -> None:
        """Serve on the calling thread until SIGTERM/SIGINT (the ``python -m`` entry point)."""
        try:
            self._httpd.serve_forever(poll_interval=0.05)
        finally:
            self._httpd.server_close()
            self._closed = True

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            if self.handler is not None:
                return self.handler(body)
            return self.replies.popleft() if self.replies else self.default


def completion_body(reply: Reply, model: str, prompt_tokens: int) -> dict[str, Any]:
    calls = [_tool_call(c) for c in reply.tool_calls]
    completion_tokens = _completion_tokens(reply)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": reply.text or (None if calls else ""),
                    "refusal": None,
                    "annotations": None,
                    "audio": None,
                    "function_call": None,
                    "tool_calls": calls,
                    "reasoning_content": None,
                },
                "logprobs": None,
                "finish_reason": reply.finish_reason or ("tool_calls" if calls else "stop"),
                "stop_reason": None,
            }
        ],
        "service_tier": None,
        "system_fingerprint": None,
        "usage": {
            "prompt_tokens": prompt_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "completion_tokens": completion_tokens,
            "prompt_tokens_details": None,
        },
        "prompt_logprobs": None,
        "kv_transfer_params": None,
    }


def stream_chunks(reply: Reply, model: str, prompt_tokens: int, include_usage: bool) -> list[dict[str, Any]]:
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": cid,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [
                {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish, "stop_reason": None}
            ],
        }

    chunks = [chunk({"role": "assistant", "content": ""})]
    chunks += [chunk({"content": piece}) for piece in _pieces(reply.text)]
    chunks.append(chunk({"content": ""}, reply.finish_reason or "stop"))
    if include_usage:
        n = _completion_tokens(reply)
        chunks.append(
            {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "total_tokens": prompt_tokens + n,
                    "completion_tokens": n,
                },
            }
        )
    return chunks


def _tool_call(call: ScriptedToolCall) -> dict[str, Any]:
    args = call.arguments if isinstance(call.arguments, str) else json.dumps(call.arguments)
    return {
        "id": f"chatcmpl-tool-{uuid.uuid4().hex[:16]}",
        "type": "function",
        "function": {"name": call.name, "arguments": args},
    }


def _pieces(text: str) -> list[str]:
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words) if w or i == 0] if text else []


def _completion_tokens(reply: Reply) -> int:
    if reply.completion_tokens is not None:
        return reply.completion_tokens
    return len(_pieces(reply.text)) + sum(
        len(_tool_call(c)["function"]["arguments"]) // 4 for c in reply.tool_calls
    )


def _make_handler(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _record(self, body: dict[str, Any] | None) -> None:
            if not server.record_requests:
                return
            with server._lock:
                server.requests.append(
                    RecordedRequest(
                        method=self.command, path=self.path, headers=dict(self.headers.items()), body=body
                    )
                )

        def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._record(None)
            if self.path.rstrip("/").endswith("/models"):
                self._send_json(
                    200,
                    {
                        "object": "list",
                        "data": [
                            {
                                "id": server.model,
                                "object": "model",
                                "created": int(time.time()),
                                "owned_by": "vllm",
                                "root": server.model,
                                "parent": None,
                                "max_model_len": 8192,
                            }
                        ],
                    },
                )
            elif self.path in ("/health", "/v1/health"):
                self._send_json(200, {})
            elif self.path in ("/stats", "/v1/stats"):
                with server._lock:
                    snapshot = server.stats.model_dump()
                self._send_json(200, snapshot)
            else:
                self._send_json(404, _error(404, f"no route {self.path}"))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                self._record(None)
                self._send_json(400, _error(400, "body is not JSON"))
                return
            self._record(body)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send_json(404, _error(404, f"no route {self.path}"))
                return
            reply = server.next_reply(body)
            stats = server.stats
            with server._lock:
                stats.in_flight += 1
                stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
            answered = False
            try:
                time.sleep(server.latency_s + reply.delay_s)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up
                    self._answer(body, reply)
                    answered = True
            finally:
                with server._lock:
                    stats.in_flight -= 1
                    if answered and reply.status == 200:
                        stats.calls += 1
                    elif answered:
                        stats.errors += 1

        def _answer(self, body: dict[str, Any], reply: Reply) -> None:
            if reply.status != 200:
                self._send_json(reply.status, _error(reply.status, reply.error_message), reply.headers)
                return
            prompt_tokens = reply.prompt_tokens if reply.prompt_tokens is not None else _prompt_tokens(body)
            if not body.get("stream"):
                self._send_json(200, completion_body(reply, server.model, prompt_tokens), reply.headers)
                return
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            for chunk in stream_chunks(reply, server.model, prompt_tokens, include_usage):
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                if reply.chunk_delay_s:
                    time.sleep(reply.chunk_delay_s)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return _Handler


def _error(status: int, message: str) -> dict[str, Any]:
    return {
        "error": {
            "message": message,
            "type": _ERROR_TYPES.get(status, "Error"),
            "param": None,
            "code": status,
        }
    }


def _prompt_tokens(body: dict[str, Any]) -> int:
    text = " ".join(str(m.get("content") or "") for m in body.get("messages", []) if isinstance(m, dict))
    return max(1, len(text.split()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fake OpenAI-compatible (vLLM-shaped) server on loopback")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each reply")
    parser.add_argument("--model", default="fake-model")
    parser.add_argument("--text", default="ok", help="reply text for every request")
    parser.add_argument(
        "--no-record", action="store_true", help="keep only counters (GET /stats), not request bodies"
    )
    args = parser.parse_args(argv)
    server = FakeOpenAIServer(
        default=Reply(text=args.text),
        latency_s=args.latency,
        model=args.model,
        host=args.host,
        port=args.port,
        record_requests=not args.no_record,
    )
    # SIGTERM ends the process at once, like a server that went away: open connections are reset.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    print(server.url, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
