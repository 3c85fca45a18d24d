"""The chat assistant's tools: typed functions over one application's state. Docstrings are what the
model reads; every result names the source ids it rests on."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field

from underwrite.agent.deps import Deps
from underwrite.core.fields import FIELDS, PROTECTED_FIELDS


class ToolResult(BaseModel):
    tool: str
    content: str
    sources: list[str] = Field(default_factory=list)
    numbers_from: list[str] = Field(default_factory=list, description="Texts whose numbers an answer may use")


class ApplicationTools:
    def __init__(self, state: dict[str, Any], deps: Deps) -> None:
        self.state = state
        self.deps = deps

    def lookup_fact(self, name: str) -> ToolResult:
        """Look up an application fact or ratio by name (e.g. monthly_net_income, dti) with its source."""
        key = name.strip().lower().replace(" ", "_")
        if key in PROTECTED_FIELDS:
            return ToolResult(tool="lookup_fact", content=f"{key} is a protected attribute and is not used.")
        ratios = self.state["ratios"].as_values()
        if key in ratios and ratios[key] is not None:
            text = f"{key} = {ratios[key]} (computed in code from the application facts)"
            return ToolResult(tool="lookup_fact", content=text, sources=[f"ratio:{key}"], numbers_from=[text])
        fact = self.state["application"].fact(key)
        if fact is None:
            return ToolResult(
                tool="lookup_fact", content=f"No fact named {key} was found in the application."
            )
        where = (
            f"{fact.source.doc_id} page {fact.source.page}: {fact.source.quote!r}"
            if fact.source
            else "computed"
        )
        label = FIELDS[key].label if key in FIELDS else key
        text = f"{label} = {fact.value} (method {fact.method.value}; source {where})"
        return ToolResult(tool="lookup_fact", content=text, sources=[f"fact:{key}"], numbers_from=[text])

    def what_if(self, changes: dict[str, float | str]) -> ToolResult:
        """Re-score with changed inputs, e.g. {"loan_term_months": 36}; reports the change in PD."""
        if self.deps.what_if is None:
            return ToolResult(tool="what_if", content="What-if re-scoring is not available.")
        bad = [k for k in changes if k in PROTECTED_FIELDS or k not in FIELDS]
        if bad:
            return ToolResult(tool="what_if", content=f"Cannot change {', '.join(bad)}.")
        r = self.deps.what_if(self.state["application"], dict(changes))
        text = (
            f"With {json.dumps(changes)}: PD {r.base.pd:.4f} → {r.changed.pd:.4f} "
            f"(change {r.delta_pd:+.4f}); grade {r.base.grade} → {r.changed.grade}"
        )
        return ToolResult(tool="what_if", content=text, sources=["score:pd"], numbers_from=[text])

    def search_policy(self, query: str) -> ToolResult:
        """Search the credit policy manual; returns the most relevant sections with their ids."""
        hits = self.deps.search_policy(query, 3)
        text = "\n".join(f"[{h.section_id}] {h.title}: {h.text[:400]}" for h in hits) or "No section found."
        return ToolResult(
            tool="search_policy",
            content=text,
            sources=[f"policy:{h.section_id}" for h in hits],
            numbers_from=[text],
        )

    def search_precedents(self, query: str) -> ToolResult:
        """Find similar past applications with their decision and outcome."""
        hits = self.deps.search_precedents(query, 3, None)
        text = (
            "\n".join(
                f"[{h.case_id}] similarity {h.similarity:.2f}, decision {h.decision}, outcome "
                f"{h.outcome}: {h.summary[:200]}"
                for h in hits
            )
            or "No similar case found."
        )
        return ToolResult(
            tool="search_precedents",
            content=text,
            sources=[f"case:{h.case_id}" for h in hits],
            numbers_from=[text],
        )

    def explain_reason(self, code: str) -> ToolResult:
        """Explain a score reason code (e.g. R07) in plain words, and its weight for this application."""
        code = code.strip().upper()
        score = self.state["score"]
        mine = next((r for r in score.reasons if r.code == code), None)
        general = self.deps.explain_reason(code) if self.deps.explain_reason else ""
        text = general or (mine.text if mine else f"Unknown reason code {code}.")
        if mine is not None:
            text += f" For this application: {mine.text} (contribution {mine.contribution:+.3f} log-odds)."
        return ToolResult(
            tool="explain_reason",
            content=text,
            sources=[f"score:{code}"] if mine else [],
            numbers_from=[text],
        )

    def specs(self) -> list[dict[str, Any]]:
        """OpenAI tool definitions for native tool calling."""

        def spec(name: str, params: dict[str, Any], required: list[str]) -> dict[str, Any]:
            doc = (getattr(self, name).__doc__ or "").strip()
            return {
                "type": "function",
                "function": {
                    "name": name,
                    "description": doc,
                    "parameters": {"type": "object", "properties": params, "required": required},
                },
            }

        return [
            spec("lookup_fact", {"name": {"type": "string"}}, ["name"]),
            spec(
                "what_if",
                {"changes": {"type": "object", "additionalProperties": {"type": ["number", "string"]}}},
                ["changes"],
            ),
            spec("search_policy", {"query": {"type": "string"}}, ["query"]),
            spec("search_precedents", {"query": {"type": "string"}}, ["query"]),
            spec("explain_reason", {"code": {"type": "string"}}, ["code"]),
        ]

    def call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        if name not in {"lookup_fact", "what_if", "search_policy", "search_precedents", "explain_reason"}:
            return ToolResult(tool=name, content=f"Unknown tool {name}.")
        try:
            result: ToolResult = getattr(self, name)(**arguments)
        except (TypeError, ValueError) as exc:
            return ToolResult(tool=name, content=f"Tool {name} failed: {exc}")
        return result
