"""Where the policy's package data lives: the manual and its rule table, beside this module."""

from __future__ import annotations

from pathlib import Path

POLICY_DIR = Path(__file__).resolve().parent
MANUAL_PATH = POLICY_DIR / "credit_policy.md"
RULES_PATH = POLICY_DIR / "rules.yaml"
