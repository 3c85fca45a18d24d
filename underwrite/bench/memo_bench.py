"""The memo benchmark of issue 17: generated and hand-made packets, per backend, one report.

    python -m underwrite.bench.memo_bench --generated DIR --handmade tests/corpus/unseen \\
        [--backend scripted --backend embedded --backend embedded-claims] [--n N] [--n-handmade N]
        [--json] [--out F]

Backends (each run through ``memo_run``, the full graph with fresh checkpoints):

- ``scripted``: a served model stood in by the fake OpenAI-compatible server in vLLM's wire shape
  (``testing.fake_openai``) replaying ``testing.scripted_served``'s claims, with ``UW_LLM_URL``
  pointed at it, so the memo takes the path a served model takes (``UW_MEMO_NARRATIVE=auto`` →
  claims). Its figures measure the pipeline and the checks on a known script, not a model.
- ``embedded``: the embedded llama.cpp model with the shipped default (``auto`` → the
  deterministic narrative; the model reads the cover letter only).
- ``embedded-claims``: the embedded model asked for claims (``UW_MEMO_NARRATIVE=claims``), the
  measurement behind that default.

The report (``memo_bench_report``) is split by backend and corpus (``generated``: packets from
``underwrite packets generate``; ``handmade``: ``tests/corpus/unseen``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from underwrite.bench import memo_run
from underwrite.bench.memo_bench_report import bench_report, render_text
from underwrite.core.env_scope import restored_env
from underwrite.core.settings import reset_settings_cache
from underwrite.testing import scripted_served
from underwrite.testing.fake_openai import FakeOpenAIServer

BACKENDS = ("scripted", "embedded", "embedded-claims")
_ENV = ("UW_LLM_URL", "UW_MEMO_NARRATIVE", "UW_LLM_MODEL")


@contextlib.contextmanager
def backend_env(backend: str) -> Iterator[None]:
    """Settings for one backend, restored afterwards (the settings cache is re-read both ways)."""
    server = None
    with restored_env(_ENV):
        try:
            if backend == "scripted":
                server = FakeOpenAIServer(handler=scripted_served.handler, model="scripted-served")
                server.start()
                os.environ.update(
                    UW_LLM_URL=server.url, UW_LLM_MODEL="scripted-served", UW_MEMO_NARRATIVE="auto"
                )
            elif backend in ("embedded", "embedded-claims"):
                os.environ["UW_LLM_URL"] = ""
                os.environ["UW_MEMO_NARRATIVE"] = "claims" if backend == "embedded-claims" else "auto"
                os.environ.pop("UW_LLM_MODEL", None)
            else:
                raise ValueError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
            reset_settings_cache()
            yield
        finally:
            if server is not None:
                server.stop()


def packets_of(folder: Path | None, n: int | None) -> list[Path]:
    if folder is None:
        return []
    if not folder.is_dir():
        raise FileNotFoundError(f"no packet folder {folder}")
    return memo_run._packets([folder], n)


def run_bench(
    corpora: dict[str, list[Path]],
    backends: Sequence[str],
    progress: bool = True,
    partial: Path | None = None,
) -> dict[str, Any]:
    """Each backend over each corpus; ``partial`` is rewritten with the report so far after every
    memo (the embedded claims path takes minutes per memo: an interrupted run keeps what it did)."""
    runs: dict[tuple[str, str], list[Any]] = {}
    for backend in backends:
        with backend_env(backend):
            for corpus, packets in corpora.items():
                if not packets:
                    continue
                if progress:
                    print(f"memo bench: {backend} / {corpus}: {len(packets)} packets", file=sys.stderr)
                done: list[Any] = runs.setdefault((backend, corpus), [])

                def save(row: memo_run.MemoRow, done: list[Any] = done) -> None:
                    done.append(row)
                    if partial is not None:
                        partial.write_text(json.dumps({"partial": True, **bench_report(runs)}, indent=2))

                memo_run.run(packets, progress=progress, replay=False, on_row=save)
    return bench_report(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--generated", type=Path, default=None, help="folder of generated packets")
    parser.add_argument("--handmade", type=Path, default=None, help="folder of hand-made packets")
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="repeatable; default scripted")
    parser.add_argument("--n", type=int, default=None, help="at most N packets per corpus")
    parser.add_argument(
        "--n-handmade", type=int, default=None, help="at most N hand-made packets (default --n)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as one JSON document")
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON report here")
    args = parser.parse_args(argv)
    try:
        corpora = {
            "generated": packets_of(args.generated, args.n),
            "handmade": packets_of(args.handmade, args.n_handmade or args.n),
        }
    except FileNotFoundError as exc:
        print(f"memo bench: {exc}", file=sys.stderr)
        return 2
    if not any(corpora.values()):
        print("memo bench: give --generated and/or --handmade packet folders", file=sys.stderr)
        return 2
    report = run_bench(corpora, args.backend or ["scripted"], partial=args.out)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2) if args.json else render_text(report))
    return 0 if all(not b["failed"] for b in report["blocks"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
