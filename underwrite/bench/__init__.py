"""Every benchmark: `underwrite bench …` and the `python -m underwrite.bench.*` scripts."""
