"""One red-team statement as the agent's verifier judged it (``suites.memo_redteam``), and the totals."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RedTeamVerdict:
    case_id: str
    kind: str
    expected: str
    """reject (a false statement) or pass (a true one)."""
    verdict: str
    reasons: list[str] = field(default_factory=list)
    fixture: str = ""

    @property
    def right(self) -> bool:
        return self.verdict == self.expected


def totals(verdicts: list[RedTeamVerdict]) -> dict[str, int]:
    false = [v for v in verdicts if v.expected == "reject"]
    true = [v for v in verdicts if v.expected == "pass"]
    return {
        "false_claims": len(false),
        "caught": sum(v.verdict == "reject" for v in false),
        "true_claims": len(true),
        "wrongly_rejected": sum(v.verdict == "reject" for v in true),
    }
