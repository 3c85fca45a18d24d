"""``python -m underwrite.bench.pii [N]``: what the masking finds in generated packets.

For N generated German-credit packets (read with the real document reader) it counts what the
pattern recognisers match in the documents' text (IBAN, e-mail, phone, date), and how many
occurrences of the applicant's true name and birth date survive masking, with and without the
application's known identifiers. Names are only caught by value: there is no offline name
recogniser here (Presidio's NER needs a spaCy model that is not on PyPI; see the README).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from underwrite.records.log_masking import application_identifiers
from underwrite.records.pii import _DATE, _EMAIL, _IBAN, _PHONE, _is_phone, mask_text
from underwrite.synth import generate_packets, load_application


def measure(n: int, seed: int = 3) -> dict[str, object]:
    found: Counter[str] = Counter()
    residual = Counter[str]()
    with tempfile.TemporaryDirectory() as tmp:
        for folder in generate_packets("german", n, Path(tmp), seed=seed):
            truth = json.loads((folder / "truth.json").read_text())["fields"]
            (folder / "truth.json").unlink()
            app, _ = load_application(folder)
            text = "\n".join(d.text for d in app.documents)
            for kind, pattern in (("iban", _IBAN), ("email", _EMAIL), ("date", _DATE)):
                found[kind] += len(pattern.findall(text))
            # As masking counts a phone (see _is_phone), after IBANs were replaced.
            no_iban = _IBAN.sub("", text)
            found["phone"] += sum(_is_phone(m) for m in _PHONE.findall(no_iban))
            name, born = str(truth.get("applicant_name", "")), str(truth.get("date_of_birth", ""))
            found["name_in_text"] += text.count(name)
            pattern_only = mask_text(text, (), dates=True)
            keyed = mask_text(text, application_identifiers(app), dates=True)
            residual["name_pattern_only"] += pattern_only.count(name)
            residual["name_with_known"] += keyed.count(name)
            surname = name.split()[-1] if name else ""
            residual["surname_with_known"] += keyed.count(surname) if surname else 0
            residual["dob_iso_with_known"] += keyed.count(born) if born else 0
    return {"packets": n, "pattern_matches": dict(found), "surviving_masking": dict(residual)}


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 20), indent=2))
