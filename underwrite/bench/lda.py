"""`underwrite bench lda`: the less-discriminatory-alternative search on the production recipes.

For each dataset (German, HMDA) every applicant is scored out-of-fold by the production recipe, the
product's two decision lines (approved; not declined) come from the policy grades, and every flagged
attribute is searched at each line (``tools/scoring/lda.py``). Refits are cached with the eval suite's
(``tools/scoring/lda_cache.py``, under ``UW_HOME/evals_cache``), so the bench and the suite share them.
The report lists every alternative with its AUC cost, approved-bad-rate cost and AIR gain and their
95% bootstrap intervals; ``record_in_card`` writes the chosen alternatives and their trade-off into
the bundle's model card.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import replace
from pathlib import Path

import numpy as np

from underwrite.core.settings import get_settings
from underwrite.tools.scoring.lda import RESAMPLES, LdaReport
from underwrite.tools.scoring.lda_cache import cached_population, cached_search
from underwrite.tools.scoring.lda_card import record_lda_in_card
from underwrite.tools.scoring.lda_inputs import policy_cutoffs, production_inputs
from underwrite.tools.scoring.service import ensure_default_model

LDA_DATASETS = ("german", "hmda")


def run_lda(
    dataset: str,
    bundle: Path | None = None,
    resamples: int | None = None,
    progress: Callable[[str, int, int], None] = lambda _d, _c, _t: None,
    holdout: bool = False,
) -> tuple[list[LdaReport], Path]:
    """One report per decision line of the policy, on every applicant (out-of-fold), or with
    ``holdout`` on the bundle's own hold-out (one refit per variant instead of five)."""
    path = bundle or ensure_default_model(dataset)
    cutoffs = policy_cutoffs()
    cache_dir = get_settings().home / "evals_cache"
    if holdout:
        inputs, version, _hash = production_inputs(dataset, cutoffs["approved"], path)
        cache: MutableMapping[str, np.ndarray] = {}
        out = []
        for cutoff in cutoffs.values():
            at = replace(inputs, base_approved=(inputs.base_pd < cutoff).astype(int), cutoff=cutoff)
            out.append(cached_search(dataset, at, version, cache, progress, resamples or RESAMPLES))
        return out, path
    population, version, _hash, cache = cached_population(dataset, cutoffs["approved"], cache_dir, path)
    reports = []
    for cutoff in cutoffs.values():
        inputs = replace(population, base_approved=(population.base_pd < cutoff).astype(int), cutoff=cutoff)
        reports.append(cached_search(dataset, inputs, version, cache, progress, resamples or RESAMPLES))
    return reports, path


def record_in_card(reports: list[LdaReport], bundle: Path) -> None:
    record_lda_in_card(reports, bundle)


def _ci(pair: tuple[float, float]) -> str:
    return f"[{pair[0]:+.3f}, {pair[1]:+.3f}]"


def markdown(report: LdaReport) -> str:
    """Every alternative against production, per flagged attribute (the bench's text output)."""
    base = report.baseline
    lines = [
        f"## {report.dataset}: {report.model_version}"
        + (f", approve at PD < {report.cutoff:g}" if report.cutoff is not None else ""),
        "",
        f"{report.holdout_rows} applicants ({report.population}), approval rate "
        f"{report.approval_rate:.1%}, production AUC {base.auc:.4f}; {report.resamples} bootstrap resamples.",
        "",
        *([f"Note: {report.note}", ""] if report.note else []),
        "| attribute | production AIR | EOD | max abs SMD | applicants per group |",
        "|---|---|---|---|---|",
        *(
            f"| {a} | {base.air[a]:.3f} | {base.eod[a]:.3f} | {base.smd[a]:.2f} | "
            f"{', '.join(f'{g} {n}' for g, n in report.group_sizes.get(a, {}).items())} |"
            for a in base.air
        ),
        "",
        f"Rule: {report.rule}",
        "",
    ]
    for choice in report.choices:
        a = choice.attribute
        proxies = ", ".join(f"{n} ({s:.2f})" for n, s in report.proxies.get(a, []))
        lines += [
            f"### {a}: {choice.decision}",
            "",
            f"Strongest proxies (|Somers' D| against the least-approved group): {proxies or 'none'}.",
            "",
            "| alternative | AUC | AUC cost (95% CI) | bad-rate cost (95% CI) | AIR | AIR gain (95% CI) "
            "| EOD | eligible |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for o in sorted(report.alternatives, key=lambda o: -o.air_gain[a]):
            lines.append(
                f"| {o.name} | {o.auc:.4f} | {o.auc_cost:+.4f} {_ci(o.auc_cost_ci)} | "
                f"{o.bad_rate_cost:+.4f} {_ci(o.bad_rate_cost_ci)} | {o.air[a]:.3f} | "
                f"{o.air_gain[a]:+.3f} {_ci(o.air_gain_ci[a])} | {o.eod[a]:.3f} | "
                f"{'yes' if o.eligible else 'no: ' + o.why_ineligible} |"
            )
        lines.append("")
    if not report.choices:
        lines.append("No attribute flagged: nothing to search.")
    return "\n".join(lines) + "\n"
