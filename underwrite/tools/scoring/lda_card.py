"""The LDA search's record in the production bundle's model card.

Both the fair-lending eval suite and `underwrite bench lda` call ``record_lda_in_card`` with one
report per decision line, so the card the product ships says, after any rerun of either, which
alternative was chosen per flagged attribute, what it costs (AUC, approved bad rate) and gains
(AIR), with intervals, and why it was or was not adopted. The section replaces the placeholder a
freshly trained card carries (``card.LDA_PENDING``), so a card never silently lacks it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from underwrite.tools.scoring.bundle import record_card_section
from underwrite.tools.scoring.card import LDA_HEADING, lda_card_section, render_lda_card
from underwrite.tools.scoring.lda_report import LdaReport

CARD_KEY = "less_discriminatory_alternative"


def record_lda_in_card(reports: list[LdaReport], bundle: Path) -> dict[str, Any]:
    """Write (or replace) the card's LDA section for these searches; returns the JSON section."""
    sections = [lda_card_section(r.model_dump(mode="json")) for r in reports]
    section: dict[str, Any] = {"searches": sections}
    record_card_section(bundle, CARD_KEY, section, render_lda_card(sections), LDA_HEADING)
    return section


def card_lda_section(bundle: Path) -> dict[str, Any] | None:
    """The LDA section of a bundle's card, or None when no search has been recorded yet."""
    card = json.loads((bundle / "model_card.json").read_text())
    section = card.get(CARD_KEY)
    return section if isinstance(section, dict) and section.get("searches") else None
