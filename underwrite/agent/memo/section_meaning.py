"""Does the policy section a statement names deal with what the statement attributes to it?

``memo.text_meaning`` catches a section the policy lacks and a waiver a section does not give; the
third red team (underwrite/evals/redteam/README.md) cited real sections for another section's rule
("CP-3.4 caps revolving utilisation at 85%": that is CP-3.5; "under CP-4.5 debt-to-income above
40% needs conditions": CP-4.2) and put a count into one ("CP-8.1 requires the two most recent pay
slips": it asks for the latest). A section written in a statement must mention at least one of the
quantities the statement names, and a count the statement says the section sets (not the
applicant's own figure) must be one the section's text holds.
"""

from __future__ import annotations

import re

from underwrite.agent.memo.evidence import Evidence
from underwrite.agent.memo.numbers import is_supported, numbers_in_text
from underwrite.agent.memo.subjects import SUBJECTS, subject_spans
from underwrite.tools.policy.manual import load_manual

_SECTION = re.compile(r"\b([A-Z]{2,4})-(\d+(?:\.\d+)*)\b")
# Quantities specific enough that a section about them names them; a loan, its term, income or the
# instalment is named in passing by most sections.
_SPECIFIC = frozenset(
    "ratio:dti ratio:pti ratio:lti ratio:dscr ratio:leverage ratio:residual_income fact:delinquencies_2y "  # noqa: SIM905
    "fact:inquiries_6m fact:revolving_utilization_pct fact:employment_years score:pd".split()
)
_PATTERNS = {s.key: s.pattern for s in SUBJECTS}
_ATTRIBUTED = re.compile(
    r"\b(?i:under|per|according to|as per|in line with)\s+(?P<a>[A-Z]{2,4}-\d+(?:\.\d+)*)|"
    r"(?P<b>[A-Z]{2,4}-\d+(?:\.\d+)*)\s+(?i:requires?|says|states|sets|caps|limits|allows|permits|"
    r"demands|asks for|mandates|provides|stipulates|calls for)\b",
)
_COUNT_WORDS = {
    w: float(i)
    for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())  # noqa: SIM905
}
_COUNT = re.compile(rf"\b({'|'.join(_COUNT_WORDS)})\b", re.IGNORECASE)


def _texts(ev: Evidence) -> dict[str, str]:
    out = {s.section_id: f"{s.title} {s.text}" for s in load_manual()}
    out.update({p.section_id: f"{p.title} {p.text}" for p in ev.policy if p.text})
    return out


def _numbers_of(text: str) -> list[float]:
    words = [_COUNT_WORDS[w.lower()] for w in _COUNT.findall(text)]
    return [c for m in numbers_in_text(_SECTION.sub(" ", text)) for c in m.candidates] + words


def section_mismatches(text: str, prose: str, ev: Evidence) -> list[str]:
    """Sections named for a quantity they never mention, or for a count their text does not hold;
    ``prose`` is ``text`` with ids blanked (a rule id such as AFF-DTI-HARD names no quantity)."""
    sections = _texts(ev)
    named = list(dict.fromkeys(m.group(0) for m in _SECTION.finditer(text) if m.group(0) in sections))
    if not named:
        return []
    bare = _SECTION.sub(" ", prose)
    keys = {k for _s, _e, k in subject_spans(bare) if k in _SPECIFIC}
    out = []
    if len(named) == 1 and keys:  # several sections in one statement pair each with its own rule
        sid = named[0]
        body = " ".join(sections[sid].replace("-", " ").split())  # the manual wraps its lines
        if not any(_PATTERNS[k].search(body) for k in keys):
            what = ", ".join(sorted(k.partition(":")[2].replace("_", " ") for k in keys))
            out.append(f"{sid} does not deal with {what}")
    for m in _ATTRIBUTED.finditer(text):
        sid = m.group("a") or m.group("b")
        if sid not in sections:
            continue
        held = _numbers_of(sections[sid])
        for w in _COUNT.finditer(bare):
            if not is_supported(numbers_in_text(str(int(_COUNT_WORDS[w.group(1).lower()])))[0], held):
                out.append(f"{sid} sets no {w.group(1).lower()!r}")
    return out
