"""The real-backend walks' shared fixtures, defined once in ``real_support``
(``small_score_model`` is the suite's, in tests/conftest.py)."""

# Fixtures: pytest finds them by name here.
from real_support import real_server  # noqa: F401
