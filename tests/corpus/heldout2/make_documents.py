"""Write this corpus's scanned document. The text is written here by hand; the TIFF is committed.

    python tests/corpus/heldout2/make_documents.py

Second blind round: written on 2026-12-01 (22:40 UTC) after the first held-out round's prose fixes
and before anyone measured the reader on it. Reuses the `unseen` corpus's page renderer.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "unseen"))
from make_scans import page_image  # noqa: E402  (the sibling corpus's renderer, one home)

PAYSLIP = """\
#Autohaus Brenner GmbH
Industriestraße 14, 93055 Regensburg
#Verdienstabrechnung Mai 2025
Name: Katharina Vogt             Pers.-Nr.: 2207
Eintritt: 01.09.2019             St.-Kl.: IV

Tarifgehalt                                 2.980,00
Urlaubsgeld anteilig                          120,00
Gesamtbrutto                                3.100,00
Lohnsteuer                                   -341,25
Solidaritätszuschlag                            0,00
Kranken-/Pflegeversicherung                  -334,80
Renten-/Arbeitslosenversicherung             -304,35
Auszahlungsbetrag                           2.119,60
"""


def main() -> None:
    tiff = HERE / "r07_de_payslip_tiff" / "verdienstabrechnung.tiff"
    page_image(PAYSLIP, seed=27, width=1600).save(tiff, compression="tiff_lzw")


if __name__ == "__main__":
    main()
