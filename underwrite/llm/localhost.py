"""Small facts about this machine's processes and loopback ports that the embedded server needs."""

from __future__ import annotations

import os
import socket

import httpx


def served_models(url: str, timeout_s: float = 2.0) -> list[str] | None:
    """Model ids from ``GET {url}/models``, or None if nothing OpenAI-like answers there."""
    try:
        response = httpx.get(f"{url}/models", timeout=timeout_s)
        if response.status_code != 200:
            return None
        return [str(m.get("id")) for m in response.json().get("data", [])]
    except (httpx.HTTPError, ValueError, AttributeError):
        return None


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
