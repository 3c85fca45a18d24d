"""The GPU backend: the ``vllm serve`` command line our agent needs.

Flags checked against vLLM's documentation (docs.vllm.ai, "Tool Calling" and "Structured Outputs",
and vllm-project/vllm PR #22772):
- tool calling with ``tool_choice="auto"`` needs ``--enable-auto-tool-choice`` and
  ``--tool-call-parser <name>``; the parser depends on the model family (hermes for Hermes and
  Qwen2.5/QwQ, llama3_json for Llama 3.1/3.2, llama4_pythonic for Llama 4, mistral for Mistral, …);
  named and "required" tool choice use structured outputs and work without a parser;
- JSON schema output is requested per call with ``response_format={"type": "json_schema", …}``;
  the engine-wide backend is ``--structured-outputs-config.backend`` (auto | xgrammar | guidance |
  outlines | lm-format-enforcer). PR #22772 removed ``--guided-decoding-backend`` (vLLM ≥ 0.10.2);
  ``legacy_guided_decoding`` emits the old flag for older installs.
"""

from __future__ import annotations

import re
import shlex

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from underwrite.llm.errors import LLMError

# First match wins, so specific names come before the families that contain them
# (Hermes-3-Llama-3.1 is a Hermes model; Qwen3-Coder has its own parser).
TOOL_CALL_PARSERS: list[tuple[str, str]] = [
    (r"hermes", "hermes"),
    (r"qwen3-coder", "qwen3_xml"),
    (r"qwen|qwq", "hermes"),
    (r"xlam", "xlam"),
    (r"llama-?4", "llama4_pythonic"),
    (r"llama-?3", "llama3_json"),
    (r"mistral|mixtral|ministral", "mistral"),
    (r"granite-20b-functioncalling", "granite-20b-fc"),
    (r"granite-4", "granite4"),
    (r"granite", "granite"),
    (r"internlm", "internlm"),
    (r"jamba", "jamba"),
    (r"deepseek-v3\.1", "deepseek_v31"),
    (r"deepseek-(v3|r1)", "deepseek_v3"),
    (r"gpt-oss", "openai"),
    (r"kimi-k2", "kimi_k2"),
    (r"glm-4\.[56]", "glm45"),
]


class VLLMSettings(BaseSettings):
    """``underwrite llm serve --backend vllm`` options; each also reads ``UW_VLLM_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="UW_VLLM_", extra="ignore")

    model: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    served_model_name: str = Field(default="", description="default: the model name")
    max_model_len: int = Field(default=8192, gt=0)
    gpu_memory_utilization: float = Field(default=0.90, gt=0, le=1)
    tensor_parallel_size: int = Field(default=1, ge=1)
    tool_call_parser: str = Field(default="", description="default: from TOOL_CALL_PARSERS")
    chat_template: str = Field(default="", description="tool-aware template, e.g. for Llama 3.1")
    structured_outputs_backend: str = "xgrammar"
    legacy_guided_decoding: bool = Field(default=False, description="vLLM < 0.10.2 flag names")
    extra_args: str = Field(default="", description="more `vllm serve` flags, shell-quoted")


def tool_call_parser_for(model: str) -> str | None:
    name = model.lower()
    for pattern, parser in TOOL_CALL_PARSERS:
        if re.search(pattern, name):
            return parser
    return None


def vllm_command(cfg: VLLMSettings) -> list[str]:
    if not cfg.model:
        raise LLMError("vLLM needs a model: --model NAME_OR_PATH (or UW_VLLM_MODEL)")
    parser = cfg.tool_call_parser or tool_call_parser_for(cfg.model)
    if parser is None:
        raise LLMError(
            f"no known tool-call parser for model {cfg.model!r}; pass --tool-call-parser "
            "(see https://docs.vllm.ai/en/latest/features/tool_calling/)"
        )
    cmd = [
        "vllm",
        "serve",
        cfg.model,
        "--host",
        cfg.host,
        "--port",
        str(cfg.port),
        "--served-model-name",
        cfg.served_model_name or cfg.model,
        "--max-model-len",
        str(cfg.max_model_len),
        "--gpu-memory-utilization",
        f"{cfg.gpu_memory_utilization:g}",
        "--tensor-parallel-size",
        str(cfg.tensor_parallel_size),
        "--enable-auto-tool-choice",
        "--tool-call-parser",
        parser,
    ]
    if cfg.chat_template:
        cmd += ["--chat-template", cfg.chat_template]
    if cfg.legacy_guided_decoding:
        cmd += ["--guided-decoding-backend", cfg.structured_outputs_backend]
    else:
        cmd += ["--structured-outputs-config.backend", cfg.structured_outputs_backend]
    cmd += shlex.split(cfg.extra_args)
    return cmd
