"""Ratios against their policy limits, and the what-if table, as coloured HTML (a green, amber or
red outcome beside each ratio; Gradio's data frame cannot colour a cell by its meaning)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from underwrite.agent.workflow import WHAT_IF_FIELDS, RatioCheck, format_ratio
from underwrite.ui.models import TimelineEntry, WhatIfView

OUTCOME = {
    "within": ("#1e8449", "within limits"),
    "soft_breach": ("#b9770e", "above the soft limit: conditions"),
    "hard_breach": ("#c0392b", "breaches the hard limit"),
    "not_evaluated": ("#7f8c8d", "cannot be evaluated"),
    "no_limit": ("#7f8c8d", "no policy limit"),
}


def outcome_badge(outcome: str) -> str:
    colour, words = OUTCOME[outcome]
    return (
        f'<span class="uw-outcome uw-{outcome}" style="color:{colour};font-weight:600">'
        f"{'✔' if outcome == 'within' else '✖' if 'breach' in outcome else '–'} {words}</span>"
    )


def ratios_html(checks: Sequence[RatioCheck]) -> str:
    if not checks:
        return "<p>No ratios yet.</p>"
    rows = "".join(
        f"<tr><td>{html.escape(c.label)}</td><td><b>{format_ratio(c.name, c.value)}</b></td>"
        f"<td>{html.escape(c.soft_limit) or '—'}</td><td>{html.escape(c.hard_limit) or '—'}</td>"
        f"<td>{outcome_badge(c.outcome)}</td><td>{', '.join(c.sections)}</td></tr>"
        for c in checks
    )
    return (
        '<table class="uw-ratios"><thead><tr><th>Ratio</th><th>Value</th><th>Soft limit</th>'
        f"<th>Hard limit</th><th>Outcome</th><th>Policy</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def timeline_markdown(entries: Sequence[TimelineEntry]) -> str:
    if not entries:
        return "**Timeline:** nothing recorded yet for this application."
    lines = ["**Timeline** (from the audit trail)", ""]
    lines += [f"- `{e.at[:19]}` **{e.kind}** by {e.actor}: {e.summary}" for e in entries]
    return "\n".join(lines)


def what_if_html(result: WhatIfView) -> str:
    """Score, ratios against limits, changed rules and the recommendation, before and after."""
    base, changed = result.base, result.changed
    moved = ", ".join(f"{WHAT_IF_FIELDS.get(k, k)} → {v:,.0f}" for k, v in result.changes.items())
    head = (
        f"<p><b>What if</b> {html.escape(moved)}:</p>"
        f"<p>PD {base.score.pd:.2%} → <b>{changed.score.pd:.2%}</b> ({result.delta_pd_pp:+.2f} pp) · "
        f"grade {base.score.grade} → <b>{changed.score.grade}</b> · recommendation "
        f"{base.recommendation.value} → <b id='whatif-recommendation'>{changed.recommendation.value}</b></p>"
    )
    after = {c.name: c for c in changed.ratios}
    rows = "".join(
        f"<tr><td>{html.escape(c.label)}</td><td>{format_ratio(c.name, c.value)}</td>"
        f"<td><b>{format_ratio(c.name, after[c.name].value)}</b></td>"
        f"<td>{html.escape(' / '.join(x for x in (c.soft_limit, c.hard_limit) if x)) or '—'}</td>"
        f"<td>{outcome_badge(after[c.name].outcome)}</td></tr>"
        for c in base.ratios
        if c.name in after
    )
    table = (
        '<table class="uw-whatif"><thead><tr><th>Ratio</th><th>Now</th><th>What if</th>'
        f"<th>Limits (soft / hard)</th><th>Outcome</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    status = {f.rule_id: f for f in changed.findings}
    before = {f.rule_id: f for f in base.findings}
    changes = [
        f"<li>{html.escape(r)}: {before[r].status.value if r in before else 'n/a'} → "
        f"<b>{status[r].status.value if r in status else 'n/a'}</b></li>"
        for r in result.changed_rules
    ]
    rules = (
        f"<p>Rules that change:</p><ul>{''.join(changes)}</ul>"
        if changes
        else "<p>No rule changes outcome.</p>"
    )
    flags = ""
    if changed.integrity_flags:  # CP-9.4 step 0: these refer the file before any decline
        flags = (
            "<p>Integrity flags (refer before any other outcome, CP-9.4 step 0): "
            f"<b id='whatif-flags'>{html.escape(', '.join(changed.integrity_flags))}</b></p>"
        )
    return head + flags + table + rules
