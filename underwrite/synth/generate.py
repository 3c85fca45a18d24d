"""Generate packet folders from real dataset rows, evaluation (holdout) rows first."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from underwrite.core.datasets import LoadedDataset, holdout_split, load_dataset
from underwrite.synth.from_row import german_truth
from underwrite.synth.render import render_packet
from underwrite.synth.sme import sme_truth
from underwrite.synth.truth import PacketTruth

PACKET_DATASETS: dict[str, tuple[str, str, Callable[..., PacketTruth]]] = {
    # packet dataset → (source dataset, id prefix, truth builder)
    "german": ("german", "GER", german_truth),
    "sme": ("german", "SME", sme_truth),
}


class PacketError(ValueError):
    """Packets cannot be generated as asked."""


def packet_rows(ds: LoadedDataset, n: int, seed: int) -> list[int]:
    """Row positions to turn into packets: shuffled holdout rows, then shuffled training rows.

    Holdout rows come first so evaluation packets never show the default model its training data.
    """
    train, holdout = holdout_split(ds)
    rng = random.Random(f"rows:{seed}")
    rng.shuffle(holdout)
    rng.shuffle(train)
    rows = holdout + train
    if n > len(rows):
        raise PacketError(f"{ds.name} has {len(rows)} rows; cannot make {n} packets")
    return rows[:n]


def build_truth(dataset: str, row_index: int, row: dict[str, Any], seed: int) -> PacketTruth:
    _, prefix, builder = PACKET_DATASETS[dataset]
    rng = random.Random(f"packet:{seed}:{dataset}:{row_index}")
    return builder(row, row_index, rng, f"APP-{prefix}-{row_index:06d}")


def generate_packets(
    dataset: str, n: int, out: Path, seed: int = 0, on_packet: Callable[[Path], None] | None = None
) -> list[Path]:
    """Write ``n`` packet folders under ``out`` (one per application id) and return their paths."""
    if dataset not in PACKET_DATASETS:
        raise PacketError(f"no packet generator for {dataset!r}; choose one of {', '.join(PACKET_DATASETS)}")
    if n < 1:
        raise PacketError("n must be at least 1")
    ds = load_dataset(PACKET_DATASETS[dataset][0])
    frame = ds.frame
    folders = []
    for row_index in packet_rows(ds, n, seed):
        truth = build_truth(
            dataset, row_index, {str(k): v for k, v in frame.iloc[row_index].to_dict().items()}, seed
        )
        folder = out / truth.application_id
        render_packet(truth, folder, truth.style_seed)
        folders.append(folder)
        if on_packet:
            on_packet(folder)
    return folders
