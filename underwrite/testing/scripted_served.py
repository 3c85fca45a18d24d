"""A scripted *served* model for the memo benchmark: a :class:`FakeOpenAIServer` handler that answers
from what a model would see (the prompt and the request's JSON schema), never from the agent's state.

It stands in for a served model under guided decoding (vLLM): its claims always match the schema
(evidence ids from the enum, text in the digit-free pattern), except for the scripted schema
breakers below. Per packet it writes the sound claims a competent model would (a strength per
passed rule, a risk per failed rule and per score reason, a rationale) and adds one fault, chosen
by a stable hash of the application id, so the meaning checks have real work:

- ``off_topic``: the issue's "list of guidelines … followed by the user" as a rationale;
- ``kind_mismatch``: a strength resting on a failed rule (or a risk on a passed one);
- ``repeat``: the first claim again, a few words longer;
- ``ungrounded``: a sentence sharing no term with the evidence it cites;
- ``invented_entity``: the issue's "German Credit and Loan Management System (CeLMS)" — the
  pattern forbids capitals, so this reply breaks the schema (a server without guided decoding);
- ``truncated``: a reply cut off mid-JSON (``finish_reason: length``).

A score reason is always written as a risk (the prompt does not say whether it raises or lowers
risk), so a favourable reason is a further, unscripted rejection. The fact-extraction request gets
``{"facts": []}`` (no prose facts found) and any other request a short plain answer.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from underwrite.testing.openai_wire import Reply

FAULTS = ("off_topic", "kind_mismatch", "repeat", "ungrounded", "invented_entity", "truncated")
GUIDELINES = "This memo contains a list of guidelines that are to be followed by the user"
CELMS = "It ensures compliance with the German Credit and Loan Management System (CeLMS) policy"
_LINE = re.compile(r"^- ([a-z]+:[^\s:]+): (.*)$", re.MULTILINE)
_SUBJECT = re.compile(r": ([a-z_]+) (-?[\d.,]+) \(limit ([<>]=?) (-?[\d.]+)\)")
COMFORT = 0.75
"""A passed limit is called a strength only with room: value at most 75% of a maximum, or at least
a third above a minimum (what the prompt shows; the checks have their own, stricter view)."""
_APP = re.compile(r"claims about application (\S+?) as JSON")


def fault_for(application_id: str) -> str:
    """The scripted fault of a packet: stable across runs and Python processes."""
    digest = hashlib.sha256(application_id.encode()).digest()
    return FAULTS[digest[0] % len(FAULTS)]


def words(text: str) -> str:
    """Lower-case words of ``text`` that fit the claim pattern (no digits, ids or capitals)."""
    cleaned = re.sub(r"[^a-z ,;'()-]+", " ", text.lower().replace("_", " "))
    out = " ".join(w for w in cleaned.split() if w.strip(",;'()-"))
    return out.strip(" ,;-")


def _sentence(*parts: str) -> str:
    text = " ".join(p for p in parts if p).strip()
    text = text[:1].upper() + text[1:]
    return text[:140].rstrip(" ,;-")


def _claim_schema(body: dict[str, Any]) -> tuple[set[str], str]:
    """(the evidence-id enum, the text pattern) of the request's claim schema."""
    schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("schema") or {}
    props = ((schema.get("$defs") or {}).get("Claim") or {}).get("properties") or {}
    items = (props.get("evidence") or {}).get("items") or {}
    return set(items.get("enum") or []), str((props.get("text") or {}).get("pattern") or "")


def _evidence(body: dict[str, Any]) -> list[tuple[str, str]]:
    prompt = "\n".join(str(m.get("content") or "") for m in body.get("messages", []))
    return [(m.group(1), m.group(2)) for m in _LINE.finditer(prompt)]


def _app_id(body: dict[str, Any]) -> str:
    prompt = "\n".join(str(m.get("content") or "") for m in body.get("messages", []))
    found = _APP.search(prompt)
    return found.group(1) if found else ""


STRENGTH_PHRASES = (
    "the {} stays well within the policy limit",
    "there is ample headroom on {} here",
    "{} is comfortably inside what is allowed",
    "the file shows {} far from its threshold",
)
"""A model varies its wording; the same sentence twice would be (rightly) rejected as a repeat."""


def _rule_line(detail: str) -> tuple[str, bool]:
    """(the ratio or fact a rule line tests, whether it passes with room) from
    "…: dti 0.45 (limit <= 0.5) — pass, …"; ("", False) when the line shows no value."""
    found = _SUBJECT.search(detail)
    if not found:
        return "", False
    value, op, limit = float(found.group(2).replace(",", "")), found.group(3), float(found.group(4))
    roomy = value <= COMFORT * limit if op.startswith("<") else value >= limit / COMFORT
    return found.group(1), roomy


def sound_claims(evidence: list[tuple[str, str]], allowed: set[str], pattern: str) -> list[dict[str, Any]]:
    """What a competent model writes from the EVIDENCE lines; a text the schema's pattern refuses is
    left out, as guided decoding could never have produced it."""
    claims: list[dict[str, Any]] = []
    n_strengths = 0
    for sid, detail in evidence:
        name, roomy = _rule_line(detail) if sid.startswith("rule:") else ("", False)
        subject = words(name)
        if subject and roomy and "— pass," in detail:
            text = _sentence(STRENGTH_PHRASES[n_strengths % len(STRENGTH_PHRASES)].format(subject))
            n_strengths += 1
            cites = [sid, *([f"ratio:{name}"] if f"ratio:{name}" in allowed else [])]
            claims.append({"kind": "strength", "evidence": cites, "text": text})
        elif subject and "— fail," in detail:
            claims.append(
                {
                    "kind": "risk",
                    "evidence": [sid],
                    "text": _sentence("the", subject, "breaks the policy limit"),
                }
            )
    for sid, detail in evidence:
        if sid.startswith("score:R") and (reason := words(detail.split(";")[-1])):
            claims.append({"kind": "risk", "evidence": [sid], "text": _sentence(reason)})
            break
    if "score:pd" in allowed:
        text = "The recommendation follows from the score and the policy rules"
        claims.append({"kind": "rationale", "evidence": ["score:pd"], "text": text})
    return [c for c in claims if not pattern or re.fullmatch(pattern, c["text"])]


def _with_fault(fault: str, claims: list[dict[str, Any]], evidence: list[tuple[str, str]]) -> list[Any]:
    rules = {sid: d for sid, d in evidence if sid.startswith("rule:")}
    failed = [s for s, d in rules.items() if "— fail," in d]
    passed = [s for s, d in rules.items() if "— pass," in d]
    any_id = next((s for s, _d in evidence if s == "score:pd"), evidence[0][0] if evidence else "score:pd")
    if fault == "off_topic":
        bad = {"kind": "rationale", "evidence": [any_id], "text": GUIDELINES}
    elif fault == "kind_mismatch" and (failed or passed):
        bad = (
            {"kind": "strength", "evidence": [failed[0]], "text": "The applicant meets this rule easily"}
            if failed
            else {"kind": "risk", "evidence": [passed[0]], "text": "This rule is a serious worry here"}
        )
    elif fault == "repeat" and claims:
        first = claims[0]
        bad = {**first, "text": _sentence(first["text"][:120].lower(), "indeed")}
    elif fault == "invented_entity":
        bad = {"kind": "rationale", "evidence": [any_id], "text": CELMS}
    else:  # ungrounded (and a kind mismatch with no rule to misuse)
        bad = {"kind": "risk", "evidence": [any_id], "text": "The weather was rainy all along"}
    return [*claims[:5], bad]


def claims_reply(body: dict[str, Any]) -> Reply:
    """The scripted answer to a memo-claims request."""
    allowed, pattern = _claim_schema(body)
    evidence = [(s, d) for s, d in _evidence(body) if s in allowed]
    fault = fault_for(_app_id(body))
    claims = _with_fault(fault, sound_claims(evidence, allowed, pattern), evidence)
    text = json.dumps({"claims": claims})
    if fault == "truncated":
        return Reply(text=text[: len(text) // 2], finish_reason="length")
    return Reply(text=text)


def handler(body: dict[str, Any]) -> Reply:
    """The :class:`FakeOpenAIServer` handler: claims, empty fact extraction, or a short answer."""
    name = ((body.get("response_format") or {}).get("json_schema") or {}).get("name", "")
    if name == "MemoClaims":
        return claims_reply(body)
    if name:
        return Reply(text=json.dumps({"facts": []}) if "Facts" in name else "{}")
    return Reply(text="The file holds no further detail on that.")
