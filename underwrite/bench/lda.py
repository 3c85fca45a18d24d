"""`underwrite bench lda`: the less-discriminatory-alternative search on the production bundles.

For each dataset (German, HMDA) the production bundle is scored on its hold-out, decisions follow
the agent's decline threshold, and every flagged attribute is searched (``tools/scoring/lda.py``).
The report lists every alternative with its AUC cost and AIR gain and their 95% bootstrap intervals;
``record_in_card`` writes the chosen alternative and its trade-off into the bundle's model card.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from underwrite.agent.memo.recommendation import DECLINE_PD
from underwrite.tools.scoring.bundle import record_card_section
from underwrite.tools.scoring.card import LDA_HEADING, lda_card_section, render_lda_markdown
from underwrite.tools.scoring.lda import RESAMPLES, LdaReport, search
from underwrite.tools.scoring.lda_inputs import production_inputs
from underwrite.tools.scoring.service import ensure_default_model

LDA_DATASETS = ("german", "hmda")
CARD_KEY = "less_discriminatory_alternative"


def run_lda(
    dataset: str,
    bundle: Path | None = None,
    resamples: int | None = None,
    progress: Callable[[str, int, int], None] = lambda _d, _c, _t: None,
) -> tuple[LdaReport, Path]:
    path = bundle or ensure_default_model(dataset)
    inputs, version, _hash = production_inputs(dataset, DECLINE_PD, path)
    report = search(
        inputs,
        dataset=dataset,
        model_version=version,
        resamples=resamples or RESAMPLES,
        progress=progress,
    )
    return report, path


def record_in_card(report: LdaReport, bundle: Path) -> None:
    section = lda_card_section(report.model_dump(mode="json"))
    record_card_section(bundle, CARD_KEY, section, render_lda_markdown(section), LDA_HEADING)


def _ci(pair: tuple[float, float]) -> str:
    return f"[{pair[0]:+.3f}, {pair[1]:+.3f}]"


def markdown(report: LdaReport) -> str:
    """Every alternative against production, per flagged attribute (the bench's text output)."""
    base = report.baseline
    lines = [
        f"## {report.dataset}: {report.model_version}",
        "",
        f"Hold-out {report.holdout_rows} applicants, approval rate {report.approval_rate:.1%}, "
        f"production AUC {base.auc:.4f}; {report.resamples} bootstrap resamples.",
        "",
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
            "| alternative | AUC | AUC cost (95% CI) | AIR | AIR gain (95% CI) | EOD | eligible |",
            "|---|---|---|---|---|---|---|",
        ]
        for o in sorted(report.alternatives, key=lambda o: -o.air_gain[a]):
            lines.append(
                f"| {o.name} | {o.auc:.4f} | {o.auc_cost:+.4f} {_ci(o.auc_cost_ci)} | {o.air[a]:.3f} | "
                f"{o.air_gain[a]:+.3f} {_ci(o.air_gain_ci[a])} | {o.eod[a]:.3f} | "
                f"{'yes' if o.eligible else 'no'} |"
            )
        lines.append("")
    if not report.choices:
        lines.append("No attribute flagged: nothing to search.")
    return "\n".join(lines) + "\n"
