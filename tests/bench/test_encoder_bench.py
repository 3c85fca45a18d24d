"""`bench encoder` report: per-source ratios; a backend that cannot be built is a row with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from underwrite.bench import encoder as bench
from underwrite.tools.encoder_onnx import OnnxExportError


def test_a_failed_export_is_a_row_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UW_HOME", str(tmp_path))
    sources = {
        "short": ["I rent a flat.", "We own a house."],
        "long": ["CP-4.2 Debt-to-income must not exceed 40%."],
    }
    monkeypatch.setattr(bench, "bench_texts", lambda rows: sources)

    def no_export(*args: object, **kwargs: object) -> None:
        raise OnnxExportError("ONNX export failed: RuntimeError: no exporter here")

    monkeypatch.setattr(bench, "load_onnx_encoder", no_export)
    report = bench.run_encoder_bench(rows=2, runs=2, threads=1)
    by_name = {r.backend: r for r in report.results}
    assert set(by_name) == {"torch", bench.SAME_BATCHES, "onnx", "onnx-int8"}
    # torch in ONNX's batches embeds the same vectors: batching changes the speed, not the meaning
    assert by_name[bench.SAME_BATCHES].cosine_min > 0.9999
    assert by_name[bench.SAME_BATCHES].cpu_ratio_vs_same_batches is None
    torch_row = by_name["torch"]
    assert (torch_row.ratio_vs_torch, torch_row.cpu_ratio_vs_torch, torch_row.cosine_min) == (1.0, 1.0, 1.0)
    assert set(torch_row.cpu_ratio_by_source) == {"short", "long"}
    assert by_name["onnx-int8"].error is not None and "no exporter here" in by_name["onnx-int8"].error
    assert report.sources == {"short": 2, "long": 1} and report.texts == 3
    assert report.mean_tokens["short"] < report.mean_tokens["long"]
