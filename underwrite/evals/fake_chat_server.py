"""A minimal OpenAI-compatible chat server on loopback with a fixed latency per call.

Stand-in until ``underwrite.testing.fake_openai`` (issue 5) lands: real HTTP, vLLM-shaped
``/v1/chat/completions`` replies, a fixed ``latency_s`` per call (asyncio sleep, so thousands of
calls may be in flight at once like a continuously batching server), and ``/stats`` with the
number of calls served. Run it in a thread (tests) or as a process (benchmark, so it can be
stopped and restarted): ``python -m underwrite.evals.fake_chat_server --port P --latency 1``.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import threading
import time
from types import TracebackType

from aiohttp import web

_RECOMMENDATIONS = ("approve", "approve with conditions", "refer", "decline")


def build_app(latency_s: float, model: str = "fake-model") -> web.Application:
    stats = {"calls": 0, "in_flight": 0, "max_in_flight": 0}

    async def chat(request: web.Request) -> web.Response:
        body = await request.json()
        stats["in_flight"] += 1
        stats["max_in_flight"] = max(stats["max_in_flight"], stats["in_flight"])
        try:
            await asyncio.sleep(latency_s)
        finally:
            stats["in_flight"] -= 1
        stats["calls"] += 1
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        digest = hashlib.sha256(prompt.encode()).hexdigest()
        recommendation = _RECOMMENDATIONS[int(digest[:2], 16) % len(_RECOMMENDATIONS)]
        text = f"Draft section (ref {digest[:10]}). Recommendation: {recommendation}."
        return web.json_response(
            {
                "id": f"chatcmpl-{digest[:24]}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", model),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text, "tool_calls": []},
                        "logprobs": None,
                        "finish_reason": "stop",
                        "stop_reason": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": len(prompt) // 4,
                    "completion_tokens": 16,
                    "total_tokens": len(prompt) // 4 + 16,
                },
                "prompt_logprobs": None,
            }
        )

    async def models(_request: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [{"id": model, "object": "model"}]})

    async def stats_view(_request: web.Request) -> web.Response:
        return web.json_response(stats)

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    app.router.add_get("/v1/models", models)
    app.router.add_get("/stats", stats_view)
    return app


class ThreadedChatServer:
    """The fake server on a background thread: ``with ThreadedChatServer(0.05) as url: ...``."""

    def __init__(self, latency_s: float, port: int = 0) -> None:
        self.latency_s = latency_s
        self.port = port
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> str:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self.url

    async def _start(self) -> None:
        # Cancel handlers whose client went away, and do not wait a minute for sleepers at shutdown.
        self._runner = web.AppRunner(
            build_app(self.latency_s), shutdown_timeout=1.0, handler_cancellation=True
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(prog="fake_chat_server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", type=float, default=1.0)
    args = parser.parse_args()
    web.run_app(
        build_app(args.latency),
        host="127.0.0.1",
        port=args.port,
        print=None,
        access_log=None,
        shutdown_timeout=1.0,
        handler_cancellation=True,
    )


if __name__ == "__main__":
    main()
