"""The credit policy manual, split into its numbered sections (the unit of retrieval and citation)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from underwrite.tools.policy.files import MANUAL_PATH

_HEADING = re.compile(r"^(#{2,3}) (CP-\d+(?:\.\d+)?) (.+?)\s*$")
SECTION_ID = re.compile(r"\bCP-\d+(?:\.\d+)?\b", re.IGNORECASE)


class PolicySection(BaseModel):
    """One numbered section of the manual: what retrieval indexes and what findings cite."""

    model_config = ConfigDict(extra="forbid")

    section_id: str = Field(description="Stable id, e.g. CP-4.2")
    title: str
    parent: str | None = Field(description="Chapter id, e.g. CP-4")
    parent_title: str | None
    text: str = Field(description="Section body (Markdown)")

    @property
    def indexed_text(self) -> str:
        """What is embedded and lexically indexed: ids and titles carry much of the meaning."""
        chapter = f" ({self.parent_title})" if self.parent_title else ""
        return f"{self.section_id} {self.title}{chapter}\n{self.text}"


def section_ids(text: str) -> set[str]:
    """Every chapter and section id with a heading in the manual's text (body or not)."""
    return {m.group(2) for line in text.splitlines() if (m := _HEADING.match(line))}


class ManualError(ValueError):
    """The manual's structure is broken (duplicate ids, a section without text, ...)."""


def parse_manual(text: str) -> list[PolicySection]:
    """Sections in document order. Chapters (``## CP-4``) are parents; ``### CP-4.2`` are sections.

    Only headings with body text become sections; chapter headings normally have none.
    """
    sections: list[PolicySection] = []
    chapter: tuple[str, str] | None = None
    current: tuple[str, str, int] | None = None  # id, title, heading level
    body: list[str] = []

    def flush() -> None:
        if current is None:
            return
        content = "\n".join(body).strip()
        section_id, title, level = current
        parent = chapter if level == 3 and chapter is not None else None
        if content:
            sections.append(
                PolicySection(
                    section_id=section_id,
                    title=title,
                    parent=parent[0] if parent else None,
                    parent_title=parent[1] if parent else None,
                    text=content,
                )
            )
        elif level == 3:
            raise ManualError(f"section {section_id} has no text")

    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            flush()
            level, section_id, title = len(match.group(1)), match.group(2), match.group(3)
            if level == 2:
                chapter = (section_id, title)
            elif chapter is None or not section_id.startswith(chapter[0] + "."):
                raise ManualError(f"section {section_id} is not inside its chapter")
            current, body = (section_id, title, level), []
        elif current is not None:
            body.append(line)
    flush()
    ids = [s.section_id for s in sections]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ManualError(f"duplicate section ids: {', '.join(duplicates)}")
    return sections


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> tuple[PolicySection, ...]:
    return tuple(parse_manual(path.read_text(encoding="utf-8")))


def load_manual(path: Path = MANUAL_PATH) -> list[PolicySection]:
    """Sections of the manual file (re-read when the file changes)."""
    return list(_load(path, path.stat().st_mtime_ns))


def chapter_titles(path: Path = MANUAL_PATH) -> dict[str, str]:
    return {s.parent: s.parent_title for s in load_manual(path) if s.parent and s.parent_title}


def find_section_ids(query: str) -> list[str]:
    """Section ids mentioned in a query, normalised (``cp-4.2`` → ``CP-4.2``), first mention first."""
    seen: list[str] = []
    for raw in SECTION_ID.findall(query):
        normal = raw.upper()
        if normal not in seen:
            seen.append(normal)
    return seen
