"""The real-backend walks' shared fixtures, defined once in ``real_support``."""

# Fixtures: pytest finds them by name here.
from real_support import real_server, small_score_model  # noqa: F401
