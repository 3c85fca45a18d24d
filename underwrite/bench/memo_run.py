"""Run ``memo`` over packet folders and report verification, faithfulness, decisions and overhead.

    python -m underwrite.bench.memo_run PACKETS_DIR [--n 20] [--json] [--out report.json] [--no-replay]

For each packet the full graph runs (fresh checkpoints in a temporary file, so earlier runs do not
short-circuit it) with the configured LLM. Reported:
- narratives verified first time / after repair / replaced by the deterministic fallback; on the
  claims path (``UW_MEMO_NARRATIVE=claims``) claims proposed and kept (the keep rate);
- mean wall time per graph step (``step_seconds_mean``);
- unsupported numbers and unknown citations in the *final* memos, re-checked independently (target 0);
- the recommendation mix;
- time per memo against pure LLM generation time for the same tokens: every request the client sent
  is replayed afterwards as a bare HTTP POST with the identical body (temperature 0), and the overhead
  is (memo wall time − replayed generation time) / replayed generation time (target ≤ 15%).
One-time preparation (default model, index, LLM server start) happens before timing starts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel

from underwrite.agent.deps import Deps, prepare_components
from underwrite.agent.memo import ViolationKind, build_sources, verify_narrative
from underwrite.agent.step_times import StepTimer
from underwrite.llm import ChatResult, LLMClient

OVERHEAD_TARGET = 0.15


class RecordingClient(LLMClient):
    """The production client, remembering each request body so it can be replayed bare."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.sent: list[dict[str, Any]] = []

    def chat(self, messages: Sequence[Mapping[str, Any]], *args: Any, **kw: Any) -> ChatResult:
        body = {
            "model": self.model,
            "messages": [dict(m) for m in messages],
            "temperature": kw.get("temperature", 0.0),
        }
        for key in ("max_tokens", "response_format"):
            if kw.get(key) is not None:
                body[key] = kw[key]
        self.sent.append(body)
        return super().chat(messages, *args, **kw)


class MemoRow(BaseModel):
    application_id: str
    ok: bool
    error: str | None = None
    seconds: float = 0.0
    llm_client_seconds: float = 0.0
    completion_tokens: int = 0
    narrative_source: str | None = None
    recommendation: str | None = None
    final_unsupported_numbers: int = 0
    final_unknown_citations: int = 0
    flags: list[str] = []
    claims_proposed: int = 0
    claims_kept: int = 0
    claims_used: int = 0
    claim_rejections: list[str] = []
    step_seconds: dict[str, float] = {}
    fallback_reason: str | None = None
    """Why the narrative is (wholly) code's: the memo's fallback/deterministic flag, in words."""


FALLBACK_FLAGS = ("llm_unavailable", "narrative_fallback", "narrative_deterministic")


def fallback_reason(flags: Sequence[Any]) -> str | None:
    """``code: message`` of the flag that says why a memo's narrative holds no model text."""
    found = next((f for code in FALLBACK_FLAGS for f in flags if f.code == code), None)
    return f"{found.code}: {found.message}" if found is not None else None


def _final_check(application_id: str, checkpoints: Path) -> tuple[int, int]:
    """Independent re-verification of the memo that reached review."""
    # lazy: agent.workflow builds the LangGraph graph and loads LightGBM; keep `--help` light
    from underwrite.agent.workflow import run_evidence, run_view

    ev = run_evidence(application_id, checkpoints)
    memo = run_view(application_id, checkpoints).memo
    if memo is None:
        raise ValueError(f"the run of {application_id} has no memo to check")
    kinds = [v.kind for v in verify_narrative(memo.narrative, ev)]
    sources = build_sources(ev)
    unknown = sum(1 for c in memo.citations if c.source_id not in sources)
    return kinds.count(ViolationKind.unsupported_number), kinds.count(
        ViolationKind.unknown_citation
    ) + unknown


def _replay(client: RecordingClient, bodies: list[dict[str, Any]]) -> tuple[float, int]:
    """Send each recorded body again with plain httpx; (seconds, completion tokens)."""
    total, tokens = 0.0, 0
    with httpx.Client(base_url=client.base_url, timeout=600) as http:
        for body in bodies:
            start = time.perf_counter()
            resp = http.post("/chat/completions", json=body)
            total += time.perf_counter() - start
            resp.raise_for_status()
            tokens += int(resp.json().get("usage", {}).get("completion_tokens", 0))
    return total, tokens


def run(
    packets: list[Path],
    progress: bool = True,
    replay: bool = True,
    on_row: Callable[[MemoRow], None] | None = None,
) -> dict[str, Any]:
    """Every packet through the graph; ``on_row`` sees each row as it is made (a long run's partial
    results survive its interruption)."""
    from rich.progress import Progress

    # lazy: agent.workflow builds the LangGraph graph and loads LightGBM; keep `--help` light
    from underwrite.agent.workflow import draft_memo

    prepare_components(lambda m: print(f"setup: {m}", file=sys.stderr))
    deps = Deps.default()
    client = RecordingClient.from_settings()
    assert isinstance(client, RecordingClient)
    deps.llm = client
    rows: list[MemoRow] = []
    checkpoints = Path(tempfile.mkdtemp(prefix="uw-memo-run-")) / "checkpoints.sqlite"
    with Progress(transient=False, disable=not progress, console=None) as bar:
        task = bar.add_task("memos", total=len(packets))
        for packet in packets:
            n_records, n_sent = len(client.records), len(client.sent)
            start = time.perf_counter()
            timer = StepTimer()
            try:
                result = draft_memo(packet, deps, checkpoints=checkpoints, on_step=timer)
            except Exception as exc:  # one bad packet must not stop the run; it is reported
                rows.append(
                    MemoRow(application_id=packet.name, ok=False, error=f"{type(exc).__name__}: {exc}")
                )
                bar.advance(task)
                if on_row is not None:
                    on_row(rows[-1])
                continue
            seconds = time.perf_counter() - start
            records = list(client.records)[n_records:]
            unsupported, unknown = _final_check(result.application_id, checkpoints)
            rows.append(
                MemoRow(
                    application_id=result.application_id,
                    ok=True,
                    seconds=seconds,
                    llm_client_seconds=sum(r.latency_s for r in records),
                    completion_tokens=sum(r.usage.completion_tokens for r in records),
                    narrative_source=result.memo.verification.narrative_source.value,
                    recommendation=result.memo.recommendation.value,
                    final_unsupported_numbers=unsupported,
                    final_unknown_citations=unknown,
                    flags=sorted({f.code for f in result.memo.flags}),
                    claims_proposed=result.memo.verification.claims_proposed,
                    claims_kept=result.memo.verification.claims_kept,
                    claims_used=result.memo.verification.claims_used,
                    claim_rejections=result.memo.verification.claim_rejections,
                    step_seconds=timer.seconds,
                    fallback_reason=fallback_reason(result.memo.flags),
                )
            )
            rows[-1].flags.append(f"llm_requests={len(client.sent) - n_sent}")
            bar.advance(task)
            if on_row is not None:
                on_row(rows[-1])
    replay_s, replay_tokens = _replay(client, client.sent) if replay else (0.0, 0)
    return _report(rows, replay_s, replay_tokens)


def _report(rows: list[MemoRow], replay_s: float, replay_tokens: int) -> dict[str, Any]:
    ok = [r for r in rows if r.ok]
    memo_s = sum(r.seconds for r in ok)
    sources = Counter(r.narrative_source for r in ok)
    overhead = (memo_s - replay_s) / replay_s if replay_s > 0 else None
    return {
        "packets": len(rows),
        "memos": len(ok),
        "failed": [{"application_id": r.application_id, "error": r.error} for r in rows if not r.ok],
        "verified_first_time": sources.get("llm", 0),
        "verified_after_repair": sources.get("repaired", 0),
        "fell_back": sources.get("fallback", 0),
        "claims_mixed": sources.get("mixed", 0),
        "deterministic_by_setting": sources.get("deterministic", 0),
        "claims_proposed": sum(r.claims_proposed for r in ok),
        "claims_kept": sum(r.claims_kept for r in ok),
        "memo_statements_from_claims": sum(r.claims_used for r in ok),
        "claim_keep_rate": (
            round(sum(r.claims_kept for r in ok) / proposed, 3)
            if (proposed := sum(r.claims_proposed for r in ok))
            else None
        ),
        "step_seconds_mean": {
            step: round(statistics.mean(r.step_seconds.get(step, 0.0) for r in ok), 3)
            for step in dict.fromkeys(s for r in ok for s in r.step_seconds)
        },
        "final_unsupported_numbers": sum(r.final_unsupported_numbers for r in ok),
        "final_unknown_citations": sum(r.final_unknown_citations for r in ok),
        "decision_mix": dict(Counter(r.recommendation for r in ok)),
        "seconds_per_memo_mean": round(memo_s / len(ok), 3) if ok else None,
        "seconds_per_memo_median": round(statistics.median(r.seconds for r in ok), 3) if ok else None,
        "llm_seconds_in_client": round(sum(r.llm_client_seconds for r in ok), 3),
        "llm_seconds_replayed_bare": round(replay_s, 3),
        "completion_tokens_in_run": sum(r.completion_tokens for r in ok),
        "completion_tokens_replayed": replay_tokens,
        "overhead_vs_pure_generation": round(overhead, 4) if overhead is not None else None,
        "overhead_target": OVERHEAD_TARGET,
        "overhead_target_met": overhead is not None and overhead <= OVERHEAD_TARGET,
        "rows": [r.model_dump() for r in rows],
    }


def _packets(paths: list[Path], n: int | None) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        if (p / "truth.json").exists() or any(p.glob("*.pdf")):
            found.append(p)
        else:
            found += sorted(d for d in p.iterdir() if d.is_dir())
    return found[:n] if n else found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("paths", nargs="+", type=Path, help="packet folders, or folders of packets")
    parser.add_argument("--n", type=int, default=None, help="use at most N packets")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON document")
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON report here")
    parser.add_argument(
        "--no-replay", action="store_true", help="skip the bare replay (no overhead figure; halves the run)"
    )
    args = parser.parse_args(argv)
    report = run(_packets(args.paths, args.n), replay=not args.no_replay)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        summary = {k: v for k, v in report.items() if k != "rows"}
        for key, value in summary.items():
            print(f"{key:32} {value}")
    return 0 if report["memos"] == report["packets"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
