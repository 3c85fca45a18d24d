"""Memo exports: Markdown, DOCX (python-docx, real tables) and PDF (reportlab), from one layout;
and the same for a memo a reviewer edited in the workbench."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from underwrite.tools.exports.blocks import (
    Block,
    Heading,
    Paragraph,
    TableBlock,
    blocks_to_docx,
    blocks_to_pdf,
    markdown_blocks,
)
from underwrite.tools.exports.findings import finding_cells

if TYPE_CHECKING:
    from underwrite.core.memo import Memo
    from underwrite.core.precedent import PrecedentHit

Table = tuple[list[str], list[list[str]]]


class ExportError(ValueError):
    """The requested export format is not supported."""


def precedent_amount(metadata: Mapping[str, object]) -> str:
    """A past case's amount in its source's currency and, where known, in EUR ("9,800 (DEM, ≈ 5,011 EUR)").

    Past cases keep their source's currency (German credit is in Deutsche Mark, Lending Club in
    dollars); a bare number beside this applicant's euro amount would read as euro. The euro figure
    is what the match score compared with the applicant's amount (``retrieval.precedent_money``).
    """
    amount, eur = metadata.get("amount"), metadata.get("amount_eur")
    if not isinstance(amount, int | float):
        return ""
    currency = str(metadata.get("currency") or "currency not stated")
    in_eur = f", ≈ {eur:,.0f} EUR" if isinstance(eur, int | float) and currency != "EUR" else ""
    return f"{amount:,.0f} ({currency}{in_eur})"


def precedent_row(p: PrecedentHit) -> list[str]:
    """One precedent as the memo table shows it: what makes it comparable (amount, term) beside the
    text similarity and the match score the cases are ranked by."""
    term = p.metadata.get("term_months")
    return [
        p.case_id,
        precedent_amount(p.metadata),
        f"{term:.0f} months" if isinstance(term, int | float) else "",
        f"{p.similarity:.2f}",
        f"{p.comparability:.2f}" if p.comparability is not None else "",
        p.decision or "",
        p.outcome or "",
    ]


def _tables(memo: Memo) -> dict[str, Table]:
    return {
        "Request": (
            ["Item", "Value", "Source"],
            [[r.label, r.value, r.source_id or ""] for r in memo.request_summary],
        ),
        "Borrower": (
            ["Item", "Value", "Source"],
            [[r.label, r.value, r.source_id or ""] for r in memo.borrower_summary],
        ),
        "Financial analysis": (["Ratio", "Value"], [[r.label, r.display] for r in memo.ratios]),
        "Score reasons": (
            ["Code", "Reason", "Contribution"],
            [[r.code, r.text, f"{r.contribution:+.3f}"] for r in memo.score.reasons],
        ),
        "Policy findings": (
            ["Rule", "Section", "Value", "Limit", "Severity", "Status"],
            [finding_cells(f) for f in memo.policy_findings],
        ),
        "Precedents": (
            ["Case", "Amount", "Term", "Text similarity", "Match", "Decision", "Outcome"],
            [precedent_row(p) for p in memo.precedents],
        ),
    }


def _src(memo: Memo, location: str) -> str:
    """Who wrote one statement (the model, after a repair, or code), as the reader sees it."""
    origin = memo.narrative.origins.get(location)
    return f" (source: {origin})" if origin else ""


def _words(code: str) -> str:
    return code.replace("_", " ")


def _prose(memo: Memo) -> list[tuple[str, list[str]]]:
    n = memo.narrative
    risks = [
        f"{r.risk}{_src(memo, f'risks_and_mitigants[{i}].risk')} Mitigant: {r.mitigant}"
        f"{_src(memo, f'risks_and_mitigants[{i}].mitigant')}"
        for i, r in enumerate(n.risks_and_mitigants)
    ]
    return [
        ("Summary", [n.summary.text + _src(memo, "summary")]),
        ("Strengths", [s.text + _src(memo, f"strengths[{i}]") for i, s in enumerate(n.strengths)]),
        ("Risks and mitigants", risks),
        (
            "Recommendation",
            [
                f"{_words(memo.recommendation.value)} (policy: {_words(memo.policy_recommendation.value)}). "
                f"{n.recommendation_rationale.text}{_src(memo, 'recommendation_rationale')}"
            ],
        ),
        ("Conditions", [c + _src(memo, f"conditions[{i}]") for i, c in enumerate(memo.conditions)]),
        ("Adverse-action reasons", [f"{a.code}: {a.text}" for a in memo.adverse_action_reasons]),
        ("Flags", [f"[{f.severity}] {f.code}: {f.message}" for f in memo.flags]),
        ("Citations", [f"{c.claim} → {c.source_id} ({c.source_label})" for c in memo.citations]),
        (
            "Versions",
            [
                f"score model {memo.versions.score_model}; policy {memo.versions.policy}; "
                f"LLM {memo.versions.llm}; prompts "
                + (", ".join(f"{k} {v}" for k, v in sorted(memo.versions.prompts.items())) or "none used")
            ],
        ),
    ]


def _status_line(memo: Memo) -> str:
    v = memo.verification
    return (
        f"PD {memo.score.pd:.1%} · grade {memo.score.grade} · verification: "
        f"{'passed' if v.passed else 'FAILED'} ({v.narrative_source.value}, {v.attempts} LLM draft(s))"
        + (f" · model claims kept {v.claims_kept} of {v.claims_proposed}" if v.claims_proposed else "")
    )


def prepared_line(memo: Memo) -> str:
    """When and by what the memo was drafted; a memo stored by an earlier build says it was not recorded."""
    if memo.prepared_at is None:
        return "Prepared: date and preparer not recorded (a memo stored by an earlier build)"
    return f"Prepared {memo.prepared_at:%Y-%m-%d %H:%M} UTC by {memo.prepared_by or 'underwrite'}"


def memo_to_markdown(memo: Memo) -> str:
    out = [f"# Credit memo — {memo.application_id}", "", prepared_line(memo), "", _status_line(memo), ""]
    if any(f.code == "narrative_fallback" for f in memo.flags):
        out += ["> **Deterministic narrative:** the model's text failed verification; see Flags.", ""]
    for title, (header, rows) in _tables(memo).items():
        out += [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows]
        out.append("")
    for title, items in _prose(memo):
        if items:
            out += [f"## {title}", "", *[f"- {i}" for i in items], ""]
    return "\n".join(out)


def memo_blocks(memo: Memo) -> list[Block]:
    blocks: list[Block] = [
        Heading(f"Credit memo — {memo.application_id}", 0),
        Paragraph(prepared_line(memo)),
        Paragraph(_status_line(memo)),
    ]
    for title, (header, rows) in _tables(memo).items():
        blocks += [Heading(title), TableBlock(header, rows)]
    for title, items in _prose(memo):
        if items:
            blocks += [Heading(title), *(Paragraph(i, "bullet") for i in items)]
    return blocks


def memo_to_docx(memo: Memo) -> bytes:
    return blocks_to_docx(memo_blocks(memo))


def memo_to_pdf(memo: Memo) -> bytes:
    return blocks_to_pdf(memo_blocks(memo), f"Credit memo {memo.application_id}")


class MemoEdit(BaseModel):
    """A reviewer's edited text of a memo and where it came from."""

    markdown: str
    editor: str
    saved_at: datetime
    sha256: str
    original_sha256: str
    """Content hash of the verified memo the edit started from."""


def edit_notice(memo: Memo, edit: MemoEdit) -> str:
    """Who changed the memo, when, and which verified original the automated checks apply to."""
    return (
        f"Edited by {edit.editor} on {edit.saved_at:%Y-%m-%d %H:%M} UTC (text sha256 {edit.sha256[:16]}). "
        f"Automated verification applies to the original memo (sha256 {edit.original_sha256[:16]}), "
        f"not to the reviewer's changes. {_status_line(memo)}"
    )


def edited_markdown(memo: Memo, edit: MemoEdit) -> str:
    """The reviewer's Markdown with the edit notice as a quote under its title (the same place as in
    DOCX/PDF), so a Markdown export never passes an edited memo off as the verified one."""
    lines = edit.markdown.splitlines()
    notice = f"> **{edit_notice(memo, edit)}**"
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].startswith("# "):
        return "\n".join([*lines[: first + 1], "", notice, "", *lines[first + 1 :]]) + "\n"
    return "\n".join([f"# Credit memo — {memo.application_id}", "", notice, "", *lines]) + "\n"


def edited_memo_blocks(memo: Memo, edit: MemoEdit) -> list[Block]:
    """The reviewer's text, under a notice saying who changed it and which verified memo it replaces."""
    notice = Paragraph(edit_notice(memo, edit), "quote")
    blocks = markdown_blocks(edit.markdown)
    if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 0:
        return [blocks[0], notice, *blocks[1:]]
    return [Heading(f"Credit memo — {memo.application_id}", 0), notice, *blocks]


def write_memo(memo: Memo, path: Path, edit: MemoEdit | None = None) -> Path:
    """Write ``memo`` in the format its suffix names: .md, .docx, .pdf or .json.

    With ``edit``, the reviewer's text is what is written (with a notice naming the editor and the
    verified original); JSON stays the structured memo plus the edit record, so nothing is lost.
    """
    suffix = path.suffix.lower()
    blocks = memo_blocks(memo) if edit is None else edited_memo_blocks(memo, edit)
    if suffix in {".md", ".markdown"}:
        text = memo_to_markdown(memo) if edit is None else edited_markdown(memo, edit)
        path.write_text(text, encoding="utf-8")
    elif suffix == ".docx":
        path.write_bytes(blocks_to_docx(blocks))
    elif suffix == ".pdf":
        path.write_bytes(blocks_to_pdf(blocks, f"Credit memo {memo.application_id}"))
    elif suffix == ".json":
        data = json.loads(memo.model_dump_json())
        if edit is not None:
            data["reviewer_edit"] = json.loads(edit.model_dump_json())
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    else:
        raise ExportError(
            f"cannot export a memo as {suffix or 'a file without suffix'}: use .md, .docx, .pdf or .json"
        )
    return path
