"""The real runner: the memo graph on one packet folder, up to the human-review interrupt.

The memo graph (issue 6) is not on main yet; until it lands, constructing this runner says so and
``underwrite batch --runner llm-calls`` is the way to exercise the queue against a real server.
"""

from __future__ import annotations

from underwrite.agent.batch.runners import AgentRunnerUnavailable
from underwrite.agent.batch.schemas import JobContext, JobOutcome


class AgentMemoRunner:
    def __init__(self) -> None:
        raise AgentRunnerUnavailable(
            "the memo agent (issue 6) is not part of this build yet; "
            "run `underwrite batch --runner llm-calls` to drive the queue with plain chat calls"
        )

    async def run(self, job: JobContext) -> JobOutcome:  # pragma: no cover - unreachable until wired
        raise NotImplementedError

    async def aclose(self) -> None:  # pragma: no cover
        return None
