"""A readable view of a memo narrative while the model is still writing its JSON.

The draft arrives as schema-constrained JSON, piece by piece. Underwriters should see prose, not
braces: the partial text is closed (open string and brackets), trimmed back to the last point that
parses, and laid out as Markdown. Nothing here is trusted: the screen labels the preview unverified
and replaces it with the verified memo when the workflow finishes.
"""

from __future__ import annotations

import json
from typing import Any

SECTION_TITLES = {
    "summary": "Summary",
    "strengths": "Strengths",
    "risks_and_mitigants": "Risks and mitigants",
    "recommendation": "Recommendation",
    "recommendation_rationale": "Rationale",
    "conditions": "Conditions",
    "adverse_action_codes": "Adverse-action reason codes",
}
MAX_TRIMS = 64
"""How far back (characters) to look for a parseable prefix: a dangling key or escape is short."""


def _closed(text: str) -> str:
    """``text`` with its open string, arrays and objects closed."""
    stack: list[str] = []
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            stack.append("]" if ch == "[" else "}")
        elif ch in "]}" and stack:
            stack.pop()
    tail = ("\\" if escaped else "") + ('"' if in_string else "")
    return text + tail + "".join(reversed(stack))


def parse_partial(text: str) -> dict[str, Any]:
    """The longest readable prefix of a partial JSON object, as a dict (empty if none yet)."""
    for cut in range(len(text), max(len(text) - MAX_TRIMS, 0), -1):
        try:
            value = json.loads(_closed(text[:cut]), strict=False)
        except ValueError:
            continue
        return value if isinstance(value, dict) else {}
    return {}


def _lines(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, dict):
        parts = [str(value.get(k) or "") for k in ("text", "risk") if value.get(k)]
        if value.get("mitigant"):
            parts.append(f"Mitigant: {value['mitigant']}")
        return [" ".join(parts)] if parts else []
    if isinstance(value, list):
        return [line for item in value for line in _lines(item)]
    return []


def preview_markdown(partial_json: str) -> str:
    """Markdown of everything readable so far in ``partial_json`` (empty when nothing is yet)."""
    out: list[str] = []
    for key, value in parse_partial(partial_json).items():
        lines = _lines(value)
        if lines and key in SECTION_TITLES:
            out += [f"**{SECTION_TITLES[key]}**", *(f"- {line}" for line in lines), ""]
    return "\n".join(out).strip()
