"""Meaning checks on a chat answer, the same kind the memo's claims get (``memo.claim_checks``).

An answer passes when:

- every number in it is one of this application's: the tool results it was written from, or the
  score context the model was given (PD, reason texts);
- every id it cites exists for this application: ``policy:``/``case:``/``fact:``… ids, section ids
  (``CP-4.2``), reason codes (``R07``), rule ids (``AFF-01``) and bracketed ids must be among the
  tool results' sources or the state's own sources (findings, policy sections, precedents, score);
- it names no organisation, product, law or system absent from the sources (the question counts as
  a source: echoing the user's own words is not invention).

A failing answer is withheld and replaced by a deterministic one that says which check it failed
and shows what the tools found (``chat.ChatAgent``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from underwrite.agent.chat_tools import ToolResult
from underwrite.agent.memo.claim_checks import invented_names
from underwrite.agent.memo.numbers import is_supported, numbers_in_text
from underwrite.core.fields import PROTECTED_FIELDS

_PREFIXED = re.compile(r"\b(?:fact|ratio|score|rule|policy|case|flag):[A-Za-z0-9_.\-]*[A-Za-z0-9]")
_SECTION = re.compile(r"\bCP-\d+(?:\.\d+)*\b")
_REASON = re.compile(r"\bR\d{2}\b")
_RULE = re.compile(r"\b(?!CP-)[A-Z]{2,}(?:-[A-Z0-9]+)+\b")
_BRACKETED = re.compile(r"\[([A-Za-z0-9_:.\-]+)\]")
# Words a name may hold without a source naming them (they say what kind of thing it is).
_GENERIC = frozenset(
    {"the", "this", "that", "these", "those", "a", "an", "of", "and", "for", "with", "under", "per"}
    | {"your", "our", "its", "yes", "no", "section", "policy", "rule", "rules", "score", "reason"}
    | {"reasons", "model", "bank", "applicant", "loan", "credit"}
)


def _ids_of(results: Sequence[ToolResult], state: Mapping[str, Any]) -> set[str]:
    """Every id this application's sources hold, bare and prefixed."""
    ids: set[str] = {str(state.get("application_id", ""))}
    for r in results:
        ids |= set(r.sources)
        ids |= {m.group(1) for m in _BRACKETED.finditer(r.content)}
    score = state.get("score")
    if score is not None:
        ids |= {"score:pd", *(f"score:{r.code}" for r in score.reasons)}
    for f in state.get("findings", []) or []:
        ids |= {f"rule:{f.rule_id}", f"policy:{f.section_id}"}
    ids |= {f"policy:{p.section_id}" for p in state.get("policy", []) or []}
    ids |= {f"case:{c.case_id}" for c in state.get("precedents", []) or []}
    ids |= {f"fact:{k}" for k in (state.get("values") or {}) if k not in PROTECTED_FIELDS}
    ratios = state.get("ratios")
    if ratios is not None:
        ids |= {f"ratio:{k}" for k, v in ratios.as_values().items() if v is not None}
    ids |= {i.split(":", 1)[1] for i in list(ids) if ":" in i}
    return {i for i in ids if i}


def cited_ids(text: str) -> list[str]:
    """The ids an answer cites, in order of appearance."""
    found: list[str] = []
    for rx in (_PREFIXED, _SECTION, _REASON, _RULE):
        found += [m.group(0) for m in rx.finditer(text)]
    found += [m.group(1) for m in _BRACKETED.finditer(text)]
    return list(dict.fromkeys(found))


def _haystack(question: str, context: str, results: Sequence[ToolResult], state: Mapping[str, Any]) -> str:
    parts = [question, context, *(r.content for r in results)]
    parts += [f"{k} {v}" for k, v in (state.get("values") or {}).items() if k not in PROTECTED_FIELDS]
    parts += [f"{p.section_id} {p.title} {p.text}" for p in state.get("policy", []) or []]
    parts += [f"{c.case_id} {c.summary}" for c in state.get("precedents", []) or []]
    parts += [f"{f.rule_id} {f.section_id} {f.message}" for f in state.get("findings", []) or []]
    return " ".join(parts).lower()


def _invented(text: str, haystack: str) -> list[str]:
    """Names some word of which (beyond generic ones) no source uses."""
    words = set(re.findall(r"[a-z0-9]+", haystack))
    out = []
    for name in invented_names(text, haystack):
        own = [w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _GENERIC and len(w) > 1]
        if any(w not in words for w in own):
            out.append(name)
    return out


def unsupported_numbers(text: str, allowed_texts: Iterable[str]) -> list[str]:
    allowed = [c for t in allowed_texts for m in numbers_in_text(t) for c in m.candidates]
    return [m.text for m in numbers_in_text(text) if not is_supported(m, allowed)]


def check_answer(
    text: str,
    question: str,
    context: str,
    results: Sequence[ToolResult],
    state: Mapping[str, Any],
) -> list[str]:
    """Why the answer fails, in words (empty: it passes)."""
    problems: list[str] = []
    known = _ids_of(results, state)
    cited = cited_ids(text)
    bare = text
    for ident in sorted(cited, key=len, reverse=True):  # an id's digits are not a claimed figure
        bare = bare.replace(ident, " ")
    numbers = unsupported_numbers(bare, [context, *(t for r in results for t in r.numbers_from)])
    if numbers:
        problems.append(f"states numbers no source of this application holds ({', '.join(numbers)})")
    unknown = [c for c in cited if c not in known]
    if unknown:
        problems.append(f"cites what no source of this application is ({', '.join(unknown)})")
    names = _invented(_BRACKETED.sub(" ", bare), _haystack(question, context, results, state))
    if names:
        problems.append(f"names what no source does ({', '.join(names)})")
    return problems
