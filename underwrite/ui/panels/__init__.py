"""One module per workbench panel. Each builds its components inside the current Blocks and wires
its own events; panels that show an application implement :class:`ViewPanel`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from underwrite.ui.models import ApplicationView


class ViewPanel(Protocol):
    """A panel redrawn whenever an application is opened: ``render`` returns one value per output."""

    outputs: list[Any]

    def render(self, view: ApplicationView | None) -> list[Any]: ...
