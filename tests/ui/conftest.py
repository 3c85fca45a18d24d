"""The real-backend walks' shared fixture, defined once in ``real_support``."""

from real_support import real_server  # noqa: F401 (a fixture: pytest finds it by name here)
