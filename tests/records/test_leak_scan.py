"""Leak scan: plant a distinctive identity in generated packets, run read → memo → decision → batch,
then search every byte persisted under UW_HOME for it in plaintext.

Allowed places (where the underwriter must see the applicant):
- ``outputs/<application id>/`` and ``outputs/memos/`` (batch memos): the memo an underwriter reads names
  the applicant.
Everything else (the database with the audit trail and the queue, the LangGraph checkpoints — which
hold the application as read but are sealed with AES-GCM —, the audit checkpoint file, logs, keys,
models) must hold no plaintext identifier. Chroma is not exercised here: the test's retrieval
is a double, and the index holds only policy text and dataset precedents, never applicants.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path
from typing import Any

from agent_fakes import ScriptedLLM, make_deps, narrative

from underwrite.agent.workflow import draft_memo, submit_review
from underwrite.core.schemas import Application, Decision, Recommendation
from underwrite.core.settings import get_settings
from underwrite.queue.agent_runner import AgentMemoRunner
from underwrite.queue.repository import QueueRepository
from underwrite.queue.worker import BatchWorker
from underwrite.records.log_masking import install_log_masking
from underwrite.synth import generate_packets, load_application
from underwrite.synth.render import render_packet
from underwrite.synth.truth import PacketTruth

NAME = "Quirinus Zweifelhaft"
EMAIL = "quirinus.zweifelhaft@example.org"
IBAN = "DE44 5001 0517 5407 3249 31"
DOB = "1961-07-23"
NEEDLES = {
    "name": [b"Zweifelhaft", b"zweifelhaft", b"ZWEIFELHAFT"],
    "email": [EMAIL.encode()],
    "iban": [IBAN.encode(), IBAN.replace(" ", "").encode()],
    "dob": [DOB.encode(), b"23.07.1961", b"23/07/1961"],
}


def _planted_packets(root: Path, n: int) -> list[Path]:
    folders = generate_packets("german", n, root, seed=7)
    for folder in folders:
        truth = PacketTruth.model_validate_json((folder / "truth.json").read_text())
        truth.fields["applicant_name"] = NAME
        truth.fields["date_of_birth"] = DOB
        truth.cover_letter_points.append(f"You can reach me at {EMAIL}; my account is {IBAN}.")
        shutil.rmtree(folder)
        render_packet(truth, folder, truth.style_seed)
        (folder / "truth.json").unlink()  # the answer key is not part of what an applicant sends
    return folders


def _read_with_scripted_amounts(packet: Path) -> tuple[Application, list[Any]]:
    """The real reader's application (documents, names, dates as read), with the amounts the
    scripted narrative and the rule doubles expect, so a memo is drafted from real documents."""
    app, failures = load_application(packet)
    scripted = {
        "loan_amount": 12500.0,
        "loan_term_months": 36,
        "monthly_net_income": 2450.0,
        "monthly_debt_payments": 150.0,
    }
    facts = [f.model_copy(update={"value": scripted[f.name]}) if f.name in scripted else f for f in app.facts]
    request = app.request.model_copy(update={"amount": 12500.0, "term_months": 36})
    return app.model_copy(update={"facts": facts, "request": request}), list(failures)


def _hits(home: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for kind, variants in NEEDLES.items():
            if any(v in data for v in variants):
                found.setdefault(str(path.relative_to(home)), []).append(kind)
    return found


def _allowed(rel: str) -> bool:
    parts = Path(rel).parts
    return parts[0] == "outputs" and len(parts) >= 3


def test_no_plaintext_identifier_persists_outside_the_allowed_places(tmp_path: Path) -> None:
    home = get_settings().home
    get_settings().ensure_dirs()
    handler = logging.FileHandler(get_settings().logs_dir / "underwrite.log")
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.DEBUG)
    install_log_masking()
    try:
        (first,) = _planted_packets(tmp_path / "packets", 1)
        second = shutil.copytree(first, first.with_name(first.name + "-B"))  # the batch's packet
        app, _failures = load_application(first)  # read: the real reader on the real documents
        assert app.value("applicant_name") == NAME, "the plant did not reach the facts"
        llm = ScriptedLLM({"MemoNarrative": [narrative(), narrative()]})
        deps = make_deps(llm)
        deps.load_application = _read_with_scripted_amounts
        deps.memo_repair_rounds = 0  # a draft rejected on these real facts falls back to the template
        result = draft_memo(first, deps)
        # A line a worker might write about an application it has read (child logger).
        worker_log = logging.getLogger("underwrite.batch.worker")
        worker_log.info("drafted %s for %s <%s>, born %s", first.name, NAME, EMAIL, DOB)
        reason = f"Spoke to {NAME} ({EMAIL}, born 23.07.1961); account {IBAN} confirmed."
        decision = Decision(
            application_id=result.application_id,
            decision=Recommendation.decline,
            reviewer="u.lee",
            reason=reason,
        )
        submit_review(result.application_id, decision, deps)
        repo = QueueRepository()
        repo.add([second])
        worker = BatchWorker(repo, AgentMemoRunner(deps=deps), concurrency=1, poll_s=0.05)
        asyncio.run(asyncio.wait_for(worker.run(), timeout=120))
        (job,) = repo.jobs()
        assert job.state == "awaiting_review", job.last_error
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    hits = _hits(home)
    assert any(_allowed(p) for p in hits), f"the scan found nothing anywhere: is it looking? {hits}"
    leaks = {p: kinds for p, kinds in hits.items() if not _allowed(p)}
    assert leaks == {}, f"plaintext identifiers outside the allowed places: {leaks}"
