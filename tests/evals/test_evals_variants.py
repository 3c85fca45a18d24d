"""Counterfactual and hostile variants change only what they claim to change."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from underwrite.evals.harness.suite import RunContext
from underwrite.evals.suites.packet_lab import PacketLab
from underwrite.evals.suites.variants import HOSTILE_TEXTS, demographic_variants, hostile_variants
from underwrite.synth import PacketTruth, load_application

DEMOGRAPHIC = {"applicant_name", "sex", "age_years", "date_of_birth", "nationality"}


def test_demographic_variants_change_only_demographic_fields(tmp_path: Path) -> None:
    lab = PacketLab(RunContext(out_dir=tmp_path, cache_dir=tmp_path / "c"))
    (truth,) = lab.truths(1)
    base = PacketTruth.read(lab.render(truth) / "truth.json")
    variants = demographic_variants(truth)
    assert [tag for tag, _ in variants] == ["sex", "age", "origin"]
    for tag, variant in variants:
        stated = PacketTruth.read(lab.render(truth, variant, tag) / "truth.json")
        changed = {k for k in base.fields if base.fields[k] != stated.fields.get(k)}
        assert changed, f"{tag} variant changed nothing"
        assert changed <= DEMOGRAPHIC, f"{tag} changed non-demographic fields {changed - DEMOGRAPHIC}"
        assert stated.transactions == base.transactions


def test_hostile_variants_plant_their_text_in_the_documents(tmp_path: Path) -> None:
    lab = PacketLab(RunContext(out_dir=tmp_path, cache_dir=tmp_path / "c"))
    (truth,) = lab.truths(1)
    assert len(hostile_variants()) == len(HOSTILE_TEXTS) == 4
    for tag, variant, marker in hostile_variants():
        folder = lab.render(truth, variant, tag)
        if variant.injections[0].target == "pdf_hidden_text":
            # The reader keeps hidden text out of the document text (and flags it), so look at the
            # raw PDF: the white text must really be there for the suite to test anything.
            raw = " ".join(
                page.extract_text() or "" for page in PdfReader(folder / "application_form.pdf").pages
            )
            assert marker in " ".join(raw.split()), f"{tag}: hidden text missing from the PDF"
            continue
        app, failures = load_application(folder)
        assert not failures
        text = " ".join(" ".join(d.text.split()) for d in app.documents)
        assert marker in text, f"{tag}: injected text not found in the rendered documents"
