"""The ONNX encoder backends against torch, and the fallback when an export fails."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from underwrite.core.settings import reset_settings_cache
from underwrite.tools import encoder, encoder_onnx

SENTENCES = [
    "I rent an apartment and work as a qualified clerk.",
    "The loan is for a used car; I have been with my employer since 2016.",
    "CP-6.1 Collateral: vehicles are valued at the lower of purchase price and market value.",
    "Wir wohnen in unserer eigenen Wohnung.",
    "",
]


@pytest.fixture(scope="module")
def export_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data directory for the module: exporting costs tens of seconds, so it happens once."""
    return tmp_path_factory.mktemp("onnx_home")


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch, export_home: Path):  # type: ignore[no-untyped-def]
    def use(name: str) -> encoder.BackendStatus:
        monkeypatch.setenv("UW_HOME", str(export_home))
        monkeypatch.setenv("UW_ENCODER_BACKEND", name)
        reset_settings_cache()
        encoder._backend.cache_clear()
        return encoder.backend_status()

    yield use
    encoder._backend.cache_clear()


@pytest.mark.parametrize(("name", "floor"), [("onnx", 0.9999), ("onnx-int8", 0.99)])
def test_onnx_vectors_match_torch(backend, name: str, floor: float) -> None:  # type: ignore[no-untyped-def]
    status = backend(name)
    assert status.active == name, status.reason
    vectors = encoder.embed(SENTENCES)
    reference = encoder.embed_torch(SENTENCES)
    assert vectors.shape == (len(SENTENCES), encoder.EMBEDDING_DIM)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Parity on real text; an empty text ([CLS][SEP] only) drops to ~0.98 under int8 (README).
    cosine = (vectors * reference).sum(axis=1)[:-1]
    assert cosine.min() >= floor, cosine
    # Same meaning, same neighbours: the nearest other sentence is the one torch finds.
    sims, ref_sims = vectors @ vectors.T, reference @ reference.T
    np.fill_diagonal(sims, -1)
    np.fill_diagonal(ref_sims, -1)
    assert (sims.argmax(axis=1) == ref_sims.argmax(axis=1)).all()


def test_int8_vectors_are_cached_apart_from_torch(backend) -> None:  # type: ignore[no-untyped-def]
    backend("onnx-int8")
    int8_id = encoder.encoder_id()
    backend("torch")
    assert int8_id != encoder.encoder_id() == encoder.ENCODER_NAME


def test_failed_export_falls_back_to_torch_with_the_reason(
    backend, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    def broken(target: Path, torch_model: object) -> None:
        raise RuntimeError("exporter exploded")

    monkeypatch.setattr(encoder_onnx, "_export_fp32", broken)
    monkeypatch.setattr(encoder_onnx, "export_dir", lambda home: tmp_path / "fresh")
    status = backend("onnx")
    assert status.active == "torch"
    assert status.reason is not None
    assert "export failed" in status.reason and "exporter exploded" in status.reason
    np.testing.assert_allclose(encoder.embed(SENTENCES[:2]), encoder.embed_torch(SENTENCES[:2]), atol=1e-6)
    assert not (tmp_path / "fresh" / "model.onnx.meta.json").exists()  # nothing half-made is trusted


def test_an_export_failing_verification_is_not_used(
    backend, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, export_home: Path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(encoder_onnx, "INT8_MIN_COSINE", 1.01)  # no real export can reach this
    monkeypatch.setattr(encoder_onnx, "export_dir", lambda home: tmp_path / "strict")
    real_export = encoder_onnx._export_fp32
    fp32 = encoder_onnx.export_dir(tmp_path) / "model.onnx"
    fp32.parent.mkdir(parents=True)
    cached = next(export_home.glob("cache/encoder/*/model.onnx"), None)
    if cached is not None:
        fp32.write_bytes(cached.read_bytes())  # reuse the module's export instead of re-exporting
    else:
        real_export(fp32, encoder.get_encoder)
    status = backend("onnx-int8")
    assert status.active == "torch"
    assert status.reason is not None and "cosine to torch" in status.reason
