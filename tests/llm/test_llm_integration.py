"""The real embedded model: SmolLM2-135M via llama.cpp, started by ensure_llm() with nothing configured."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from underwrite.core.settings import reset_settings_cache
from underwrite.llm import LLMClient, ensure_llm, stop_embedded

pytestmark = pytest.mark.integration


class CreditView(BaseModel):
    """Field names and enums the model would not produce by chance: only the grammar explains a match."""

    applicant_name: str = Field(max_length=80)
    risk_band: Literal["low", "medium", "high"]
    monthly_income_eur: int = Field(ge=0, le=1_000_000)


@pytest.fixture(autouse=True)
def no_configured_url(isolated_home: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo conftest's dead-port URL for each test (it runs after the module-scoped client)."""
    monkeypatch.delenv("UW_LLM_URL", raising=False)
    monkeypatch.setenv("UW_LLM_PORT", "0")
    reset_settings_cache()


@pytest.fixture(scope="module")
def client() -> Iterator[LLMClient]:
    mp = pytest.MonkeyPatch()
    mp.delenv("UW_LLM_URL", raising=False)
    mp.setenv("UW_LLM_PORT", "0")  # a free port: other people's servers may hold 8765
    reset_settings_cache()
    try:
        yield LLMClient.from_settings()
    finally:
        stop_embedded()
        mp.undo()
        reset_settings_cache()


def test_embedded_server_started_and_answers_chat(client: LLMClient) -> None:
    assert client.base_url == ensure_llm()  # the second call reuses the running server
    result = client.chat([{"role": "user", "content": "Say hello to a loan officer."}], max_tokens=24)
    assert result.text.strip()
    assert result.usage.completion_tokens > 0 and result.model == "smollm2-135m-instruct"


def test_structured_output_is_grammar_constrained(client: LLMClient) -> None:
    messages = [
        {"role": "user", "content": "Maria Lopez earns 4200 euros a month and has no debt. Assess her."}
    ]
    view = client.structured(messages, CreditView, max_tokens=80)
    assert isinstance(view, CreditView)
    # Valid on the first attempt, no repair round: the schema constrained decoding.
    assert [r.kind for r in client.records][-1:] == ["structured"]
    assert sum(r.kind == "structured" for r in client.records) == 1


def test_forced_tool_call_has_schema_valid_arguments(client: LLMClient) -> None:
    tools = [
        {
            "type": "function",
            "function": {
                "name": "compute_ratio",
                "description": "Compute a credit ratio",
                "parameters": {
                    "type": "object",
                    "properties": {"ratio": {"type": "string", "enum": ["dti", "lti"]}},
                    "required": ["ratio"],
                },
            },
        }
    ]
    result = client.chat(
        [{"role": "user", "content": "What is the debt-to-income ratio?"}],
        tools=tools,
        tool_choice={"type": "function", "function": {"name": "compute_ratio"}},
        max_tokens=32,
    )
    (call,) = result.tool_calls
    assert call.name == "compute_ratio" and call.arguments["ratio"] in ("dti", "lti")


def test_streaming_from_the_real_model(client: LLMClient) -> None:
    pieces = list(client.stream([{"role": "user", "content": "Name one bank."}], max_tokens=12))
    assert pieces and client.records[-1].first_token_s is not None
