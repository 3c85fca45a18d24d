"""Which steps of an application's run have finished, read from its checkpoint history.

For callers that poll a run another process drives (the REST API over the durable queue): every
checkpoint names the steps scheduled next, so each step named by a checkpoint that has a successor
has run; the newest checkpoint's steps are the ones running (or waiting) now. Durable like the run
itself: a restarted server reports the same progress.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from underwrite.agent.checkpoints import open_checkpointer
from underwrite.agent.graph import compile_graph
from underwrite.agent.runs import thread_config
from underwrite.agent.steps import step_label

StepState = Literal["done", "next"]


class StepProgress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step: str
    label: str
    state: StepState
    """done: the step has run; next: the run continues (or waits, at human_review) with it."""


def run_progress(application_id: str, checkpoints: str | Path | None = None) -> list[StepProgress]:
    """Finished steps in the order they ran, then the next ones; empty for a run never started."""
    with open_checkpointer(checkpoints) as saver:
        history = list(compile_graph(saver).get_state_history(thread_config(application_id)))
    history.reverse()  # LangGraph lists the newest checkpoint first
    done: list[str] = []
    for snap in history[:-1]:
        done.extend(n for n in snap.next if not n.startswith("__"))
    upcoming = [n for n in (history[-1].next if history else ()) if not n.startswith("__")]
    return [StepProgress(step=s, label=step_label(s), state="done") for s in done] + [
        StepProgress(step=s, label=step_label(s), state="next") for s in upcoming
    ]
