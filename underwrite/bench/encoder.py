"""`underwrite bench encoder`: torch vs ONNX fp32 vs ONNX int8 on real texts, in one run.

The text set is what the product embeds: every policy section (retrieval), German applications
serialised for scoring, and the applicant statements of the text test (short prose). Each backend
embeds the same texts with the same thread count; runs are interleaved so that load from other
processes on the shared machine hits all backends alike, and the figure reported is the median
ratio to torch, not an absolute time. Cosine is to the torch vectors, per text.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np
from pydantic import BaseModel

from underwrite.bench.scoring_prose import with_statements
from underwrite.core.settings import get_settings
from underwrite.tools.encoder import embed_torch, encoder_model_dir, encoder_threads, get_encoder
from underwrite.tools.encoder_onnx import OnnxEncoder, OnnxExportError, load_onnx_encoder
from underwrite.tools.policy.manual import load_manual
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import load_training_dataset
from underwrite.tools.scoring.text import texts_for

SPEED_TARGET = 2.0
COSINE_TARGET = 0.99


class BackendResult(BaseModel):
    backend: str
    texts_per_s: float
    ratio_vs_torch: float
    cosine_min: float
    cosine_mean: float
    cosine_p01: float
    error: str | None = None


class EncoderBench(BaseModel):
    texts: int
    mean_chars: float
    threads: int
    runs: int
    sources: dict[str, int]
    results: list[BackendResult]


def bench_texts(rows: int = 200) -> dict[str, list[str]]:
    german = load_training_dataset("german", load_config())
    frame = german.frame.iloc[:rows]
    serialised = german.schema.model_copy(update={"text_variant": "serialised"})
    return {
        "policy sections": [s.indexed_text for s in load_manual()],
        "german applications (serialised)": texts_for(frame, serialised),
        "applicant statements": with_statements(frame)["applicant_statement"].tolist(),
    }


def _timed(action: Callable[[], np.ndarray]) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    out = action()
    return time.perf_counter() - start, out


def run_encoder_bench(rows: int = 200, runs: int = 3, threads: int = 1) -> EncoderBench:
    sources = bench_texts(rows)
    texts = [t for group in sources.values() for t in group]
    home = get_settings().home
    backends: dict[str, OnnxEncoder | None] = {"torch": None}
    errors: dict[str, str] = {}
    for name, int8 in (("onnx", False), ("onnx-int8", True)):
        try:
            backends[name] = load_onnx_encoder(home, encoder_model_dir(), int8=int8, torch_model=get_encoder)
        except OnnxExportError as exc:
            errors[name] = str(exc)

    def action(name: str) -> Callable[[], np.ndarray]:
        encoder = backends[name]
        if encoder is None:
            return lambda: embed_torch(texts, batch_size=32)
        return lambda: encoder.encode(texts, batch_size=32, threads=threads)

    seconds: dict[str, list[float]] = {name: [] for name in backends}
    vectors: dict[str, np.ndarray] = {}
    with encoder_threads(threads):
        for name in backends:  # warm-up: sessions, lazy kernels, the torch model load
            action(name)()
        for _ in range(runs):
            for name in backends:
                elapsed, vectors[name] = _timed(action(name))
                seconds[name].append(elapsed)
    results = []
    for name in backends:
        cosine = (vectors[name] * vectors["torch"]).sum(axis=1)
        ratios = [t / s for t, s in zip(seconds["torch"], seconds[name], strict=True)]
        results.append(
            BackendResult(
                backend=name,
                texts_per_s=round(len(texts) / statistics.median(seconds[name]), 1),
                ratio_vs_torch=round(statistics.median(ratios) if name != "torch" else 1.0, 3),
                cosine_min=round(float(cosine.min()), 5),
                cosine_mean=round(float(cosine.mean()), 5),
                cosine_p01=round(float(np.percentile(cosine, 1)), 5),
            )
        )
    results += [
        BackendResult(
            backend=name, texts_per_s=0, ratio_vs_torch=0, cosine_min=0, cosine_mean=0, cosine_p01=0, error=e
        )
        for name, e in errors.items()
    ]
    return EncoderBench(
        texts=len(texts),
        mean_chars=round(float(np.mean([len(t) for t in texts])), 1),
        threads=threads,
        runs=runs,
        sources={k: len(v) for k, v in sources.items()},
        results=results,
    )
