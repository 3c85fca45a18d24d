"""The underwriter's chat assistant for one application.

With a backend that calls tools natively (vLLM), the model picks the tools. With the tiny embedded
model, a deterministic intent router picks them, and the model only phrases the answer from the tool
results. Either way an answer's numbers are checked against the tool results (unsupported numbers
get a visible correction) and every answer ends with the ids of its sources. A streamed answer can
only be checked once it is complete; one that fails is then replaced as a whole (``ChatPiece``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from underwrite.agent.chat_checks import check_answer
from underwrite.agent.chat_tools import ApplicationTools, ToolResult
from underwrite.agent.deps import Deps
from underwrite.agent.memo.numbers import numbers_in_text
from underwrite.core.fields import FIELDS
from underwrite.llm.errors import UNREACHABLE
from underwrite.prompts import render_prompt

MAX_TOOL_ROUNDS = 3
# The prompt asks for a brief answer; a small model that loops instead would stream for minutes
# (to the end of its context) before the checks can run. 300 tokens is ~4 short paragraphs.
MAX_ANSWER_TOKENS = 300
HISTORY_MESSAGES = 6
"""Earlier messages of the conversation sent with a question (the newest ones): enough for a
follow-up ("and if the term were 48 months?") without letting an old answer crowd the context."""
HISTORY_CHARS = 800
"""Each earlier message is cut to this length; its tool results are not re-sent, only its text."""
_RATIO_WORDS = {
    "dti": "dti",
    "debt-to-income": "dti",
    "debt to income": "dti",
    "pti": "pti",
    "lti": "lti",
    "payment-to-income": "pti",
    "residual": "residual_income",
    "instalment": "monthly_payment",
    "installment": "monthly_payment",
    "dscr": "dscr",
    "leverage": "leverage",
}
_CHANGE_PATTERNS = {
    "loan_term_months": re.compile(r"\bterm\b\D{0,20}(\d+)|(\d+)\s*months?\b", re.I),
    "loan_amount": re.compile(r"\b(?:amount|loan|borrow\w*)\b\D{0,20}([\d.,]+)", re.I),
    "monthly_net_income": re.compile(r"\bincome\b\D{0,20}([\d.,]+)", re.I),
}


class ChatAnswer(BaseModel):
    text: str
    sources: list[str] = Field(default_factory=list)
    tools_used: list[str] = Field(default_factory=list)
    corrected: bool = False
    """The model's answer failed a check and was replaced by the deterministic answer."""
    problems: list[str] = Field(default_factory=list)
    """Why it failed (``chat_checks.check_answer``)."""
    withheld: str | None = None
    """The model's text that was replaced, kept for the record; never shown as the answer."""
    llm_unavailable: str | None = None
    """Why the model could not answer (down, crashed, timed out); the text then holds only tool results."""


class ChatPiece(BaseModel):
    """One piece of a streamed answer, appended to what came before it unless it replaces it."""

    text: str
    replaces_draft: bool = False
    """``text`` is the whole answer: the draft streamed before it failed the checks and is withdrawn
    (the text says so, and why); a reader shows this text instead of the draft, not below it."""
    withheld: str | None = None
    """The withdrawn draft, kept for the record (the audit trail); never shown as the answer."""


def unavailable_text(error: BaseException, results: list[ToolResult]) -> str:
    """What the underwriter reads when the model is down: that it is, and what the tools found."""
    found = "\n".join(f"- {r.content}" for r in results) or "- (no tool matched the question)"
    return (
        f"The language model is unavailable right now, so this answer was not written by it ({error}). "
        f"Your question is kept; ask again when the model is back. What the tools found:\n{found}"
    )


def route_intent(question: str, tools: ApplicationTools) -> list[tuple[str, dict[str, Any]]]:
    """Keywords → tool calls, for backends whose tool calling is unreliable."""
    q = question.lower()
    calls: list[tuple[str, dict[str, Any]]] = []
    code = re.search(r"\b[Rr]\d{2}\b", question)
    if code or "reason" in q:
        codes = [code.group(0)] if code else [r.code for r in tools.state["score"].reasons[:2]]
        calls += [("explain_reason", {"code": c}) for c in codes]
    if "what if" in q or re.search(r"\bif (the|we|it)\b", q) or "instead" in q:
        changes: dict[str, float | str] = {}
        for name, rx in _CHANGE_PATTERNS.items():
            m = rx.search(question)
            if m:
                raw = next(g for g in m.groups() if g)
                mentions = numbers_in_text(raw)
                if mentions:
                    changes[name] = mentions[0].candidates[0]
        if changes:
            calls.append(("what_if", {"changes": changes}))
    if any(w in q for w in ("similar", "precedent", "past case", "other cases")):
        calls.append(("search_precedents", {"query": question}))
    if any(
        w in q for w in ("policy", "allowed", "limit", "rule", "section", "required", "maximum", "minimum")
    ):
        calls.append(("search_policy", {"query": question}))
    for word, ratio in _RATIO_WORDS.items():
        if word in q:
            calls.append(("lookup_fact", {"name": ratio}))
            break
    for name, f in FIELDS.items():
        if not f.protected and (f.label.lower() in q or name in q):
            calls.append(("lookup_fact", {"name": name}))
    if not calls:
        calls.append(("search_policy", {"query": question}))
    return list({json.dumps(c, sort_keys=True): c for c in calls}.values())[:5]


def _tool_call_parts(tc: Any) -> tuple[str, str, dict[str, Any]]:
    """(id, name, arguments) of a tool call: the client's ToolCall, or an OpenAI-shaped dict."""
    if isinstance(tc, dict):
        fn = tc["function"]
        raw = fn.get("arguments") or "{}"
        return tc["id"], fn["name"], json.loads(raw) if isinstance(raw, str) else dict(raw)
    return tc.id, tc.name, dict(tc.arguments)


class ChatAgent:
    def __init__(self, state: dict[str, Any], deps: Deps, *, native_tools: bool = False) -> None:
        self.tools = ApplicationTools(state, deps)
        self.deps = deps
        self.state = state
        self.native_tools = native_tools

    def _context(self) -> str:
        memo = self.state.get("memo")
        s = self.state["score"]
        head = f"PD {s.pd:.4f}, grade {s.grade}; reasons: " + "; ".join(
            f"{r.code} {r.text}" for r in s.reasons
        )
        return head + (f"\nRecommendation: {memo.recommendation.value}" if memo else "")

    def _messages(self, question: str, history: Sequence[Mapping[str, str]]) -> list[dict[str, Any]]:
        system, user = render_prompt(
            "chat_system",
            application_id=self.state["application_id"],
            context=self._context(),
            question=question,
        ).messages
        earlier = [
            {"role": m["role"], "content": str(m["content"])[:HISTORY_CHARS]}
            for m in history
            if m.get("role") in {"user", "assistant"} and m.get("content")
        ][-HISTORY_MESSAGES:]
        return [system, *earlier, user]

    def _routed(
        self, question: str, history: Sequence[Mapping[str, str]]
    ) -> list[tuple[str, dict[str, Any]]]:
        """Tools for the question; a follow-up that names nothing itself borrows the previous
        question's subject ("and for the other one?")."""
        calls = route_intent(question, self.tools)
        previous = [m["content"] for m in history if m.get("role") == "user" and m.get("content")]
        if previous and calls == [("search_policy", {"query": question})]:
            return route_intent(f"{previous[-1]} {question}", self.tools)
        return calls

    def _run_tools(
        self, question: str, history: Sequence[Mapping[str, str]] = ()
    ) -> tuple[list[dict[str, Any]], list[ToolResult]]:
        messages = self._messages(question, history)
        if self.native_tools:
            try:
                return self._native_tools(messages)
            except UNREACHABLE:  # the answer step reports it; tools can still be picked by rule
                messages = self._messages(question, history)
        results = [self.tools.call(name, args) for name, args in self._routed(question, history)]
        tool_text = "\n\n".join(f"[{r.tool}] {r.content}" for r in results)
        messages[-1]["content"] += f"\n\nTool results:\n<data>\n{tool_text}\n</data>\nAnswer briefly."
        return messages, results

    def _native_tools(self, messages: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[ToolResult]]:
        results: list[ToolResult] = []
        for _ in range(MAX_TOOL_ROUNDS):
            reply = self.deps.llm.chat(messages, tools=self.tools.specs(), tool_choice="auto")
            if not reply.tool_calls:
                break
            calls = [_tool_call_parts(tc) for tc in reply.tool_calls]
            messages.append(
                {
                    "role": "assistant",
                    "content": reply.text or "",
                    "tool_calls": [
                        {
                            "id": cid,
                            "type": "function",
                            "function": {"name": name, "arguments": json.dumps(args)},
                        }
                        for cid, name, args in calls
                    ],
                }
            )
            for cid, name, args in calls:
                result = self.tools.call(name, args)
                results.append(result)
                messages.append({"role": "tool", "tool_call_id": cid, "content": result.content})
        return messages, results

    def _check(self, text: str, question: str, results: list[ToolResult]) -> list[str]:
        return check_answer(text, question, self._context(), results, self.state)

    @staticmethod
    def _footer(results: list[ToolResult], problems: Sequence[str] = (), *, streamed: bool = False) -> str:
        sources = sorted({s for r in results for s in r.sources})
        out = ""
        if problems:
            what = (
                "the model's draft answer, shown while it was written, was replaced by this one: it"
                if streamed
                else "the model's answer"
            )
            out += (
                f"\n\n[Correction: {what} failed the checks ({'; '.join(problems)}), "
                "so it is not relied on. From the tools:]\n" + "\n".join(f"- {r.content}" for r in results)
            )
        return out + "\n\nSources: " + (", ".join(sources) if sources else "none (no tool returned a source)")

    def ask(self, question: str, history: Sequence[Mapping[str, str]] = ()) -> ChatAnswer:
        """Answer ``question``; ``history`` is the conversation so far (role/content messages)."""
        messages, results = self._run_tools(question, history)
        try:
            text = (self.deps.llm.chat(messages, max_tokens=MAX_ANSWER_TOKENS).text or "").strip()
        except UNREACHABLE as exc:
            return ChatAnswer(
                text=unavailable_text(exc, results) + self._footer(results),
                sources=sorted({s for r in results for s in r.sources}),
                tools_used=[r.tool for r in results],
                llm_unavailable=str(exc),
            )
        problems = self._check(text, question, results)
        return ChatAnswer(
            # a failing answer is withheld: the underwriter reads why, and the tools' own words
            text=(self._footer(results, problems).lstrip() if problems else text + self._footer(results)),
            sources=sorted({s for r in results for s in r.sources}),
            tools_used=[r.tool for r in results],
            corrected=bool(problems),
            problems=problems,
            withheld=text if problems else None,
        )

    def stream(self, question: str, history: Sequence[Mapping[str, str]] = ()) -> Iterator[ChatPiece]:
        """Yield the answer as the model writes it, then the sources; a draft that fails the checks
        is replaced by one last piece (``replaces_draft``) saying so, why, and what the tools found."""
        messages, results = self._run_tools(question, history)
        stream_fn = getattr(self.deps.llm, "stream", None)
        chunks: list[str] = []
        try:
            if stream_fn is None:
                chunks.append(self.deps.llm.chat(messages, max_tokens=MAX_ANSWER_TOKENS).text or "")
                yield ChatPiece(text=chunks[0])
            else:
                for chunk in stream_fn(messages, max_tokens=MAX_ANSWER_TOKENS):
                    chunks.append(chunk)
                    yield ChatPiece(text=chunk)
        except UNREACHABLE as exc:
            text = ("\n\n" if chunks else "") + unavailable_text(exc, results) + self._footer(results)
            yield ChatPiece(text=text)
            return
        draft = "".join(chunks)
        problems = self._check(draft, question, results)
        if not problems:
            yield ChatPiece(text=self._footer(results))
            return
        text = self._footer(results, problems, streamed=True).lstrip()
        yield ChatPiece(text=text, replaces_draft=True, withheld=draft)
