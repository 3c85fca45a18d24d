"""How the LLM backends are started and served: the vLLM command and tool-call parsers, the CLI's
dry runs, the llama.cpp prompt cache flag, the fake OpenAI server as a process, the LLM bench."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from underwrite.cli.main import app
from underwrite.core.settings import reset_settings_cache
from underwrite.llm.embedded import free_port
from underwrite.llm.errors import LLMError
from underwrite.llm.vllm import VLLMSettings, tool_call_parser_for, vllm_command
from underwrite.testing.fake_openai import FakeOpenAIServer, Reply


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
