"""Repair by selection: the claims that pass are kept, the rest of the memo is code's.

The deterministic narrative (``memo.fallback``) sets the memo's skeleton: its ranking of strengths
and risks, its recommendation (the policy's), summary and adverse-action reasons. A kept model
claim replaces the deterministic statement resting on the same evidence (the model's words, code's
numbers) or, when it rests on evidence the skeleton does not use, is added while there is room.
Each statement's origin is recorded in ``MemoNarrative.origins``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from underwrite.agent.memo.claim_checks import check_claims
from underwrite.agent.memo.claim_render import render_claim
from underwrite.agent.memo.claims import Claim, ClaimKind
from underwrite.agent.memo.evidence import Evidence, build_sources
from underwrite.agent.memo.fallback import MAX_ITEMS, deterministic_narrative
from underwrite.agent.memo.risks import NONE_IN_FILE
from underwrite.agent.memo.verifier import verify_narrative
from underwrite.core.memo import CitedText, ClaimOrigin, MemoNarrative, RiskItem
from underwrite.core.schemas import Recommendation


@dataclass
class Selection:
    narrative: MemoNarrative
    proposed: int
    kept: int
    """Claims that passed every check."""
    rejections: list[str] = field(default_factory=list)

    @property
    def used(self) -> int:
        """Statements of the memo written by the model (a kept claim may find no slot: a condition
        on a decline, a fifth strength)."""
        return sum(o != "deterministic" for o in self.narrative.origins.values())


def _key(cites: Sequence[str]) -> set[str]:
    """The evidence a statement is about (policy sections are shared by too many to tell them apart)."""
    return {c for c in cites if not c.startswith("policy:")}


def _merge(
    det: list[CitedText], mine: list[CitedText], origin: ClaimOrigin
) -> list[tuple[CitedText, ClaimOrigin, int | None]]:
    """(statement, origin, index of the deterministic statement it stands for or None)."""
    det_origin: ClaimOrigin = "deterministic"
    out: list[tuple[CitedText, ClaimOrigin, int | None]] = [(d, det_origin, i) for i, d in enumerate(det)]
    for claim in mine:
        same = next(
            (
                i
                for i, (d, o, _k) in enumerate(out)
                if o == "deterministic" and _key(d.citations) & _key(claim.citations)
            ),
            None,
        )
        if same is not None:
            out[same] = (claim, origin, out[same][2])
        elif len(out) < MAX_ITEMS:
            out.append((claim, origin, None))
    return out[:MAX_ITEMS]


def _verdict(rec: Recommendation) -> str:
    return rec.value.replace("_", " ").capitalize()


def compose(
    ev: Evidence, claims: Sequence[Claim], origin: ClaimOrigin = "llm"
) -> tuple[MemoNarrative, list[str]]:
    """The narrative of the deterministic skeleton with ``claims`` (already checked) put in."""
    sources = build_sources(ev)
    det = deterministic_narrative(ev)
    rec = det.recommendation
    rendered: dict[ClaimKind, list[CitedText]] = {k: [] for k in ClaimKind}
    for claim in claims:
        text, cites = render_claim(claim, ev, sources)
        if claim.kind == ClaimKind.rationale:
            text = f"{_verdict(rec)}: {text[:1].lower()}{text[1:]}"
        rendered[claim.kind].append(CitedText(text=text, citations=cites))
    origins: dict[str, ClaimOrigin] = {}
    strengths = _merge(det.strengths, rendered[ClaimKind.strength], origin)
    for i, (_s, o, _k) in enumerate(strengths):
        origins[f"strengths[{i}]"] = o
    risks: list[RiskItem] = []
    det_risks = [CitedText(text=r.risk, citations=r.citations) for r in det.risks_and_mitigants]
    merged = _merge(det_risks, rendered[ClaimKind.risk], origin)
    mitigants = list(rendered[ClaimKind.mitigant])
    for i, (risk, o, k) in enumerate(merged):
        base = det.risks_and_mitigants[k] if k is not None else None
        mitigant, cites = NONE_IN_FILE, list(risk.citations)
        m_origin: ClaimOrigin = "deterministic"
        if base is not None:
            mitigant = base.mitigant
            cites += [c for c in base.citations if c not in cites]
        if mitigants and (base is None or base.mitigant == NONE_IN_FILE):
            m = mitigants.pop(0)
            mitigant, m_origin = m.text, origin
            cites += [c for c in m.citations if c not in cites]
        risks.append(RiskItem(risk=risk.text, mitigant=mitigant, citations=cites))
        origins[f"risks_and_mitigants[{i}].risk"] = o
        origins[f"risks_and_mitigants[{i}].mitigant"] = m_origin
    rationale = det.recommendation_rationale
    r_origin: ClaimOrigin = "deterministic"
    if rendered[ClaimKind.rationale]:
        mine = rendered[ClaimKind.rationale][0]
        rationale = CitedText(text=mine.text, citations=mine.citations)
        r_origin = origin
    det_origin: ClaimOrigin = "deterministic"
    conditions = [(c, det_origin) for c in det.conditions]
    if rec == Recommendation.approve_with_conditions:
        conditions += [(c, origin) for c in rendered[ClaimKind.condition]]
    conditions = conditions[:MAX_ITEMS]
    for i, (_c, o) in enumerate(conditions):
        origins[f"conditions[{i}]"] = o
    origins["summary"] = "deterministic"
    origins["recommendation_rationale"] = r_origin
    narrative = det.model_copy(
        update={
            "strengths": [s for s, _o, _k in strengths],
            "risks_and_mitigants": risks,
            "recommendation_rationale": rationale,
            "conditions": [c for c, _o in conditions],
            "origins": origins,
        }
    )
    return narrative, [str(v) for v in verify_narrative(narrative, ev)]


def select_claims(ev: Evidence, claims: Sequence[Claim], origin: ClaimOrigin = "llm") -> Selection:
    """Check every claim, keep those that pass, compose the memo's narrative around them."""
    sources = build_sources(ev)
    checked = check_claims(claims, ev, sources)
    rejections = [f"{c.kind.value} {c.text[:60]!r}: {'; '.join(p)}" for c, p in checked if p]
    kept = [c for c, p in checked if not p]
    narrative, violations = compose(ev, kept, origin)
    if violations:  # a rendered claim the number/citation verifier still rejects: drop them all, say so
        rejections += [f"composed narrative failed verification: {v}" for v in violations]
        kept = []
        narrative, _ = compose(ev, [], origin)
    return Selection(narrative=narrative, proposed=len(claims), kept=len(kept), rejections=rejections)
