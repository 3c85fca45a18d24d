"""Meaning checks on every claim: rules, because no entailment model can be had offline here.

(No NLI/entailment model is in the local package lists or a pip package that loads offline, so
these are rules; each one catches a failure seen in a real draft.) A claim passes when:

- it rests on this application's evidence (facts, ratios, score and reasons, findings, flags):
  a precedent or a policy section alone cannot carry a claim about the applicant;
- its kind fits its evidence: a strength or mitigant cites a favourable value (a comfortably passed
  rule, a low PD), a risk a failed rule, a risk-raising score reason, a flag or a PD that is not low;
- it names no entity, product, law, policy or organisation absent from the sources (capitalised
  multi-word names and acronyms are looked up in the source texts);
- it talks about the file, not about the memo or its reader ("a list of guidelines for the user");
- it shares a content term with its evidence (the lexical ``memo.grounding`` check, one signal);
- it does not repeat an earlier claim (normalised text similarity, or same kind and evidence);
- its words do not contradict the file (``memo.text_meaning``): no denial of what the file shows,
  no rule called met that failed or breached that passed, no speculation in a strength, mitigant
  or rationale, no rationale arguing for another outcome than the policy's, no prohibited basis.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from underwrite.agent.memo.cause_meaning import foreign_causes
from underwrite.agent.memo.claim_render import render_evidence
from underwrite.agent.memo.claims import Claim, ClaimKind, applicant_evidence_ids
from underwrite.agent.memo.evidence import Evidence, Source
from underwrite.agent.memo.file_scope import absent_documents, absent_parties
from underwrite.agent.memo.grounding import is_grounded, terms
from underwrite.agent.memo.period_meaning import wrong_durations
from underwrite.agent.memo.recommendation import policy_recommendation
from underwrite.agent.memo.strengths import STRONG_PD, ranked_strengths
from underwrite.agent.memo.subjects import subject_words
from underwrite.agent.memo.text_meaning import (
    decision_conflict,
    denials,
    polarity_conflict,
    protected_values,
    speculation,
)
from underwrite.agent.memo.verifier import prohibited_terms_in
from underwrite.core.fields import PROTECTED_FIELDS
from underwrite.core.schemas import FindingStatus

SIMILAR = 0.8
"""Normalised similarity at or above which a claim repeats an earlier one."""
# Words every credit file may use in capitals without a source naming them.
_COMMON_NAMES = frozenset(
    "eur euro pd dti pti lti dscr ebitda id eu iban sme uk us usa gdpr reg".split()  # noqa: SIM905
)
_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of|and|for|the|de|und)?\s*[A-Z][A-Za-z]+)+")
_ACRONYM = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*\b")
_META = re.compile(
    r"\b(this (?:memo|document|report|narrative)|the (?:user|reader)|guidelines?|instructions?|"
    r"to be followed|list of|as an ai|language model|json|schema)\b",
    re.IGNORECASE,
)


RULE_MARKERS: tuple[tuple[str, str], ...] = (
    ("rests on ", "applicant_evidence"),
    ("no evidence about the applicant", "applicant_evidence"),
    ("must cite", "kind_fits_evidence"),
    ("cites risk evidence", "kind_fits_evidence"),
    ("names what no source does", "invented_entity"),
    ("does not read as prose", "not_prose"),
    ("speaks about the memo", "off_topic"),
    ("shares no term", "lexical_grounding"),
    ("repeats an earlier claim", "repeat"),
    ("contradicts the file", "contradicts_file"),
    ("speculates", "speculative"),
    ("argues for", "recommendation_conflict"),
    ("prohibited basis", "prohibited_basis"),
    ("composed narrative failed verification", "number_citation_verifier"),
)
"""(words of a problem message, the rule it comes from): how reports count rejections by rule."""


def rules_of(rejection: str) -> list[str]:
    """The rules a rejection line (``claim_select``'s "kind 'text': problem; problem") failed."""
    head, sep, tail = rejection.partition("': ")
    if not sep:
        head, sep, tail = rejection.partition('": ')
    problems = (tail if sep else head).split("; ")
    found = [next((rule for marker, rule in RULE_MARKERS if marker in p), "other") for p in problems]
    return list(dict.fromkeys(found))


def _favourable(ev: Evidence) -> set[str]:
    """Evidence ids that show a strength: the cited ids of the file's ranked strengths."""
    return {c for s in ranked_strengths(ev) for c in s.citations if not c.startswith("policy:")}


def _unfavourable(ev: Evidence) -> set[str]:
    """Evidence ids that show a risk: failed rules and their subjects, risk-raising reasons, flags."""
    out: set[str] = {f"flag:{c}" for c in ev.flag_codes}
    for f in ev.findings:
        if f.status == FindingStatus.failed:
            out |= {f"rule:{f.rule_id}", f"ratio:{f.subject}", f"fact:{f.subject}"}
    out |= {f"score:{r.code}" for r in ev.score.reasons if r.contribution > 0}
    if ev.score.pd >= STRONG_PD:
        out.add("score:pd")
    return out


def _kind_problem(claim: Claim, favourable: set[str], unfavourable: set[str]) -> str | None:
    ids = set(claim.evidence)
    if claim.kind in (ClaimKind.strength, ClaimKind.mitigant):
        if not ids & favourable:
            return f"a {claim.kind.value} must cite a favourable value or a comfortably met rule"
        if ids & unfavourable - favourable:
            return f"a {claim.kind.value} cites risk evidence ({', '.join(sorted(ids & unfavourable))})"
    if claim.kind == ClaimKind.risk and not ids & unfavourable:
        return "a risk must cite a failed rule, a risk-raising score reason, a flag or a PD that is not low"
    return None


def _haystack(sources: Mapping[str, Source], ev: Evidence) -> str:
    parts = [f"{s.id} {s.label} {s.detail}" for s in sources.values()]
    parts += [f"{p.title} {p.text}" for p in ev.policy] + [c.summary for c in ev.precedents]
    parts += [str(v) for k, v in ev.facts.items() if k not in PROTECTED_FIELDS]
    return " ".join(parts).lower()


def invented_names(text: str, haystack: str) -> list[str]:
    """Capitalised multi-word names and acronyms in ``text`` that the sources never name."""
    found: list[str] = []
    for run in _NAME_RUN.finditer(text):
        name = run.group(0)
        if name.lower() not in haystack:
            found.append(name)
    for acro in _ACRONYM.finditer(text):
        word = acro.group(0)
        if word.lower() not in _COMMON_NAMES and not re.search(rf"\b{re.escape(word.lower())}\b", haystack):
            found.append(word)
    return list(dict.fromkeys(found))


def _grounded(claim: Claim, ev: Evidence, sources: Mapping[str, Source], notes: list[str]) -> bool:
    """The lexical signal: a term shared with the cited sources or with how code renders them."""
    cited = [e for e in claim.evidence if e in sources]
    if is_grounded(claim.kind.value, claim.text, cited or ["score:pd"], sources, notes):
        return True
    phrases = [r[0] for e in claim.evidence if (r := render_evidence(e, ev, sources)) is not None]
    phrases += [subject_words(e) for e in claim.evidence]  # everyday words: "left over" is residual income
    return bool(terms(claim.text) & terms(" ".join(phrases)))


_FAVOURABLE_KINDS = (ClaimKind.strength, ClaimKind.mitigant, ClaimKind.rationale)


def meaning_problems(claim: Claim, ev: Evidence) -> list[str]:
    """What the claim's words say against the file (``memo.text_meaning``, ``memo.file_scope``,
    ``memo.period_meaning``, ``memo.cause_meaning``)."""
    out = [f"contradicts the file: {d}" for d in denials(claim.text, ev)]
    out += [f"contradicts the file: {d}" for d in absent_parties(claim.text, ev)]
    out += [f"contradicts the file: {d}" for d in absent_documents(claim.text, ev)]
    out += [f"contradicts the file: {d}" for d in wrong_durations(claim.text, ev)]
    out += [f"contradicts the file: {d}" for d in foreign_causes(claim.text)]
    conflict = polarity_conflict(claim.text, [e for e in claim.evidence if e.startswith("rule:")], ev)
    if conflict:
        out.append(f"contradicts the file: {conflict}")
    hedges = speculation(claim.text) if claim.kind in _FAVOURABLE_KINDS else []
    if hedges:
        out.append(f"speculates ({', '.join(hedges)}) where the file states facts")
    decision = (
        decision_conflict(claim.text, policy_recommendation(ev))
        if claim.kind == ClaimKind.rationale
        else None
    )
    if decision:
        out.append(decision)
    basis = [*prohibited_terms_in(claim.text), *protected_values(claim.text, ev)]
    if basis:
        out.append(f"names a prohibited basis ({', '.join(basis)})")
    return out


def _reads_as_prose(text: str) -> bool:
    """Three words or more, most of them in lower case (a served model without guided decoding may
    ignore the schema's pattern)."""
    words = re.findall(r"[A-Za-z]+", text)
    return len(words) >= 3 and sum(w.islower() for w in words) / len(words) >= 0.6


def normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", text.lower()))


def repeats(text: str, earlier: Sequence[str]) -> bool:
    """Whether ``text`` says again what one of ``earlier`` said (normalised similarity)."""
    mine = normalised(text)
    return any(SequenceMatcher(None, mine, normalised(e)).ratio() >= SIMILAR for e in earlier)


def check_claims(
    claims: Sequence[Claim], ev: Evidence, sources: Mapping[str, Source]
) -> list[tuple[Claim, list[str]]]:
    """Every claim with the reasons it fails (an empty list: it passes), in the model's order."""
    allowed = set(applicant_evidence_ids(ev))
    favourable, unfavourable = _favourable(ev), _unfavourable(ev)
    haystack = _haystack(sources, ev)
    notes = [*ev.flag_codes, *ev.missing_documents]
    kept: list[Claim] = []
    out: list[tuple[Claim, list[str]]] = []
    for claim in claims:
        problems: list[str] = []
        outside = [e for e in claim.evidence if e not in allowed]
        if outside:
            what = (
                "a precedent or policy section"
                if all(e.startswith(("case:", "policy:")) for e in outside)
                else "evidence this application does not hold"
            )
            problems.append(f"rests on {what} ({', '.join(outside)})")
        if not set(claim.evidence) & allowed:
            problems.append("no evidence about the applicant carries it")
        kind = _kind_problem(claim, favourable, unfavourable)
        if kind:
            problems.append(kind)
        names = invented_names(claim.text, haystack)
        if names:
            problems.append(f"names what no source does: {', '.join(names)}")
        if not _reads_as_prose(claim.text):
            problems.append("does not read as prose (mostly capitals or ids)")
        if _META.search(claim.text):
            problems.append("speaks about the memo or its reader, not about the file")
        if not _grounded(claim, ev, sources, notes):
            problems.append("shares no term with the evidence it cites")
        problems += meaning_problems(claim, ev)
        same_evidence = any(k.kind == claim.kind and set(k.evidence) == set(claim.evidence) for k in kept)
        if same_evidence or repeats(claim.text, [k.text for k in kept]):
            problems.append("repeats an earlier claim")
        if not problems:
            kept.append(claim)
        out.append((claim, problems))
    return out
