"""How many of the scripted served model's sound claims the claim checks keep (a false-rejection
measure on claims the pipeline did not write), over the files the fallback sweep builds.

``python tests/agent/scripted_claims_rate.py`` (with the tree to measure first on PYTHONPATH). The
script model (``underwrite/testing/scripted_served.py``) writes the claims a competent model would
from the prompt, plus one scripted fault per file; files whose fault breaks the schema are skipped.
Not a test: it prints counts, it asserts nothing.
"""

from __future__ import annotations

import collections
import json
import random
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parents[1])]

from memo_evidence import evidence_from_values  # noqa: E402
from test_memo_fallback_sweep import PACKET_DATASETS, SEED, TRUTHS_PER_DATASET, _truth_values  # noqa: E402

from underwrite.agent.memo.claim_checks import check_claims, rules_of  # noqa: E402
from underwrite.agent.memo.claims import Claim, claims_schema  # noqa: E402
from underwrite.agent.memo.evidence import build_sources  # noqa: E402
from underwrite.agent.nodes.memo_claims import claims_prompt  # noqa: E402
from underwrite.testing.scripted_served import claims_reply, fault_for  # noqa: E402


def main() -> None:
    rng = random.Random(SEED)
    truths = [t for d in PACKET_DATASETS for t in _truth_values(d, TRUTHS_PER_DATASET)]
    sound = kept = faults = faults_caught = 0
    rules: collections.Counter[str] = collections.Counter()
    examples: list[str] = []
    for app_id, values in truths:
        ev = evidence_from_values(app_id, values, rng)
        if fault_for(app_id) in ("invented_entity", "truncated"):
            continue
        prompt = claims_prompt(ev, [])
        schema = claims_schema(ev).model_json_schema()
        body = {
            "messages": prompt.messages,
            "response_format": {"json_schema": {"name": "MemoClaims", "schema": schema}},
        }
        claims = [Claim.model_validate(c) for c in json.loads(claims_reply(body).text)["claims"]]
        checked = check_claims(claims, ev, build_sources(ev))
        for i, (claim, problems) in enumerate(checked):
            if i == len(checked) - 1 and len(claims) > 1:  # the scripted fault is the last claim
                faults += 1
                faults_caught += bool(problems)
                continue
            sound += 1
            kept += not problems
            for rule in rules_of(f"{claim.kind.value} 'x': {'; '.join(problems)}") if problems else []:
                rules[rule] += 1
                if len(examples) < 12 and rule not in ("repeat", "lexical_grounding", "kind_fits_evidence"):
                    examples.append(
                        f"{rule}: {claim.kind.value} {claim.text!r} {claim.evidence} -> {problems}"
                    )
    print(
        json.dumps(
            {
                "sound_claims": sound,
                "sound_kept": kept,
                "faults": faults,
                "faults_caught": faults_caught,
                "rejections_by_rule": dict(rules),
            }
        )
    )
    for e in examples:
        print(e)


if __name__ == "__main__":
    main()
