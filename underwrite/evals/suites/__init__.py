"""The suites `underwrite eval` runs. Each module: one suite = cases + solver + scorers + plots."""
