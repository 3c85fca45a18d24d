"""SmoothQuant-style smoothing of the encoder's fp32 ONNX graph before int8 quantisation.

Dynamic int8 quantises each activation with one scale per tensor, so a few channels with large
values (BERT's feed-forward outputs have them) force a coarse step on all the others; that is why
quantising the feed-forward output projections cost cosine. Smoothing moves the outliers into the
weights, which are quantised per output channel: ``X @ W == (X / s) @ (s * W)`` for a per-input-
channel ``s = max|X_j|**alpha / max|W_j|**(1 - alpha)`` (Xiao et al., SmoothQuant, 2023). The
division is a ``Mul`` by ``1/s`` inserted before the MatMul (a GELU output cannot absorb it), so the
smoothed graph is the same function in fp32 (tested); only its int8 rounding improves.

``max|X_j|`` is calibrated by running the fp32 graph on :data:`CALIBRATION` — sentences written for
this purpose, not the bench's texts nor the verification probes, so neither is fitted to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

# Shapes of what the encoder embeds: policy prose, serialised applications, applicant statements,
# German, numbers and ids; one long text so the activation maxima see long-range attention.
CALIBRATION = (
    "Minimum income: applicants must show a stable net monthly income for at least six months.",
    "Collateral is valued at the lower of the purchase price and an independent market valuation.",
    "Exceptions above the approval authority of the underwriter go to the credit committee.",
    "checking account: none; duration: 24 months; purpose: furniture; amount: 3,500; savings: < 100",
    "housing: rent | job: skilled employee | credit history: existing credits paid back duly till now",
    "Ich arbeite seit drei Jahren als Krankenpfleger und möchte mein Auto finanzieren.",
    "Wir haben zwei Kinder, wohnen zur Miete und zahlen einen Ratenkredit von 180 Euro ab.",
    "I have been self-employed since 2019; my business turnover fell last year but has recovered.",
    "The loan would consolidate two credit cards; I never missed a payment on either.",
    "SME term loans require two years of filed accounts and a personal guarantee from a director.",
    "Q: can a borrower with a DTI of 47% still be approved? A: only as a documented exception.",
    "Adverse action notices must state the principal reasons for the decision in plain language.",
    (
        "Affordability is assessed on verified income after tax. Overtime, bonuses and commission "
        "count only if received for at least twelve months and are then taken at 50%. Rental income "
        "counts at 75% of the contracted rent to allow for voids and costs. Benefits count where they "
        "are not time-limited. Where income is irregular the lower of the last two years is used, and "
        "the underwriter records the evidence seen, the figure used and the reason for any adjustment."
    ),
)
ALPHA = 0.5  # SmoothQuant's default; for the inputs that come from a LayerNorm
FFN_OUTPUT_ALPHA = 0.8
_SMOOTH_SUFFIX = "_smooth_inv_scale"

Feeds = Callable[[list[str]], Iterable[dict[str, np.ndarray]]]


class SmoothingError(ValueError):
    """A smoothing scale is unusable (non-finite or non-positive); the message names the node."""


def smoothing_targets(model: object) -> dict[str, tuple[str, str]]:
    """Node name -> (activation input, weight) of the MatMul/Attention nodes worth smoothing.

    All weight matrices but the attention output projections: their input (the attention context,
    max |x| about 3) has no outliers, and smoothing them changed no cosine while its Mul costs time.
    """
    graph = model.graph  # type: ignore[attr-defined]
    weights = {i.name for i in graph.initializer}
    return {
        n.name: (n.input[0], n.input[1])
        for n in graph.node
        if n.op_type in ("MatMul", "Attention")
        and n.input[1] in weights
        and "/attention/output/" not in n.name
    }


def activation_maxima(
    model_bytes: bytes, inputs: list[str], feeds: Iterable[dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """Per-channel max |x| of the named tensors of the fp32 graph over all rows of all feeds.

    Padding rows count: at run time they are inside the tensor whose dynamic range is taken.
    """
    import onnx
    import onnxruntime as ort

    model = onnx.load_from_string(model_bytes)
    model.graph.output.extend(
        onnx.helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, None) for n in inputs
    )
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    maxima: dict[str, np.ndarray] = {}
    for feed in feeds:
        for name, value in zip(inputs, session.run(inputs, feed), strict=True):
            array = np.abs(np.asarray(value, dtype=np.float32))
            peak = array.reshape(-1, array.shape[-1]).max(axis=0)
            maxima[name] = np.maximum(maxima[name], peak) if name in maxima else peak
    return maxima


def smoothing_scale(x_max: np.ndarray, weight: np.ndarray, alpha: float) -> np.ndarray:
    """SmoothQuant's ``max|X_j|**alpha / max|W_j|**(1 - alpha)``, divided by its median, at least 1.

    Only outlier channels are divided down; the plain formula also multiplies up channels that
    were quiet on the calibration sentences, and a text that wakes one of them then blows the
    dynamic range (unclamped: cosine min 0.968 on the bench texts, clamped: 0.995).
    """
    w_max = np.abs(weight).max(axis=1)
    scale = np.power(np.maximum(x_max, 1e-5), alpha) / np.power(np.maximum(w_max, 1e-5), 1 - alpha)
    return np.maximum(scale / np.median(scale), 1.0).astype(np.float32)


def alpha_for(node_name: str) -> float:
    """0.8 for the feed-forward outputs (GELU inputs to them; 0.5 there made int8 worse), else 0.5."""
    return FFN_OUTPUT_ALPHA if is_ffn_output(node_name) else ALPHA


def is_ffn_output(node_name: str) -> bool:
    return "/output/dense/" in node_name and "/attention/" not in node_name


def apply_smoothing(model: object, scales: dict[str, np.ndarray]) -> None:
    """In place: ``Mul(x, 1/s)`` before each node in ``scales``, its weight rows multiplied by ``s``."""
    from onnx import helper, numpy_helper

    graph = model.graph  # type: ignore[attr-defined]
    inits = {i.name: i for i in graph.initializer}
    position = {n.name: k for k, n in enumerate(graph.node)}
    for name, scale in scales.items():
        if scale.ndim != 1 or not np.all(np.isfinite(scale)) or not np.all(scale > 0):
            raise SmoothingError(f"{name}: smoothing scale must be finite and positive")
        node = graph.node[position[name]]
        weight = numpy_helper.to_array(inits[node.input[1]])
        if weight.shape[0] != scale.shape[0]:
            raise SmoothingError(f"{name}: scale has {scale.shape[0]} channels, weight {weight.shape[0]}")
        inits[node.input[1]].CopyFrom(
            numpy_helper.from_array((weight * scale[:, None]).astype(np.float32), node.input[1])
        )
        inv = f"{node.name}{_SMOOTH_SUFFIX}"
        graph.initializer.append(numpy_helper.from_array((1.0 / scale).astype(np.float32), inv))
        smoothed = f"{node.name}_smoothed_input"
        mul = helper.make_node("Mul", [node.input[0], inv], [smoothed], name=f"{node.name}_smooth")
        node.input[0] = smoothed
        graph.node.insert(position[name], mul)
        position = {n.name: k for k, n in enumerate(graph.node)}


def smooth_model(source: Path, target: Path, feeds: Feeds) -> dict[str, np.ndarray]:
    """Write the smoothed fp32 graph of ``source`` (every weight matrix) to ``target``; the scales."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(source))
    targets = smoothing_targets(model)
    activations = sorted({a for a, _ in targets.values()})
    maxima = activation_maxima(model.SerializeToString(), activations, feeds(list(CALIBRATION)))
    inits = {i.name: i for i in model.graph.initializer}
    scales = {
        name: smoothing_scale(maxima[act], numpy_helper.to_array(inits[w]), alpha_for(name))
        for name, (act, w) in targets.items()
    }
    apply_smoothing(model, scales)
    onnx.save(model, str(target))
    return scales
