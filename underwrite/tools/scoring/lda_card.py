"""The LDA search's record in the production bundle's model card.

Both the fair-lending eval suite and `underwrite bench lda` call ``record_lda_in_card`` with one
report per decision line, so the card the product ships says, after any rerun of either, which
alternative was chosen per flagged attribute, what it costs (AUC, approved bad rate) and gains
(AIR), with intervals, and why it was or was not adopted. The section replaces the placeholder a
freshly trained card carries (``card.LDA_PENDING``), so a card never silently lacks it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from underwrite.tools.scoring.bundle import record_card_section
from underwrite.tools.scoring.card import LDA_HEADING
from underwrite.tools.scoring.lda_report import LdaReport

CARD_KEY = "less_discriminatory_alternative"
NOT_APPLIED = (
    "Not applied: this bundle is still the production recipe; adopting the alternative changes the "
    "model or the credit policy and goes through its own validation."
)


def record_lda_in_card(reports: list[LdaReport], bundle: Path) -> dict[str, Any]:
    """Write (or replace) the card's LDA section for these searches; returns the JSON section."""
    sections = [lda_card_section(r.model_dump(mode="json")) for r in reports]
    section: dict[str, Any] = {"searches": sections}
    record_card_section(bundle, CARD_KEY, section, render_lda_card(sections), LDA_HEADING)
    return section


def card_lda_section(bundle: Path) -> dict[str, Any] | None:
    """The LDA section of a bundle's card, or None when no search has been recorded yet."""
    card = json.loads((bundle / "model_card.json").read_text())
    section = card.get(CARD_KEY)
    return section if isinstance(section, dict) and section.get("searches") else None


def lda_card_section(report: dict[str, Any]) -> dict[str, Any]:
    """The card's record of an LDA search (``tools/scoring/lda.py`` report as JSON): the rule, what
    was chosen per flagged attribute and what it costs, and the best alternatives tried."""
    base = report["baseline"]
    by_name = {o["name"]: o for o in report["alternatives"]}
    choices = []
    for c in report["choices"]:
        a, alt = c["attribute"], by_name.get(c["chosen"] or "")
        best = sorted(report["alternatives"], key=lambda o: -o["air_gain"][a])[:3]
        choices.append(
            {
                **c,
                "production_air": base["air"][a],
                "production_eod": base["eod"][a],
                "chosen_air": alt["air"][a] if alt else None,
                "air_gain": alt["air_gain"][a] if alt else None,
                "air_gain_ci": alt["air_gain_ci"][a] if alt else None,
                "auc_cost": alt["auc_cost"] if alt else None,
                "auc_cost_ci": alt["auc_cost_ci"] if alt else None,
                "bad_rate_cost": alt.get("bad_rate_cost") if alt else None,
                "bad_rate_cost_ci": alt.get("bad_rate_cost_ci") if alt else None,
                "best_tried": [
                    {
                        "name": o["name"],
                        "air": o["air"][a],
                        "auc_cost": o["auc_cost"],
                        "why_ineligible": o.get("why_ineligible", ""),
                    }
                    for o in best
                ],
            }
        )
    return {
        "dataset": report["dataset"],
        "population": report.get("population", "hold-out"),
        "cutoff": report.get("cutoff"),
        "holdout_rows": report["holdout_rows"],
        "approval_rate": report["approval_rate"],
        "resamples": report["resamples"],
        "production_auc": base["auc"],
        "production_air": base["air"],
        "production_smd": base["smd"],
        "flagged": report["flagged"],
        "alternatives_tried": len(report["alternatives"]),
        "rule": report["rule"],
        "note": report.get("note", ""),
        "choices": choices,
    }


def _ci(pair: list[float] | tuple[float, float] | None) -> str:
    return f"[{pair[0]:+.3f}, {pair[1]:+.3f}]" if pair else "n/a"


def render_lda_card(sections: list[dict[str, Any]]) -> str:
    """The card's LDA section for one search per decision line (approved, not declined)."""
    body = [render_lda_markdown(s, heading=False) for s in sections]
    return "\n".join([LDA_HEADING, "", *body])


def render_lda_markdown(section: dict[str, Any], heading: bool = True) -> str:
    airs = ", ".join(f"{a} {v:.3f}" for a, v in section["production_air"].items())
    smds = ", ".join(f"{a} {v:.2f}" for a, v in section["production_smd"].items())
    line = f"approve at PD < {section['cutoff']:g}" if section.get("cutoff") is not None else "decisions"
    lines = [
        *([LDA_HEADING, ""] if heading else []),
        f"### {section['dataset']}, {line}",
        "",
        f"{section['holdout_rows']} applicants ({section.get('population', 'hold-out')}), approval rate "
        f"{section['approval_rate']:.1%}; production AUC {section['production_auc']:.4f}, AIR: {airs}; "
        f"largest |SMD| of PD: {smds}. {section['alternatives_tried']} alternatives tried, 95% intervals "
        f"from {section['resamples']} bootstrap resamples of applicants.",
        "",
        *([f"Note: {section['note']}", ""] if section.get("note") else []),
        f"Rule: {section['rule']}",
        "",
    ]
    if not section["choices"]:
        lines.append("No attribute is flagged (AIR ≥ 0.8 and equalized-odds difference ≤ 0.2 throughout).")
    for c in section["choices"]:
        tried = "; ".join(
            f"{t['name']} (AIR {t['air']:.3f}, AUC cost {t['auc_cost']:+.4f}"
            + (f"; not eligible: {t['why_ineligible']})" if t.get("why_ineligible") else ")")
            for t in c["best_tried"]
        )
        lines.append(
            f"- **{c['attribute']}** (production AIR {c['production_air']:.3f}, "
            f"EOD {c['production_eod']:.3f}): {c['decision']}."
        )
        if c["chosen"]:
            lines.append(
                f"  Chosen: {c['chosen']} — AIR {c['chosen_air']:.3f} (gain {c.get('air_gain') or 0:+.3f}, "
                f"95% CI {_ci(c['air_gain_ci'])}), "
                f"AUC cost {c['auc_cost']:+.4f} (95% CI {_ci(c['auc_cost_ci'])}), approved bad rate "
                f"{c.get('bad_rate_cost') or 0:+.4f} (95% CI {_ci(c.get('bad_rate_cost_ci'))})."
            )
        if c["recommended"]:
            lines.append(f"  {NOT_APPLIED}")
        lines.append(f"  Best tried: {tried}.")
    return "\n".join(lines) + "\n"
