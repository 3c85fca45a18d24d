"""Report titles above a CSV's header are skipped; a file that starts with its header is untouched."""

from __future__ import annotations

import json
from pathlib import Path

from underwrite.tools.scoring.config import load_config
from underwrite.tools.scoring.csv_header import header_line
from underwrite.tools.scoring.data import load_csv

DATA = Path(__file__).parents[1] / "data"
BODY = "".join(f"A-{i};{1000 + i},50;{i % 3};ja\n" for i in range(30))


def test_a_title_block_and_a_blank_line_are_not_the_header() -> None:
    text = (
        "Kreditbestand Filiale Nord\nExport vom 01.12.2026, Stand Monatsende\n\nNr;Betrag;Stufe;Aus\n" + BODY
    )
    assert header_line(text) == 3


def test_a_title_padded_to_the_table_width_by_a_spreadsheet_is_still_a_title() -> None:
    assert header_line("Loan book Q3;;;\n;;;\nNr;Betrag;Stufe;Aus\n" + BODY) == 2


def test_a_file_that_starts_with_its_header_is_read_from_the_first_line() -> None:
    assert header_line("Nr;Betrag;Stufe;Aus\n" + BODY) == 0
    # Rows with a trailing delimiter are one field wider than the header: the header still stands.
    assert header_line("Nr;Betrag;Stufe;Aus\n" + BODY.replace("\n", ";\n")) == 0
    # Decimal commas in a ';' file must not make ',' look like the delimiter.
    assert header_line("Nr;Betrag\n" + "".join(f"{i};{i},5\n" for i in range(30))) == 0
    assert header_line("id,amount\n" + "".join(f'{i},"EUR {i},000"\n' for i in range(30))) == 0


def test_the_german_export_with_a_title_block_reads_as_its_answer_key_says(tmp_path: Path) -> None:
    key = json.loads((DATA / "unseen_credit_de.key.json").read_text(encoding="utf-8"))
    titled = tmp_path / "bestand.csv"
    title = "Kreditbestand Filiale Nord\r\nExport vom 01.12.2026 (Stand: Monatsende)\r\n\r\n".encode("cp1252")
    titled.write_bytes(title + (DATA / "unseen_credit_de.csv").read_bytes())
    training = load_csv(titled, key["target"], load_config())
    assert (len(training.y), int(training.y.sum())) == (key["rows"], key["bad"])
    assert training.schema.numeric == key["numeric"] and set(training.schema.excluded) == set(key["excluded"])
    assert "3 line(s) above the header skipped: 'Kreditbestand Filiale Nord" in training.source
