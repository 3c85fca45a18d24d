"""What `bench text` hands the product: the default-fusion evidence (``tools/scoring/text_rule``).

Per dataset and variant the product can train, the paired fold-wise gain of the product's own
reader over the text-free model, from one ``TextRecovery`` report (a fresh run or a saved
``--json`` report, ``--from-report``), with the command line that produces that report.
"""

from __future__ import annotations

from datetime import UTC, datetime

from underwrite.bench.scoring_prose import MOVED_STRONG, MOVED_TO_PROSE
from underwrite.bench.text_finetune import FinetuneConfig
from underwrite.bench.text_recovery import DEFAULT_SERIAL, FROZEN_DECODED, PRODUCT_PROSE, TextRecovery
from underwrite.tools.scoring.text_rule import EvidenceEntry, TextEvidence


def evidence(report: TextRecovery, command: str) -> TextEvidence:
    """What the default-fusion rule reads: the product's own text readers, per dataset and variant."""
    product = next((a for a in report.arms if a.arm == PRODUCT_PROSE), None)
    if product is None or report.default_serialised_gain is None or report.default_serialised_sd is None:
        raise ValueError("evidence needs the frozen arms (run without --no-frozen-arms)")
    folds = report.folds_run or report.folds * report.repeats
    entries = [
        EvidenceEntry(
            dataset="german",
            variant="serialised",
            reader=DEFAULT_SERIAL,
            fields=["every structured input, serialised as sentences"],
            gain_mean=report.default_serialised_gain,
            gain_sd=report.default_serialised_sd,
            folds=folds,
        ),
        EvidenceEntry(
            dataset="german-prose",
            variant="prose",
            reader=PRODUCT_PROSE,
            fields=["applicant_statement"],
            gain_mean=product.paired_vs_floor,
            gain_sd=product.paired_sd,
            folds=folds,
        ),
    ]
    decoded = next((a for a in report.arms if a.arm == FROZEN_DECODED), None)
    if decoded is not None:
        # The product's field reader (tools/scoring/field_reader) is this arm's reader; its gain is
        # over the model without the told fields, the situation in which the product uses it.
        entries.append(
            EvidenceEntry(
                dataset="german",
                variant="decoded",
                reader=FROZEN_DECODED,
                fields=list(report.moved),
                gain_mean=decoded.paired_vs_floor,
                gain_sd=decoded.paired_sd,
                folds=folds,
            )
        )
    generated = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return TextEvidence(command=command, generated=generated, entries=entries)


def report_command(report: TextRecovery) -> str:
    """The ``bench text`` command line that produces ``report`` (for the evidence file)."""
    moved = {MOVED_STRONG: "strong", MOVED_TO_PROSE: "original"}.get(tuple(report.moved), "strong")
    pairs = int(report.finetune.get("pairs", FinetuneConfig().pairs))
    command = (
        f"underwrite bench text --folds {report.folds} --repeats {report.repeats} --pairs {pairs} "
        f"--moved {moved} " + ("--finetune" if report.finetune else "--no-finetune")
    )
    if report.fold_start:
        command += f" --fold-start {report.fold_start}"
    if report.folds_run and report.fold_start + report.folds_run < report.folds * report.repeats:
        command += f" --max-folds {report.folds_run}"
    return command
