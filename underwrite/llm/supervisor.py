"""Keeps the embedded LLM server alive: notices its death, says so in words, restarts it (bounded).

Why in the client's process rather than a separate watchdog: the process that started the server is
its parent, the only one that can reap it (no zombies) and read its exit signal; and the client that
saw the connection drop is the one that must decide whether to retry the request in flight.

Contract with :class:`~underwrite.llm.client.LLMClient` (see :class:`Recovery`): a request
notes :meth:`EmbeddedSupervisor.generation` when it starts; on a connection failure the client calls
:meth:`EmbeddedSupervisor.recover` with it. A death since then is answered with a restarted server
on the same URL and one immediate retry; a second death during that retry fails the request only,
with the signal in the error. A server another process started (found through the state file) is
restarted by this process when its pid is gone.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from underwrite.core.settings import Settings, get_settings
from underwrite.llm.embedded import (
    EmbeddedServer,
    EmbeddedSettings,
    find_running,
    pid_alive,
    start_embedded,
    state_lock,
)
from underwrite.llm.errors import EmbeddedLLMError, LLMUnavailableError
from underwrite.llm.results import CallRecord

log = logging.getLogger(__name__)

DEATH_GRACE_S = 1.0
"""How long a dropped connection waits for the server's exit to show before it counts as alive."""

STOP_CODES = (-signal.SIGTERM, -signal.SIGINT, 0)
"""Exits that mean "asked to stop", which the supervisor respects instead of restarting."""

Launcher = Callable[[int | None], EmbeddedServer]
"""Starts a server, on the given port when not None, and returns once it answers."""


@dataclass(frozen=True)
class Recovery:
    """What :meth:`EmbeddedSupervisor.recover` found after a connection failure."""

    crashed: bool
    """The server died since the request started (False: it is alive, retry as usual)."""
    restarted: bool
    """A new server is answering at the same URL."""
    description: str = ""
    """In words: how it died, whether it was restarted, where its log is."""
    generation: int = 0
    """The supervisor's generation after recovery; the retried request starts from it."""


def describe_exit(code: int | None) -> str:
    if code is None:
        return "disappeared (it was started by another process, so its exit status is unknown)"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"crashed with {name}"
    return f"exited with code {code}"


class EmbeddedSupervisor:
    """One embedded server and its restarts; thread-safe, one per process and data directory."""

    def __init__(self, launcher: Launcher, *, max_restarts: int, log_path: Path) -> None:
        self._launch = launcher
        self.max_restarts = max_restarts
        self.log_path = log_path
        self.restarts = 0
        self.deaths: list[str] = []
        self._server: EmbeddedServer | None = None
        self._generation = 0
        self._lock = threading.RLock()
        self._stopping = False

    # ---- public ------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        with self._lock:
            # A server of another process is looked up again each time: it may have gone.
            if self._server is None or self._server.process is None:
                self._adopt(self._launch(None))
            assert self._server is not None
            return self._server.url

    def generation(self) -> int:
        with self._lock:
            return self._generation

    def alive(self) -> bool:
        with self._lock:
            return self._server is not None and self._is_alive(self._server)

    def recover(self, since: int) -> Recovery:
        """Called after a connection failure of a request that started at generation ``since``."""
        with self._lock:
            server = self._server
        # The client sees the connection drop a moment before the kernel reports the exit.
        if server is not None and server.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.process.wait(timeout=DEATH_GRACE_S)
        with self._lock:
            if self._generation > since:  # the watcher already handled a death during the request
                return Recovery(True, self._is_up(), self.deaths[-1], self._generation)
            server = self._server
            if server is None or self._is_alive(server):
                return Recovery(False, server is not None, "", self._generation)
            return self._handle_death(server, server.process.poll() if server.process else None)

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            if self._server is not None:
                self._server.stop()
                self._server = None

    # ---- internals ---------------------------------------------------------------------------
    def _adopt(self, server: EmbeddedServer) -> None:
        self._server = server
        self._stopping = False
        if server.process is not None:
            threading.Thread(target=self._watch, args=(server,), daemon=True, name="llm-watch").start()

    def _watch(self, server: EmbeddedServer) -> None:
        """Wait on the child: reaps it the moment it dies (no zombie) and restarts it at once."""
        proc = server.process
        if proc is None:
            return
        code = proc.wait()
        with self._lock:
            if self._stopping or self._server is not server:
                return  # stopped on purpose, or already replaced
            if code in STOP_CODES:  # someone stopped it (atexit, an operator's kill): not a crash
                log.info("embedded LLM %s; not restarted", describe_exit(code))
                self._server = None
                return
            self._handle_death(server, code)

    def _handle_death(self, server: EmbeddedServer, code: int | None) -> Recovery:
        """Under the lock: say what happened, restart within the budget, move to a new generation."""
        what = f"embedded LLM {describe_exit(code)}"
        self._server = None
        self._generation += 1
        if self.restarts >= self.max_restarts:
            text = (
                f"{what}; not restarting (restart limit {self.max_restarts} reached, "
                f"UW_LLAMACPP_MAX_RESTARTS); log: {self.log_path}"
            )
            log.error(text)
            self.deaths.append(text)
            return Recovery(True, False, text, self._generation)
        self.restarts += 1
        text = f"{what}; restarting ({self.restarts}/{self.max_restarts}); log: {self.log_path}"
        log.warning(text)
        try:
            self._adopt(self._launch(server.state.port))
        except EmbeddedLLMError as exc:
            text = f"{what}; restart {self.restarts}/{self.max_restarts} failed: {exc}"
            log.error(text)
            self.deaths.append(text)
            return Recovery(True, False, text, self._generation)
        self.deaths.append(text)
        return Recovery(True, True, text, self._generation)

    def _is_up(self) -> bool:
        return self._server is not None and self._is_alive(self._server)

    @staticmethod
    def _is_alive(server: EmbeddedServer) -> bool:
        if server.process is not None:
            return server.process.poll() is None
        return pid_alive(server.state.pid) or server.state.pid == 0


def after_crash(supervisor: EmbeddedSupervisor, record: CallRecord, since: int) -> int | None:
    """The client's step after a connection failure: the generation to retry from at once when the
    server died and was restarted for the first time in this request; None when it did not die
    (retry as usual). Raises :class:`LLMUnavailableError` when the request may not be retried."""
    found = supervisor.recover(since)
    if not found.crashed:
        return None
    record.crashes.append(found.description)
    if found.restarted and len(record.crashes) == 1:
        return found.generation
    if len(record.crashes) > 1:
        raise LLMUnavailableError(
            f"{found.description}; this request was retried once after the server crashed and it "
            "crashed again, so it is not retried (other requests go on)",
            attempts=record.attempts,
        )
    raise LLMUnavailableError(found.description, attempts=record.attempts)


_registry_lock = threading.Lock()
_supervisor: EmbeddedSupervisor | None = None


def supervisor_for(settings: Settings | None = None) -> EmbeddedSupervisor:
    """This process's supervisor of the embedded server (one per process, as there is one model)."""
    global _supervisor
    s = settings or get_settings()
    with _registry_lock:
        if _supervisor is None:
            # Settings are read at each start, not frozen at the first: tests and the UI change them.
            _supervisor = EmbeddedSupervisor(
                lambda port: _find_or_start(get_settings(), port),
                max_restarts=EmbeddedSettings().max_restarts,
                log_path=s.logs_dir / "llm-server.log",
            )
        return _supervisor


def _find_or_start(s: Settings, port: int | None) -> EmbeddedServer:
    """A live server of another process (by the state file), else a new one under the file lock."""
    with state_lock(s):
        running = find_running(s)
        if running is not None:
            return running
        return start_embedded(s, port=port)


def ensure_llm(settings: Settings | None = None) -> str:
    """Base URL of the LLM: the configured ``UW_LLM_URL``, else the embedded server (started if needed)."""
    s = settings or get_settings()
    if s.llm_url.strip():
        return s.llm_url.strip().rstrip("/")
    return supervisor_for(s).url


def stop_embedded() -> None:
    """Stop the embedded server this process started (also registered with atexit)."""
    global _supervisor
    with _registry_lock:
        sup, _supervisor = _supervisor, None
    if sup is not None:
        sup.stop()
