"""The workflow's node updates as a stream of :class:`WorkflowEvent`, for the progress display.

``draft_memo`` streams the LangGraph run (``stream_mode="updates"``) and reports each finished node
through its ``on_step`` callback; here it runs in a worker thread and the callback feeds a queue the
request's generator reads, so Gradio shows each step as soon as the graph finishes it.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from underwrite.agent.workflow import next_step, step_label
from underwrite.ui.models import StepStatus, WorkflowEvent

_DONE = object()
label = step_label


StepFn = Callable[[str], None]
TextFn = Callable[[str, str], None]


def stream_steps(run: Callable[[StepFn, TextFn], Any], first_step: str) -> Iterator[WorkflowEvent]:
    """Run ``run(on_step, on_text)`` in a thread; yield running/done events per node, failed on an
    exception, and running events carrying ``text`` for each piece the model writes in a node.

    The run's result is not returned here: callers read it back from the checkpoint afterwards.
    """
    events: queue.Queue[Any] = queue.Queue()
    started = [time.perf_counter()]

    def on_step(node: str) -> None:
        now = time.perf_counter()
        events.put(
            WorkflowEvent(
                step=node, status=StepStatus.done, detail=f"{label(node)} ({now - started[0]:.1f}s)"
            )
        )
        started[0] = now
        following = next_step(node)
        if following is not None:
            events.put(WorkflowEvent(step=following, status=StepStatus.running, detail=label(following)))

    def on_text(node: str, piece: str) -> None:
        events.put(WorkflowEvent(step=node, status=StepStatus.running, detail=label(node), text=piece))

    def worker() -> None:
        try:
            run(on_step, on_text)
            events.put(_DONE)
        except Exception as exc:  # reported to the screen as a failed step, not swallowed
            events.put(exc)

    yield WorkflowEvent(step=first_step, status=StepStatus.running, detail=label(first_step))
    thread = threading.Thread(target=worker, name="workbench-workflow", daemon=True)
    thread.start()
    current = first_step
    while True:
        item = events.get()
        if item is _DONE:
            break
        if isinstance(item, Exception):
            yield WorkflowEvent(
                step=current, status=StepStatus.failed, detail=f"{type(item).__name__}: {item}"
            )
            break
        current = item.step
        yield item
    thread.join(timeout=5)
