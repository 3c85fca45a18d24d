"""Deterministic detection of text in documents that tries to instruct the model.

The prompts already tell the model that document text is data; this list makes attempts visible to
the underwriter (a flag on the application and a ``refer``) whether or not the model complied.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

_PATTERNS: dict[str, str] = {
    "ignore_instructions": r"\b(ignore|disregard|forget|override)\b.{0,40}"
    r"\b(instruction|prompt|rule|polic(y|ies)|guideline)s?\b",
    "role_change": r"\b(you are now|act as|pretend to be|from now on you|new instructions?)\b",
    "system_prompt": r"\b(system prompt|developer message|jailbreak)\b",
    "chat_markup": r"(<\|im_start\|>|<\|im_end\|>|<\|system\|>|\[INST\]|\[/INST\]"
    r"|^\s*(system|assistant)\s*:)",
    "decision_demand": r"\b(must|should|shall|please)\s+(be\s+)?(approve|approved|accept|accepted)\b.{0,30}"
    r"\b(loan|application|credit|request)?",
    "approve_directive": r"\b(approve|accept)\s+(this|the|my)\s+(loan|application|credit|request)\b",
    "score_tampering": r"\b(set|change|make)\b.{0,30}\b(score|pd|probability of default|grade|dti)\b.{0,20}"
    r"\b(to|=)\b",
    "hidden_delimiter": r"</?\s*(document|data|system|instructions?)\s*>",
}
_COMPILED = {name: re.compile(p, re.IGNORECASE | re.MULTILINE) for name, p in _PATTERNS.items()}


class InjectionHit(BaseModel):
    pattern: str
    excerpt: str


def scan_for_injection(text: str) -> list[InjectionHit]:
    """Every injection-looking passage in ``text`` (pattern name and a short excerpt)."""
    hits: list[InjectionHit] = []
    for name, rx in _COMPILED.items():
        m = rx.search(text)
        if m:
            start = max(0, m.start() - 20)
            hits.append(InjectionHit(pattern=name, excerpt=" ".join(text[start : m.end() + 20].split())))
    return hits


_DELIMITER = re.compile(r"<(/?)\s*(document|data)\b", re.IGNORECASE)


def neutralize_delimiters(text: str) -> str:
    """Defang tags that could close the data block a document is wrapped in."""
    return _DELIMITER.sub(lambda m: f"‹{m.group(1)}{m.group(2)}", text)
