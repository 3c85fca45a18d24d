"""The memo benchmark's report: one block per (backend, corpus) from ``memo_run``'s rows.

Per block: memos and failures; claims proposed / kept (keep rate) and memo statements written from
them; the verified rate (share of memos whose narrative carries model text that passed every check:
narrative source ``mixed``, ``llm`` or ``repaired``); memos whose narrative is wholly code's, by
reason; meaning-check rejections by rule (``agent.memo.claim_checks.RULE_MARKERS``); numbers and
citations of the final memos re-checked (target 0); seconds per memo and per graph step (mean and
median).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from underwrite.agent.memo.claim_checks import rules_of
from underwrite.bench.memo_run import MemoRow

MODEL_SOURCES = frozenset({"mixed", "llm", "repaired"})


def fallback_class(row: MemoRow) -> str | None:
    """Why a memo holds no model text, as a short class (None: it holds some)."""
    if row.narrative_source in MODEL_SOURCES:
        return None
    reason = row.fallback_reason or ""
    if reason.startswith("narrative_deterministic"):
        return "deterministic by setting (no narrative generation)"
    if reason.startswith("llm_unavailable"):
        return "LLM unavailable"
    if "the model's narrative failed verification" in reason:  # the whole-narrative path
        return "whole narrative failed verification (after repair rounds)"
    if row.narrative_source == "fallback" and row.claims_proposed == 0:
        return "no schema-valid reply (invalid or cut-off output)"
    if row.narrative_source == "fallback" and row.claims_kept == 0:
        return "every claim failed a meaning check"
    if row.narrative_source == "fallback" and row.claims_kept:
        return "claims kept but none found a place in the memo"
    return f"unflagged ({row.narrative_source})"


def _stats(values: Sequence[float]) -> dict[str, float | None]:
    if not values:
        return {"mean": None, "median": None}
    return {"mean": round(statistics.mean(values), 3), "median": round(statistics.median(values), 3)}


def block(rows: Sequence[MemoRow]) -> dict[str, Any]:
    ok = [r for r in rows if r.ok]
    proposed = sum(r.claims_proposed for r in ok)
    kept = sum(r.claims_kept for r in ok)
    fallbacks = Counter(c for r in ok if (c := fallback_class(r)) is not None)
    examples: dict[str, str] = {}
    for r in ok:
        c = fallback_class(r)
        if c is not None and c not in examples and r.fallback_reason:
            examples[c] = f"{r.application_id}: {r.fallback_reason[:240]}"
    by_rule = Counter(rule for r in ok for rej in r.claim_rejections for rule in rules_of(rej))
    steps = list(dict.fromkeys(s for r in ok for s in r.step_seconds))
    return {
        "memos": len(ok),
        "failed": [f"{r.application_id}: {r.error}" for r in rows if not r.ok],
        "claims_proposed": proposed,
        "claims_kept": kept,
        "claim_keep_rate": round(kept / proposed, 3) if proposed else None,
        "memo_statements_from_claims": sum(r.claims_used for r in ok),
        "verified_rate": round(sum(r.narrative_source in MODEL_SOURCES for r in ok) / len(ok), 3)
        if ok
        else None,
        "narrative_sources": dict(Counter(r.narrative_source for r in ok)),
        "deterministic_narratives": sum(fallbacks.values()),
        "deterministic_by_reason": dict(fallbacks.most_common()),
        "deterministic_reason_examples": examples,
        "rejections_by_rule": dict(by_rule.most_common()),
        "final_unsupported_numbers": sum(r.final_unsupported_numbers for r in ok),
        "final_unknown_citations": sum(r.final_unknown_citations for r in ok),
        "seconds_per_memo": _stats([r.seconds for r in ok]),
        "step_seconds": {s: _stats([r.step_seconds.get(s, 0.0) for r in ok]) for s in steps},
        "decision_mix": dict(Counter(r.recommendation for r in ok)),
    }


def bench_report(runs: Mapping[tuple[str, str], Iterable[Mapping[str, Any] | MemoRow]]) -> dict[str, Any]:
    """``{(backend, corpus): rows}`` → ``{"blocks": [{backend, corpus, ...block}], "rows": [...]}``."""
    blocks, all_rows = [], []
    for (backend, corpus), raw in runs.items():
        rows = [r if isinstance(r, MemoRow) else MemoRow.model_validate(r) for r in raw]
        blocks.append({"backend": backend, "corpus": corpus, **block(rows)})
        all_rows += [{"backend": backend, "corpus": corpus, **r.model_dump()} for r in rows]
    return {"blocks": blocks, "rows": all_rows}


def render_text(report: Mapping[str, Any]) -> str:
    """Plain lines (no wrapping table): one section per block."""
    lines: list[str] = []
    for b in report["blocks"]:
        lines.append(f"== backend {b['backend']} / corpus {b['corpus']}: {b['memos']} memos")
        for f in b["failed"]:
            lines.append(f"  FAILED {f}")
        keep = b["claim_keep_rate"]
        lines.append(
            f"  claims proposed {b['claims_proposed']}, kept {b['claims_kept']}"
            f" (keep rate {keep if keep is not None else 'n/a'}),"
            f" memo statements from claims {b['memo_statements_from_claims']}"
        )
        lines.append(
            f"  verified rate (memos with model text) {b['verified_rate']}; sources {b['narrative_sources']}"
        )
        lines.append(f"  deterministic narratives {b['deterministic_narratives']}:")
        for reason, n in b["deterministic_by_reason"].items():
            lines.append(f"    {n:3d}  {reason}")
        lines.append(f"  rejections by rule {b['rejections_by_rule'] or '{}'}")
        lines.append(
            f"  final memos: unsupported numbers {b['final_unsupported_numbers']},"
            f" unknown citations {b['final_unknown_citations']}"
        )
        s = b["seconds_per_memo"]
        lines.append(f"  seconds per memo mean {s['mean']} median {s['median']}")
        for step, st in b["step_seconds"].items():
            lines.append(f"    {step:22} mean {st['mean']:>8} median {st['median']:>8}")
    return "\n".join(lines)
