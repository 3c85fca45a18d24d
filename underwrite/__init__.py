"""underwrite: an LLM-agent credit underwriting assistant."""

__version__ = "0.1.0"
