"""`underwrite bench encoder`: torch vs ONNX fp32 vs ONNX int8 on real texts, in one run.

The text set is what the product embeds: every policy section (retrieval), German applications
serialised for scoring, and the applicant statements of the text test (short prose). Each backend
embeds the same texts with the same thread count and batch size (32; both sort by length before
batching); runs are interleaved so that load from other processes on the shared machine hits all
backends alike, and the figures reported are median ratios to torch, not absolute times. Each
source is timed on its own (token length decides the speed-up: attention grows with its square),
by wall clock and by process CPU time; with one thread the CPU-time ratio is the steadier one on
a loaded machine (time spent waiting for a core is not counted). Cosine is to the torch vectors.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from pydantic import BaseModel

from underwrite.bench.scoring_prose import with_statements
from underwrite.core.settings import get_settings
from underwrite.tools.encoder import (
    EMBEDDING_DIM,
    embed_torch,
    encoder_model_dir,
    encoder_threads,
    get_encoder,
)
from underwrite.tools.encoder_onnx import (
    OnnxEncoder,
    OnnxExportError,
    length_buckets,
    load_onnx_encoder,
    load_tokenizer,
)
from underwrite.tools.policy.manual import load_manual
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import load_training_dataset
from underwrite.tools.scoring.text import texts_for

SPEED_TARGET = 2.0
SAME_BATCHES = "torch-same-batches"
"""torch fed the ONNX backend's unpadded batches: a baseline that shares ONNX's batching, so the
ratio against it is what the runtime and int8 add (``torch`` is the product's torch path)."""
COSINE_TARGET = 0.99


class BackendResult(BaseModel):
    backend: str
    texts_per_s: float
    ratio_vs_torch: float
    """Median over runs of torch wall time / this backend's, all texts."""
    cpu_ratio_vs_torch: float
    """The same with process CPU time (what a core spends, waiting for one excluded)."""
    cpu_ratio_by_source: dict[str, float] = {}
    cpu_ratio_vs_same_batches: float | None = None
    """CPU-time ratio to torch fed the same unpadded one-length batches (``torch-same-batches``): the
    speed-up that is ONNX's own, not the batching's."""
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
    mean_tokens: dict[str, float] = {}
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


def _torch_in_onnx_batches(texts: list[str], tokenizer: Any) -> np.ndarray:
    """torch (sentence-transformers) fed the ONNX backend's batches: one token length per batch."""
    lengths = np.array([len(e.ids) for e in tokenizer.encode_batch(texts)], dtype=np.int64)
    out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
    for idx in length_buckets(lengths, 32):
        out[idx] = embed_torch([texts[i] for i in idx], batch_size=32)
    return out


def _timed(
    action: Callable[[str, list[str]], np.ndarray], name: str, batch: list[str]
) -> tuple[float, float, np.ndarray]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = action(name, batch)
    return time.perf_counter() - wall, time.process_time() - cpu, out


def _median_ratio(reference: list[float], other: list[float]) -> float:
    return round(statistics.median(r / o for r, o in zip(reference, other, strict=True)), 3)


def run_encoder_bench(rows: int = 200, runs: int = 3, threads: int = 1) -> EncoderBench:
    sources = bench_texts(rows)
    texts = [t for group in sources.values() for t in group]
    home = get_settings().home
    backends: dict[str, OnnxEncoder | None] = {"torch": None, SAME_BATCHES: None}
    errors: dict[str, str] = {}
    for name, int8 in (("onnx", False), ("onnx-int8", True)):
        try:
            backends[name] = load_onnx_encoder(home, encoder_model_dir(), int8=int8, torch_model=get_encoder)
        except OnnxExportError as exc:
            errors[name] = str(exc)

    tokenizer = load_tokenizer(encoder_model_dir())

    def embed_with(name: str, batch: list[str]) -> np.ndarray:
        encoder = backends[name]
        if name == SAME_BATCHES:
            return _torch_in_onnx_batches(batch, tokenizer)
        if encoder is None:
            return embed_torch(batch, batch_size=32)
        return encoder.encode(batch, batch_size=32, threads=threads)

    # (backend, source) -> wall and CPU seconds per run
    wall: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], list[float]] = {}
    vectors: dict[str, dict[str, np.ndarray]] = {name: {} for name in backends}
    with encoder_threads(threads):
        for name in backends:  # warm-up: sessions, lazy kernels, the torch model load
            embed_with(name, texts[:64])
        for _ in range(runs):
            for source, batch in sources.items():
                for name in backends:
                    w, c, vectors[name][source] = _timed(embed_with, name, batch)
                    wall.setdefault((name, source), []).append(w)
                    cpu.setdefault((name, source), []).append(c)

    def total(times: dict[tuple[str, str], list[float]], name: str) -> list[float]:
        return [sum(times[(name, source)][run] for source in sources) for run in range(runs)]

    reference = np.concatenate([vectors["torch"][source] for source in sources])
    results = []
    for name in backends:
        cosine = (np.concatenate([vectors[name][source] for source in sources]) * reference).sum(axis=1)
        results.append(
            BackendResult(
                backend=name,
                texts_per_s=round(len(texts) / statistics.median(total(wall, name)), 1),
                ratio_vs_torch=_median_ratio(total(wall, "torch"), total(wall, name)),
                cpu_ratio_vs_torch=_median_ratio(total(cpu, "torch"), total(cpu, name)),
                cpu_ratio_vs_same_batches=(
                    _median_ratio(total(cpu, SAME_BATCHES), total(cpu, name))
                    if name.startswith("onnx")
                    else None
                ),
                cpu_ratio_by_source={
                    source: _median_ratio(cpu[("torch", source)], cpu[(name, source)]) for source in sources
                },
                cosine_min=round(float(cosine.min()), 5),
                cosine_mean=round(float(cosine.mean()), 5),
                cosine_p01=round(float(np.percentile(cosine, 1)), 5),
            )
        )
    results += [
        BackendResult(
            backend=name,
            texts_per_s=0,
            ratio_vs_torch=0,
            cpu_ratio_vs_torch=0,
            cosine_min=0,
            cosine_mean=0,
            cosine_p01=0,
            error=e,
        )
        for name, e in errors.items()
    ]
    tokenizer = get_encoder().tokenizer
    return EncoderBench(
        texts=len(texts),
        mean_chars=round(float(np.mean([len(t) for t in texts])), 1),
        threads=threads,
        runs=runs,
        sources={k: len(v) for k, v in sources.items()},
        mean_tokens={
            k: round(float(np.mean([min(len(tokenizer(t)["input_ids"]), 256) for t in v])), 1)
            for k, v in sources.items()
        },
        results=results,
    )
