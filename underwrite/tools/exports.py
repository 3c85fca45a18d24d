"""Memo exports: Markdown, DOCX (python-docx, real tables) and PDF (reportlab), from one layout."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from underwrite.agent.memo.model import Memo

Table = tuple[list[str], list[list[str]]]


class ExportError(ValueError):
    """The requested export format is not supported."""


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
            [
                [
                    f.rule_id,
                    f.section_id,
                    f"{f.subject} = {f.value}",
                    f"{f.operator} {f.limit}",
                    f.severity.value,
                    f.status.value,
                ]
                for f in memo.policy_findings
            ],
        ),
        "Precedents": (
            ["Case", "Similarity", "Decision", "Outcome"],
            [[p.case_id, f"{p.similarity:.2f}", p.decision or "", p.outcome or ""] for p in memo.precedents],
        ),
    }


def _prose(memo: Memo) -> list[tuple[str, list[str]]]:
    n = memo.narrative
    return [
        ("Summary", [n.summary.text]),
        ("Strengths", [s.text for s in n.strengths]),
        ("Risks and mitigants", [f"{r.risk} Mitigant: {r.mitigant}" for r in n.risks_and_mitigants]),
        (
            "Recommendation",
            [
                f"{memo.recommendation.value} (policy: {memo.policy_recommendation.value}). "
                f"{n.recommendation_rationale.text}"
            ],
        ),
        ("Conditions", memo.conditions),
        ("Adverse-action reasons", [f"{a.code}: {a.text}" for a in memo.adverse_action_reasons]),
        ("Flags", [f"[{f.severity}] {f.code}: {f.message}" for f in memo.flags]),
        ("Citations", [f"{c.claim} → {c.source_id} ({c.source_label})" for c in memo.citations]),
        (
            "Versions",
            [
                f"score model {memo.versions.score_model}; policy {memo.versions.policy}; "
                f"LLM {memo.versions.llm}; prompts "
                + ", ".join(f"{k} {v}" for k, v in sorted(memo.versions.prompts.items()))
            ],
        ),
    ]


def _status_line(memo: Memo) -> str:
    v = memo.verification
    return (
        f"PD {memo.score.pd:.1%} · grade {memo.score.grade} · verification: "
        f"{'passed' if v.passed else 'FAILED'} ({v.narrative_source.value}, {v.attempts} LLM draft(s))"
    )


def memo_to_markdown(memo: Memo) -> str:
    out = [f"# Credit memo — {memo.application_id}", "", _status_line(memo), ""]
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


def memo_to_docx(memo: Memo) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(f"Credit memo — {memo.application_id}", level=0)
    doc.add_paragraph(_status_line(memo))
    for title, (header, rows) in _tables(memo).items():
        doc.add_heading(title, level=1)
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    for title, items in _prose(memo):
        if items:
            doc.add_heading(title, level=1)
            for item in items:
                doc.add_paragraph(item, style="List Bullet")
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def memo_to_pdf(memo: Memo) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    story: list[object] = [
        Paragraph(escape(f"Credit memo — {memo.application_id}"), styles["Title"]),
        Paragraph(escape(_status_line(memo)), styles["Normal"]),
        Spacer(1, 8),
    ]
    for title, (header, rows) in _tables(memo).items():
        story.append(Paragraph(escape(title), styles["Heading2"]))
        data = [[Paragraph(escape(c), cell) for c in r] for r in [header, *rows]]
        t = PdfTable(data, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ]
            )
        )
        story += [t, Spacer(1, 6)]
    for title, items in _prose(memo):
        if items:
            story.append(Paragraph(escape(title), styles["Heading2"]))
            story += [Paragraph("• " + escape(i), styles["BodyText"]) for i in items]
    buf = BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=f"Credit memo {memo.application_id}").build(story)
    return buf.getvalue()


def write_memo(memo: Memo, path: Path) -> Path:
    """Write ``memo`` in the format its suffix names: .md, .docx, .pdf or .json."""
    suffix = path.suffix.lower()
    if suffix in {".md", ".markdown"}:
        path.write_text(memo_to_markdown(memo), encoding="utf-8")
    elif suffix == ".docx":
        path.write_bytes(memo_to_docx(memo))
    elif suffix == ".pdf":
        path.write_bytes(memo_to_pdf(memo))
    elif suffix == ".json":
        path.write_text(memo.model_dump_json(indent=2), encoding="utf-8")
    else:
        raise ExportError(
            f"cannot export a memo as {suffix or 'a file without suffix'}: use .md, .docx, .pdf or .json"
        )
    return path
