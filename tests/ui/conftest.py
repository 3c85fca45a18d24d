"""The real-backend walks' shared fixtures, defined once in ``real_support`` and ``score_models``."""

# Fixtures: pytest finds them by name here.
from real_support import real_server  # noqa: F401
from score_models import small_score_model  # noqa: F401
