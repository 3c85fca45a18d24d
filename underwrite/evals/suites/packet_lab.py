"""Packets for the graph-driven suites: render truths (and their variants) from hold-out rows, run
the full underwriting graph on each once per eval run, and share the outcomes between suites.

Packets are written under the report directory (``<out>/packets/<application id>``) so every input
a suite judged can be opened afterwards; their hashes go into the log. Graph outcomes are cached in
memory for one run only: a later run always re-measures the current code, prompts and model.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from underwrite.agent.deps import Deps, prepare_components
from underwrite.agent.step_times import StepTimer
from underwrite.core.datasets import load_dataset
from underwrite.evals.harness.suite import RunContext
from underwrite.evals.harness.versions import sha256_tree
from underwrite.evals.scorers.invariance import PairOutcome
from underwrite.synth import render_packet
from underwrite.synth.generate import build_truth, packet_rows

PACKET_SEED = 9
"""Seed of the evaluation packets (rows come from the hold-out split first, see packet_rows)."""


@dataclass(frozen=True)
class GraphOutcome:
    """What one graph run produced, in the terms the suites judge."""

    application_id: str
    status: str
    pd: float
    grade: str
    recommendation: str
    policy_recommendation: str
    flag_codes: list[str]
    seconds: float
    memo: Any
    """underwrite.agent.memo.Memo"""
    run: Any = field(repr=False)
    """underwrite.agent.workflow.RunView: the run's facts, ratios, findings, policy, precedents, score."""
    step_seconds: dict[str, float] = field(default_factory=dict)
    """Wall time per graph step of this run (``agent.step_times``)."""


def pair_outcome(case_id: str, variant: str, base: GraphOutcome, changed: GraphOutcome, **extra: Any) -> Any:
    """The invariance scorers' :class:`PairOutcome` of a packet run as rendered and as a variant;
    ``extra`` carries the suite's own fields (e.g. whether an injection was flagged)."""
    return PairOutcome(
        case_id=case_id,
        variant=variant,
        base_pd=base.pd,
        variant_pd=changed.pd,
        base_grade=base.grade,
        variant_grade=changed.grade,
        base_recommendation=base.recommendation,
        variant_recommendation=changed.recommendation,
        **extra,
    )


class PacketLab:
    """One per eval run (``PacketLab.of(ctx)``): prepared components, rendered packets, outcomes."""

    def __init__(
        self, ctx: RunContext, *, llm: Any = None, label: str = "real", narrative: str | None = None
    ) -> None:
        """``llm`` replaces the configured model (e.g. a fabricating fake); ``narrative`` the memo
        narrative mode (``Deps.memo_narrative``, e.g. ``claims`` to measure a backend whose default
        writes none); ``label`` names the lab."""
        self.ctx = ctx
        self._narrative = narrative
        self.label = label
        self.root = ctx.out_dir / "packets"
        self.root.mkdir(parents=True, exist_ok=True)
        # Own checkpoints per lab: the same packet run with another model is another thread history.
        self._checkpoints = Path(tempfile.mkdtemp(prefix=f"uw-eval-{label}-")) / "checkpoints.sqlite"
        self._outcomes: dict[str, GraphOutcome] = {}
        self._deps: Any = None
        self._llm = llm

    def share_components(self, other: PacketLab) -> None:
        """Reuse another lab's prepared components, keeping this lab's model."""
        import dataclasses

        base = other.deps()
        self._deps = dataclasses.replace(base, llm=self._llm) if self._llm is not None else base
        if self._narrative is not None:
            self._deps = dataclasses.replace(self._deps, memo_narrative=self._narrative)

    @classmethod
    def of(cls, ctx: RunContext) -> PacketLab:
        lab = ctx.shared.get("packet_lab")
        if not isinstance(lab, PacketLab):
            lab = cls(ctx)
            ctx.shared["packet_lab"] = lab
        return lab

    # --- preparation ------------------------------------------------------------------------------

    def deps(self) -> Any:
        """Real components (default model, index, LLM server) prepared once per run."""
        if self._deps is None:
            prepare_components(lambda m: self.ctx.progress(f"setup: {m}", 0, 0))
            self._deps = Deps.default()
            if self._llm is not None:
                self._deps.llm = self._llm
            if self._narrative is not None:
                self._deps.memo_narrative = self._narrative
            self.ctx.record_version("llm", str(self._deps.llm_version))
            self.ctx.record_version("policy", str(self._deps.policy_version))
            # Part of the system under test: how many times a failed memo draft is sent back.
            self.ctx.record_version("memo_repair_rounds", str(self._deps.memo_repair_rounds))
        return self._deps

    # --- packets ----------------------------------------------------------------------------------

    def truths(self, n: int) -> list[Any]:
        """``n`` German packet truths from hold-out rows (deterministic)."""
        ds = load_dataset("german")
        frame = ds.frame
        out = []
        for row_index in packet_rows(ds, n, PACKET_SEED):
            row = {str(k): v for k, v in frame.iloc[row_index].to_dict().items()}
            out.append(build_truth("german", row_index, row, PACKET_SEED))
        return out

    def render(self, truth: Any, variant: Any = None, tag: str = "") -> Path:
        """Render ``truth`` (optionally as a variant) into its own folder; the folder name is the id."""
        folder = self.root / (f"{truth.application_id}-{tag}" if tag else truth.application_id)
        if not folder.exists():
            render_packet(truth, folder, truth.style_seed, variant=variant)
            self.ctx.record_input(f"packet:{folder.name}", sha256_tree(folder)[:16])
        return folder

    # --- graph runs -------------------------------------------------------------------------------

    def run(self, folder: Path) -> GraphOutcome:
        """The full graph up to review, once per packet per eval run."""
        key = folder.name
        if key not in self._outcomes:
            # lazy: agent.workflow builds the LangGraph graph and loads LightGBM
            from underwrite.agent.workflow import draft_memo, run_view

            deps = self.deps()
            timer = StepTimer()
            start = time.perf_counter()
            result = draft_memo(folder, deps, checkpoints=self._checkpoints, on_step=timer)
            seconds = time.perf_counter() - start
            run = run_view(result.application_id, self._checkpoints)
            memo = result.memo
            if self._llm is None:  # versions of the system under test, not of a red-case fake
                self.ctx.record_version("score_model", str(memo.score.model_version))
                for name, version in memo.versions.prompts.items():
                    self.ctx.record_version(f"prompt:{name}", str(version))
            self._outcomes[key] = GraphOutcome(
                application_id=result.application_id,
                status=result.status,
                pd=float(memo.score.pd),
                grade=str(memo.score.grade),
                recommendation=str(memo.recommendation.value),
                policy_recommendation=str(memo.policy_recommendation.value),
                flag_codes=sorted({f.code for f in result.flags}),
                seconds=round(seconds, 2),
                memo=memo,
                run=run,
                step_seconds=dict(timer.seconds),
            )
        return self._outcomes[key]
