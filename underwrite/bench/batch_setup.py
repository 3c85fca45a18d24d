"""What a batch-bench run starts from: packet folders, and a home whose agent components are ready."""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from underwrite.core.db import clear_engine_cache
from underwrite.core.env_scope import restored_env
from underwrite.core.settings import get_settings, reset_settings_cache
from underwrite.queue.models import jobs_table, outputs_table
from underwrite.queue.repository import QueueRepository
from underwrite.queue.runners import preflight_runner
from underwrite.synth import generate_packets


def make_minimal_packets(root: Path, n: int) -> list[Path]:
    """Cheap packet folders (a form and a statement); the LLM-call runner only reads their text."""
    rng = random.Random(7)
    folders = []
    for i in range(n):
        folder = root / f"BENCH-{i:04d}"
        folder.mkdir(parents=True)
        income = rng.randint(1500, 9000)
        (folder / "application_form.txt").write_text(
            f"Application BENCH-{i:04d}\nApplicant: Person {i}\nMonthly net income: {income}\n"
            f"Requested amount: {rng.randint(1, 40) * 500}\nTerm months: {rng.choice([12, 24, 36, 48])}\n"
        )
        (folder / "bank_statement.csv").write_text(
            "date,description,amount\n" + "".join(f"2024-0{m}-28,salary,{income}\n" for m in range(1, 4))
        )
        folders.append(folder)
    return folders


def make_generated_packets(root: Path, n: int, on_packet: Callable[[Path], None]) -> list[Path]:
    """Real generated packets (PDF/DOCX documents from German credit rows), as `packets generate`
    writes them: what the agent runner reads, scores and drafts a memo for."""
    return generate_packets("german", n, root, seed=0, on_packet=on_packet)


_ENV_KEYS = ("UW_HOME", "UW_LLM_URL", "UW_DATABASE_URL")


@contextmanager
def preserved_env() -> Iterator[None]:
    """The bench moves this process between homes; put the caller's settings back afterwards."""
    try:
        with restored_env(_ENV_KEYS):
            yield
    finally:
        clear_engine_cache()  # engines are cached per database URL: drop the bench's


def use_home(home: Path, llm_url: str, database_url: str) -> None:
    """Point this process (and the workers it starts, which inherit the environment) at ``home``."""
    os.environ.update(UW_HOME=str(home), UW_LLM_URL=llm_url, UW_DATABASE_URL=database_url)
    reset_settings_cache()
    clear_engine_cache()


def prepare_agent_components(components_home: Path, llm_url: str, on_status: Callable[[str], None]) -> None:
    """Build score model, search index and anomaly model once, in ``components_home``."""
    use_home(components_home, llm_url, "")
    preflight_runner("agent", on_status=on_status, prepare=True)


def link_components(components_home: Path, home: Path) -> None:
    """A run's home borrows the prepared models and index, so each run has its own database,
    checkpoints, memos and audit trail without training or indexing again."""
    home.mkdir(parents=True, exist_ok=True)
    settings = get_settings()
    for name in (settings.models_dir.name, settings.chroma_dir.name):
        link = home / name
        if not link.exists():
            link.symlink_to((components_home / name).resolve(), target_is_directory=True)


def reset_tables(repo: QueueRepository) -> None:
    """A PostgreSQL database given by URL is reused between runs: start each run's queue empty.
    (The audit trail is append-only and is left alone; the bench counts the records of its run.)"""
    with repo.strategy.write_transaction(repo.engine) as conn:
        conn.execute(outputs_table.delete())
        conn.execute(jobs_table.delete())
