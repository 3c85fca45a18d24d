"""Framework pieces: result types, rubric bars, the scorer and suite bases, the runner, log, report."""
