"""The ONNX encoder backends against torch, and the fallback when an export fails."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from underwrite.core.settings import reset_settings_cache
from underwrite.tools import encoder, encoder_onnx, encoder_smooth

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


def test_int8_recipe_quantises_every_matrix(backend) -> None:  # type: ignore[no-untyped-def]
    import onnx

    assert backend("onnx-int8").active == "onnx-int8"
    ops = [n.op_type for n in onnx.load(encoder.backend_status().model_path or "").graph.node]
    assert ops.count("QAttention") == 6 and ops.count("MatMulInteger") == 18 and "MatMul" not in ops
    assert ops.count("BiasGelu") == 6 and "SkipLayerNormalization" not in ops


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


def test_length_buckets_cover_every_text_longest_first_one_length_per_batch() -> None:
    lengths = np.array([5, 9, 2, 9, 7, 9, 5, 9, 3])
    batches = encoder_onnx.length_buckets(lengths, batch_size=3)
    assert [lengths[b].tolist() for b in batches] == [[9, 9, 9], [9], [7], [5, 5], [3], [2]]
    flat = np.concatenate(batches)
    assert sorted(flat.tolist()) == list(range(len(lengths)))  # a permutation: nothing lost or doubled
    assert flat[:4].tolist() == [1, 3, 5, 7]  # ties keep input order (stable)


def test_no_batch_fed_to_the_model_is_padded(backend) -> None:  # type: ignore[no-untyped-def]
    assert backend("onnx").active == "onnx"
    onnx_encoder = encoder._resolved()[0]
    assert onnx_encoder is not None
    texts = [*SENTENCES, "Short.", "Also short.", "A far longer sentence about rent, income and a car loan."]
    feeds = list(onnx_encoder.batch_feeds(texts, 4))
    assert sorted(np.concatenate([idx for idx, _ in feeds]).tolist()) == list(range(len(texts)))
    for _, feed in feeds:
        assert feed["attention_mask"].all() and feed["input_ids"].shape == feed["attention_mask"].shape


def test_bucketed_batches_give_each_text_its_own_vector(backend) -> None:  # type: ignore[no-untyped-def]
    assert backend("onnx").active == "onnx"
    onnx_encoder = encoder._resolved()[0]
    assert onnx_encoder is not None
    texts = [*SENTENCES[:-1], "A much longer statement about income, rent, two children and a car loan. " * 4]
    batched = onnx_encoder.encode(texts, batch_size=2, threads=1)  # mixed lengths, grouped by length
    alone = np.concatenate([onnx_encoder.encode([t], batch_size=1, threads=1) for t in texts])
    np.testing.assert_allclose(batched, alone, atol=1e-5)  # padding and order do not leak
    reversed_out = onnx_encoder.encode(texts[::-1], batch_size=2, threads=1)
    np.testing.assert_allclose(reversed_out, batched[::-1], atol=1e-5)


def test_a_broken_int8_quantisation_is_rejected(
    backend, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, export_home: Path
) -> None:  # type: ignore[no-untyped-def]
    """Wrong weight scales (what saturating int8 kernels amount to) must fail the probe check."""
    import onnx
    from onnx import numpy_helper

    real_quantise = encoder_onnx._quantise

    def broken(source: Path, target: Path, feeds: encoder_smooth.Feeds) -> None:
        real_quantise(source, target, feeds)
        model = onnx.load(str(target))
        for init in model.graph.initializer:
            if init.name.endswith("_scale") and init.data_type == onnx.TensorProto.FLOAT:
                init.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(init) * 3.0, init.name))
        onnx.save(model, str(target))

    monkeypatch.setattr(encoder_onnx, "_quantise", broken)
    monkeypatch.setattr(encoder_onnx, "export_dir", lambda home: tmp_path / "broken")
    cached = next(export_home.glob("cache/encoder/*/model.onnx"))  # the module's fp32 export
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "model.onnx").write_bytes(cached.read_bytes())
    status = backend("onnx-int8")
    assert status.active == "torch"
    assert status.reason is not None and "cosine to torch" in status.reason
    assert not (tmp_path / "broken" / "model-int8.onnx.meta.json").exists()


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("flags\t\t: fpu sse2 avx2 avx512f avx512_vnni\n", "vnni"),
        ("flags\t\t: fpu sse2 avx2 avx_vnni\n", "vnni"),
        ("flags\t\t: fpu sse2 avx2 fma\n", "plain"),
        ("Features\t: fp asimd asimddp\n", "unknown"),
    ],
)
def test_cpu_class_from_cpuinfo(tmp_path: Path, flags: str, expected: str) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\n{flags}", encoding="utf-8")
    assert encoder_onnx.cpu_int8_class(cpuinfo) == expected
    assert encoder_onnx.cpu_int8_class(tmp_path / "missing") == "unknown"


@pytest.mark.parametrize(("cpu", "reduce_range"), [("vnni", False), ("plain", True), ("unknown", True)])
def test_int8_recipe_uses_7_bit_weights_without_vnni(
    backend, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cpu: str, reduce_range: bool
) -> None:  # type: ignore[no-untyped-def]
    import onnxruntime.quantization

    assert backend("onnx").active == "onnx"  # makes sure the module's fp32 export exists
    seen: dict[str, object] = {}
    monkeypatch.setattr(encoder_onnx, "cpu_int8_class", lambda: cpu)
    monkeypatch.setattr(onnxruntime.quantization, "quantize_dynamic", lambda *a, **kw: seen.update(kw))
    monkeypatch.setattr(
        encoder_onnx, "smooth_model", lambda source, target, feeds: target.write_bytes(source.read_bytes())
    )
    fp32 = Path(encoder.backend_status().model_path or "")
    with pytest.raises(FileNotFoundError):  # the stub writes no file; only its arguments matter
        encoder_onnx._quantise(fp32, tmp_path / "q.onnx", lambda texts: iter(()))
    assert seen["reduce_range"] is reduce_range and seen["per_channel"] is True
    assert (
        len(seen["nodes_to_quantize"]) == 24
    )  # every weight matrix: 6 x (QKV, attention out, FFN in, FFN out)
    assert f"cpu-{cpu}" in encoder_onnx._version_key()  # another CPU class, another export


def _fp32_export(backend) -> Path:  # type: ignore[no-untyped-def]
    assert backend("onnx").active == "onnx"
    return Path(encoder.backend_status().model_path or "")


def test_smoothing_is_exact_in_fp32(backend, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """(x / s) @ (s * w) == x @ w: the smoothed graph is the same function before quantisation."""
    import onnx

    fp32 = _fp32_export(backend)
    plain = encoder_onnx.OnnxEncoder(fp32, encoder.encoder_model_dir())
    scales = encoder_smooth.smooth_model(
        fp32, tmp_path / "smooth.onnx", lambda texts: (f for _, f in plain.batch_feeds(texts, 32))
    )
    assert len(scales) == 18 and all((s >= 1).all() for s in scales.values())
    assert any((s > 1.5).any() for s in scales.values())  # outliers were found and moved
    muls = [n for n in onnx.load(str(tmp_path / "smooth.onnx")).graph.node if n.name.endswith("_smooth")]
    assert len(muls) == 18  # QKV, FFN in and FFN out of each layer
    smoothed = encoder_onnx.OnnxEncoder(tmp_path / "smooth.onnx", encoder.encoder_model_dir())
    np.testing.assert_allclose(
        smoothed.encode(SENTENCES, threads=1), plain.encode(SENTENCES, threads=1), atol=1e-5
    )


def test_smoothing_scale_divides_only_outlier_channels() -> None:
    weight = np.ones((4, 3), dtype=np.float32)
    x_max = np.array([1.0, 1.2, 0.0, 40.0], dtype=np.float32)  # channel 2 never active, 3 an outlier
    scale = encoder_smooth.smoothing_scale(x_max, weight, alpha=0.5)
    assert scale[3] > 5  # the outlier is divided down ...
    assert (scale >= 1).all() and scale[0] == scale[2] == 1 and scale[1] < 1.1  # ... the rest never up


@pytest.mark.parametrize("bad", [np.nan, 0.0, -1.0])
def test_an_unusable_smoothing_scale_is_refused(backend, bad: float) -> None:  # type: ignore[no-untyped-def]
    import onnx

    model = onnx.load(str(_fp32_export(backend)))
    name = next(iter(encoder_smooth.smoothing_targets(model)))
    scale = np.ones(384, dtype=np.float32)
    scale[7] = bad
    with pytest.raises(encoder_smooth.SmoothingError, match=name):
        encoder_smooth.apply_smoothing(model, {name: scale})


def test_a_corrupted_smoothing_scale_is_rejected(
    backend, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, export_home: Path
) -> None:  # type: ignore[no-untyped-def]
    """Weights scaled by s but activations not divided by s: the probe check must catch it."""
    import onnx
    from onnx import numpy_helper

    real_smooth = encoder_smooth.smooth_model

    def corrupted(source: Path, target: Path, feeds: encoder_smooth.Feeds) -> dict[str, np.ndarray]:
        scales = real_smooth(source, target, feeds)
        model = onnx.load(str(target))
        for init in model.graph.initializer:
            if init.name.endswith("_smooth_inv_scale"):
                init.CopyFrom(numpy_helper.from_array(np.ones_like(numpy_helper.to_array(init)), init.name))
        onnx.save(model, str(target))
        return scales

    monkeypatch.setattr(encoder_onnx, "smooth_model", corrupted)
    monkeypatch.setattr(encoder_onnx, "export_dir", lambda home: tmp_path / "unsmoothed")
    (tmp_path / "unsmoothed").mkdir()
    (tmp_path / "unsmoothed" / "model.onnx").write_bytes(_fp32_export(backend).read_bytes())
    status = backend("onnx-int8")
    assert status.active == "torch"
    assert status.reason is not None and "cosine to torch" in status.reason
    assert not (tmp_path / "unsmoothed" / "model-int8.onnx.meta.json").exists()
