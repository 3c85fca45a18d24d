"""Rich consoles for messages and errors that are never hard-wrapped.

Rich wraps printed text at the terminal width (80 columns when piped), which inserts newlines in the
middle of a path or an error message: a user cannot copy it and a test or ``grep`` cannot find it.
``soft_wrap`` leaves long lines whole (the terminal folds them on screen, the bytes stay one line);
tables and progress bars still lay themselves out at the console width.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console


def message_console(*, stderr: bool = True, **kwargs: Any) -> Console:
    return Console(stderr=stderr, soft_wrap=True, **kwargs)
