"""Fixtures of the bench tests: pytest finds them by name here."""

from score_models import small_score_model  # noqa: F401
