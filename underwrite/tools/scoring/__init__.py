"""The score tool: calibrated PD, grade and adverse-action reasons from LightGBM over facts + text.

Public API (other areas code against these):
``score_application``, ``score_features``, ``what_if`` / ``WhatIf``, ``ensure_default_model``,
``explain_reason``, ``train_bundle``.
"""

from __future__ import annotations

from underwrite.tools.scoring.reasons import explain_reason
from underwrite.tools.scoring.service import (
    ensure_default_model,
    get_scorer,
    score_application,
    score_features,
)
from underwrite.tools.scoring.train import train_bundle
from underwrite.tools.scoring.whatif import WhatIf, what_if

__all__ = [
    "WhatIf",
    "ensure_default_model",
    "explain_reason",
    "get_scorer",
    "score_application",
    "score_features",
    "train_bundle",
    "what_if",
]
