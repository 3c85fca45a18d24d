"""Pseudonyms (keyed, full length), the explicit PII field list, spellings, and log masking."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from underwrite.core.settings import reset_settings_cache
from underwrite.records.log_masking import install_log_masking, remember_identifiers
from underwrite.records.pii import mask_pii, mask_text, mask_token

_TOKEN = re.compile(r"\[pii:([0-9a-f]{64})\]")


def test_pseudonym_is_keyed_and_full_length(monkeypatch: pytest.MonkeyPatch) -> None:
    first = mask_token("1984-03-12")
    assert _TOKEN.fullmatch(first)
    monkeypatch.setenv("UW_PSEUDONYM_KEY", "11" * 32)
    reset_settings_cache()
    assert mask_token("1984-03-12") != first  # depends on the key, not on the value alone


def test_birth_date_is_not_recovered_by_trying_every_date() -> None:
    # The attack from issue 18: hash every date 1900-2010 and compare with the pseudonym.
    masked = mask_pii({"date_of_birth": "1984-03-12"})["date_of_birth"]
    digest = masked.split(":", 1)[1].rstrip("]")
    day, hits = date(1900, 1, 1), []
    while day.year <= 2010:
        for spelling in (day.isoformat(), day.strftime("%d.%m.%Y")):
            h = hashlib.sha256(spelling.encode()).hexdigest()
            if digest.startswith(h[:8]) or h == digest:
                hits.append(spelling)
        day += timedelta(days=1)
    assert hits == []


def test_field_names_are_not_masked_but_pii_fields_are() -> None:
    payload = {
        "fact_sources": [{"name": "loan_amount", "method": "table"}, {"name": "applicant_name"}],
        "applicant_name": "Erika Mustermann",
        "loan_amount": 5000,
    }
    out = mask_pii(payload)
    assert out["fact_sources"] == payload["fact_sources"]
    assert out["loan_amount"] == 5000
    assert _TOKEN.fullmatch(out["applicant_name"])


def test_identifiers_in_file_names_and_other_spellings_are_masked() -> None:
    known = ("Erika Mustermann", "1984-03-12")
    out = json.dumps(
        mask_pii(
            {
                "documents": [
                    {"filename": "Erika_Mustermann_payslip.pdf"},
                    {"filename": "ERIKA-MUSTERMANN.docx"},
                ],
                "note": "born 12.03.1984 (12 March 1984)",
            },
            known,
        )
    )
    assert "ustermann" not in out.lower() and "1984" not in out
    assert "_payslip.pdf" in out  # only the identifier is replaced
    assert mask_text("Erika Mustermann", known) == mask_text("erika_mustermann", known)


def test_free_text_dates_are_masked_amounts_are_not() -> None:
    out = mask_pii({"question": "Is the applicant born 03/04/1980 able to pay EUR 12,500.00?"})
    assert "1980" not in out["question"] and "12,500.00" in out["question"]
    assert mask_pii({"x": "EUR 12,500.00 over 36 months"}) == {"x": "EUR 12,500.00 over 36 months"}


def test_child_logger_lines_are_masked_on_the_handler() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        install_log_masking()
        remember_identifiers(("Ottilie Quenzwald",))
        child = logging.getLogger("underwrite.batch.worker")
        child.warning("mail %s about %s", "erika@example.org", "Ottilie Quenzwald")
        try:
            raise ValueError("IBAN DE89 3704 0044 0532 0130 00")
        except ValueError:
            child.exception("failed")
    finally:
        root.removeHandler(handler)
    text = stream.getvalue()
    assert "mail [pii:" in text
    assert "erika@example.org" not in text and "Quenzwald" not in text and "DE89" not in text


def test_log_relay_masks_the_embedded_servers_output(tmp_path: Path) -> None:
    target = tmp_path / "llm-server.log"
    subprocess.run(
        [sys.executable, "-m", "underwrite.records.log_relay", str(target)],
        input=b"request from erika@example.org\nslot 0 ready\n",
        check=True,
        timeout=60,
    )
    text = target.read_text()
    assert "erika@example.org" not in text and "slot 0 ready" in text


def test_statement_date_pairs_are_not_phone_numbers() -> None:
    assert mask_text("02/03/2025 02/03/2025 transfer") == "02/03/2025 02/03/2025 transfer"
    assert mask_text("2025-07-01 - 2025-09-28") == "2025-07-01 - 2025-09-28"
    assert "1234567" not in mask_text("call +49 170 1234567")
