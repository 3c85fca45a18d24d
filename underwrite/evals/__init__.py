"""The compliance evaluation harness: suites, scorers, rubric files with bars, log and report.

A suite is a dataset of cases, a solver (the agent graph, or one tool) and scorers. Every bar lives
in ``rubrics/<suite>.yaml`` beside the argument for it. Every scorer carries a red case, a synthetic
state that must miss a bar; the harness runs it first and refuses the suite if it passes.
"""
