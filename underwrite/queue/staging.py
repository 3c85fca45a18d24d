"""What every runner does with its result: write the memo under a per-attempt name, read the
recommendation back from free text."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from underwrite.core.schemas import Recommendation
from underwrite.queue.schemas import JobContext


def write_staged_memo(job: JobContext, text: str, suffix: str = ".md") -> tuple[Path, str]:
    """Write the memo under a name unique to this attempt; the worker publishes it on success."""
    job.staging_dir.mkdir(parents=True, exist_ok=True)
    data = text.encode()
    path = job.staging_dir / f"{job.run_key}.a{job.attempt}.{uuid.uuid4().hex[:8]}{suffix}"
    path.write_bytes(data)
    return path, hashlib.sha256(data).hexdigest()


def parse_recommendation(text: str) -> Recommendation:
    """The last recommendation word the model wrote; ``refer`` (a human decides) when there is none."""
    lowered = text.lower()
    best: tuple[int, Recommendation] = (-1, Recommendation.refer)
    # Longest names first so "approve_with_conditions" is not read as "approve".
    for rec in sorted(Recommendation, key=lambda r: -len(r.value)):
        for spelling in (rec.value, rec.value.replace("_", " ")):
            pos = lowered.rfind(spelling)
            if pos > best[0]:
                best = (pos, rec)
    return best[1]
