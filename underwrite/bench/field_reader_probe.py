"""What the product's decoded-field reader fills from letters phrased unlike its training statements.

``python -m underwrite.bench.field_reader_probe [--rows 800]``: fits the reader on German training
rows twice, on full six-field statements only (``told_share=1``) and as shipped (plus a random
subset of the fields per row, teaching "not stated"), and prints what each fills from the synthetic
letters' purpose stories (``synth/names.PURPOSE_STORIES``), which tell the purpose and nothing else.
"""

from __future__ import annotations

import argparse

from underwrite.core.datasets import load_dataset
from underwrite.synth.names import PURPOSE_STORIES
from underwrite.tools.encoder import embed
from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.data import from_dataset
from underwrite.tools.scoring.embeddings import embed_cached
from underwrite.tools.scoring.field_reader import fit_field_reader
from underwrite.tools.scoring.prose_statements import MOVED_STRONG
from underwrite.tools.scoring.reader_fit import SOURCE, training_statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=800)
    args = parser.parse_args()
    config = load_config()
    ts = from_dataset(load_dataset("german"), config, rows=list(range(args.rows)))
    stories = embed(list(PURPOSE_STORIES.values()))
    for name, share in (("full statements only", 1.0), ("as shipped (+ subsets)", 0.4)):
        texts, labels = training_statements(ts.frame, list(MOVED_STRONG), told_share=share)
        # The most permissive threshold a training run can ship: the grid's floor (or the fixed one).
        floor = min([*config.text.reader_threshold_grid, config.text.reader_min_probability])
        reader = fit_field_reader(embed_cached(texts), labels, SOURCE, floor, "probe")
        print(f"== {name}: fills at p >= {floor}")
        for purpose, found in zip(PURPOSE_STORIES, reader.decode(stories), strict=True):
            fills = ", ".join(f"{k}={v} (p {p:.2f})" for k, (v, p) in found.items()) or "nothing"
            print(f"  story for {purpose!r}: {fills}")


if __name__ == "__main__":
    main()
