"""A fake OpenAI-compatible server over real HTTP on loopback, answering in vLLM 0.33.0's exact shape.

Tests script its replies (a queue, or a function of the request) — text, tool calls, errors with
``Retry-After``, delays, SSE streaming — and assert on the requests it recorded. Benchmarks run it in
another process: ``python -m underwrite.testing.fake_openai --port 8999 --latency 1.0``; the batch
fault test stops that process (SIGTERM) and starts it again on the same port to simulate an outage.
In-process, ``stop()`` then ``start()`` does the same. ``GET /stats`` reports calls served and the
peak number of chat requests in flight (a fixed latency per call is a blocking sleep in the
request's own thread, so every concurrent request waits in parallel, like a batching server).

The replies' wire format (vLLM's exact response shape) lives in :mod:`.openai_wire`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from underwrite.testing.fake_stats import RecordedRequest, ServerStats
from underwrite.testing.openai_wire import (
    Reply,
    completion_body,
    error_body,
    model_permission,
    prompt_tokens,
    stream_chunks,
)

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
                                "permission": [model_permission()],
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
                self._send_json(404, error_body(404, f"no route {self.path}"))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                self._record(None)
                self._send_json(400, error_body(400, "body is not JSON"))
                return
            self._record(body)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send_json(404, error_body(404, f"no route {self.path}"))
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
                self._send_json(reply.status, error_body(reply.status, reply.error_message), reply.headers)
                return
            n_prompt = reply.prompt_tokens if reply.prompt_tokens is not None else prompt_tokens(body)
            if not body.get("stream"):
                body_out = completion_body(reply, server.model, n_prompt, body.get("tool_choice"))
                self._send_json(200, body_out, reply.headers)
                return
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            for chunk in stream_chunks(reply, server.model, n_prompt, include_usage, body.get("tool_choice")):
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                if reply.chunk_delay_s:
                    time.sleep(reply.chunk_delay_s)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return _Handler


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
