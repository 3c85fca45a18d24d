"""Drill: a served LLM that hangs (accepts the request, never answers, keeps the socket open).

Before: each of the 1 + max_retries attempts waited the whole timeout, so with the defaults
(120 s, 3 retries) one memo waited 8 minutes on a hung server before its deterministic fallback.
Now a request whose attempts timed out twice is given up: 2 x the timeout at most.
"""

from __future__ import annotations

import asyncio

import pytest

from underwrite.llm import LLMClient, LLMTimeoutError, RetryPolicy
from underwrite.testing.fake_openai import FakeOpenAIServer
from underwrite.testing.openai_wire import Reply

MSGS = [{"role": "user", "content": "hello"}]
POLICY = RetryPolicy(max_retries=3, base_delay_s=0.01)


def test_a_hung_server_costs_two_timeouts_not_one_per_retry() -> None:
    with FakeOpenAIServer(default=Reply(delay_s=5)) as server:
        client = LLMClient(server.url, "fake-model", timeout_s=0.3, retry=POLICY)
        with pytest.raises(LLMTimeoutError, match=r"did not answer within 0\.3s") as info:
            client.chat(MSGS)
        assert info.value.attempts == 2 and len(server.chat_requests) == 2


def test_the_async_client_gives_up_on_a_hung_server_the_same_way() -> None:
    with FakeOpenAIServer(default=Reply(delay_s=5)) as server:
        client = LLMClient(server.url, "fake-model", timeout_s=0.3, retry=POLICY)
        with pytest.raises(LLMTimeoutError) as info:
            asyncio.run(client.achat(MSGS))
        assert info.value.attempts == 2


def test_a_server_that_is_only_down_keeps_every_retry() -> None:
    with FakeOpenAIServer(default=Reply.error(503, "overloaded")) as server:
        client = LLMClient(server.url, "fake-model", timeout_s=0.3, retry=POLICY)
        with pytest.raises(Exception, match="unavailable after 4 attempts"):
            client.chat(MSGS)
