"""Rich consoles for messages and errors that are never hard-wrapped, and one-document JSON output
shared by the CLI and the ``python -m`` benchmarks.

Rich wraps printed text at the terminal width (80 columns when piped), which inserts newlines in the
middle of a path or an error message: a user cannot copy it and a test or ``grep`` cannot find it.
``soft_wrap`` leaves long lines whole (the terminal folds them on screen, the bytes stay one line);
tables and progress bars still lay themselves out at the console width.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel
from rich.console import Console


def message_console(*, stderr: bool = True, **kwargs: Any) -> Console:
    return Console(stderr=stderr, soft_wrap=True, **kwargs)


# Progress and messages go to stderr so that `--json` leaves stdout as exactly one JSON document.
err_console = message_console()


def print_json(payload: Any) -> None:
    """Write one JSON document to stdout."""
    if isinstance(payload, BaseModel):
        text = payload.model_dump_json(indent=2)
    else:
        text = json.dumps(payload, indent=2, default=_default)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _default(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    return str(obj)
