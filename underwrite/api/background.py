"""The API process's own queue worker and webhook sender, on one background thread.

The worker is the batch's :class:`BatchWorker` with the batch's agent runner (the same
``draft_memo``), sharing the API's workflow tools; it never exits when the queue is empty. On
shutdown it releases the jobs it holds (attempt given back); a killed process's leases expire, and
any worker, here or `underwrite batch`, resumes those runs from their checkpoints.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading

import httpx

from underwrite.api.context import ApiContext
from underwrite.api.webhooks import deliver_due
from underwrite.queue.agent_runner import AgentMemoRunner
from underwrite.queue.worker import BatchWorker

log = logging.getLogger("underwrite.api.background")


class Background:
    def __init__(self, ctx: ApiContext) -> None:
        self.ctx = ctx
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._worker: BatchWorker | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="api-background", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=60)

    def stop(self, timeout_s: float = 30.0) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            # The loop stops the worker itself once ``stop`` is set (see _run); it may close
            # right after, so nothing else is scheduled on it from here.
            with contextlib.suppress(RuntimeError):  # already closed: the thread has ended
                loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(timeout=timeout_s)

    def _main(self) -> None:
        asyncio.run(self._run())

    async def _run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        config = self.ctx.config
        tasks = [asyncio.create_task(self._webhooks())]
        try:
            if config.workers > 0:
                deps = await asyncio.to_thread(self.ctx.deps)
                runner = AgentMemoRunner(deps=deps, concurrency=config.workers)
                self._worker = BatchWorker(
                    self.ctx.queue(), runner, config.workers, poll_s=config.poll_s, exit_when_drained=False
                )
                tasks.append(asyncio.create_task(self._worker.run()))
        except Exception:  # the API still serves reads; jobs wait for a worker (here after a restart)
            log.exception("the in-process queue worker could not start")
        finally:
            self._ready.set()
        await self._stop.wait()
        if self._worker is not None:
            self._worker.request_stop()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _webhooks(self) -> None:
        config = self.ctx.config
        assert self._stop is not None
        with httpx.Client(timeout=config.webhook_timeout_s) as client:
            while not self._stop.is_set():
                try:
                    await asyncio.to_thread(
                        deliver_due,
                        self.ctx.queue(),
                        client,
                        config.webhook_attempts,
                        guard=self.ctx.callback_guard(),
                    )
                except Exception:  # the database blinked; the rows stay pending for the next round
                    log.exception("webhook round failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), timeout=config.poll_s)
