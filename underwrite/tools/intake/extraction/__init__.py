"""Rule-layer extraction: Documents → Facts with provenance (source document, page, span, quote).

Form fields (application form, profit-and-loss statement) are read by label with method ``form``;
statement, pay-slip and letter figures are derived by rule with method ``rule``; age and the German
credit bands are ``computed`` from those. Prose-only facts (the cover letter) are left to the LLM
layer: :func:`missing_fields` reports them, and anything else expected but not found.
"""

from underwrite.tools.intake.extraction.facts import EXPECTED_FIELDS, extract_facts, missing_fields

__all__ = ["EXPECTED_FIELDS", "extract_facts", "missing_fields"]
