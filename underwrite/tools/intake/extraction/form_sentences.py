"""Fields a form states inside the sentence it wrote as one answer.

A form's answer is not always one value: "Logement : locataire depuis 2019, loyer de 780,00 € par
mois" answers the housing question and states the rent too; "Situation familiale : mariée — 2
enfants à charge" states the dependants; "Contrat : CDI, en poste depuis 2016" the years in the
job; "What it is for: a new sofa and beds" the purpose. The label reader takes one value per
label, so here each answer of several words (the text after a label's colon or tab) is read by
the prose rules (:mod:`prose`), dated by the application,
and a field is taken only when nothing in the packet stated it yet and only from the fields an
answer like that can carry (no loan amount or name is guessed from a sentence on a form).
"""

from __future__ import annotations

import re

from underwrite.core.fields import FIELDS
from underwrite.core.schemas import Document, Fact, FactMethod, MediaType, SourceSpan
from underwrite.tools.intake.extraction.conversion import stated_application_date
from underwrite.tools.intake.extraction.prose import prose_hits
from underwrite.tools.intake.extraction.prose_documents import PROSE_RULE_CONFIDENCE, reference_date
from underwrite.tools.intake.extraction.values import UNITS

FORM_KINDS = frozenset({"application_form"})
SENTENCE_FIELDS = frozenset({
    "dependents", "monthly_housing_cost", "employment_years", "residence_years", "monthly_debt_payments",
    "loan_purpose",  # "What it is for: New sofa, beds and a dining table" under a label no lexicon knows
})  # fmt: skip
_ANSWER = re.compile(r"^[^:\t\n]{2,60}?(?:[ \t]*:[ \t]*|\t+)(?P<answer>[^\t\n]+)(?=\t|$)", re.MULTILINE)
MIN_WORDS = 3
# The lender's own worked example, which consumer-credit rules put on every form and advert
# ("Representative example: borrowing £5,000 over 36 months … 36 monthly repayments of £162.59",
# "Beispiel: Kreditbetrag CHF 10'000.–, Laufzeit 12 Monate"): its figures are nobody's answers.
_LENDER_EXAMPLE = re.compile(
    r"^\W*(?:representative\s+)?(?:example|illustration)|^\W*(?:repr[äa]sentatives\s+)?beispiel"
    r"|^\W*exemple|^\W*esempio|^\W*ejemplo|^\W*(?:representatief\s+)?voorbeeld|^\W*przyk[łl]ad",
    re.IGNORECASE,
)

# A loan quotation or pricing line ("€18,000.00 over 60 months at 8.50% APR: 60 monthly repayments of
# €366.56"): the instalment of the loan asked for, priced by the lender, not an existing debt.
_PRICING = re.compile(
    r"(?=.*(?:\bAPR\b|effektive[rn]?\s+Jahreszins|\bTAEG?\b|\bRRSO\b|\bÅOP\b|effektiv\s+rente|\bCET\b))"
    r"(?=.*\b\d+\s+(?:monthly\s+)?(?:repayments|payments|instal+ments|Monatsraten|Raten|mensualités"
    r"|prestações|parcelas|rate|cuotas)\b)",
    re.IGNORECASE,
)


def sentence_facts(documents: list[Document], known: list[Fact]) -> list[Fact]:
    """Facts from the multi-word answers of application forms, for fields nothing stated yet."""
    seen = {f.name for f in known}
    applied = stated_application_date(known)
    out: list[Fact] = []
    for doc in documents:
        if doc.kind not in FORM_KINDS or doc.media_type in (MediaType.csv, MediaType.json, MediaType.xml):
            continue
        ref = applied or reference_date(doc)
        for page in doc.pages:
            for m in _ANSWER.finditer(page.text):
                answer = m.group("answer")
                if (
                    len(answer.split()) < MIN_WORDS
                    or _LENDER_EXAMPLE.match(m.group(0))
                    or _PRICING.match(m.group(0))
                ):
                    continue
                for hit in prose_hits(answer, ref):
                    if hit.name not in SENTENCE_FIELDS or hit.name in seen:
                        continue
                    seen.add(hit.name)
                    start, end = m.start("answer") + hit.start, m.start("answer") + hit.end
                    span = SourceSpan(doc_id=doc.doc_id, page=page.number, start=start, end=end,
                                      quote=page.text[start:end])  # fmt: skip
                    unit = UNITS.get(FIELDS[hit.name].kind)
                    out.append(
                        Fact(name=hit.name, value=hit.value, unit=unit, source=span, method=FactMethod.rule,
                             confidence=PROSE_RULE_CONFIDENCE)
                    )  # fmt: skip
    return out
