"""The memo benchmark: the scripted served model's faults are each caught by the rule they target,
the report counts by backend and corpus, and a small real run (scripted model only) completes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from memo_fakes import make_evidence

from underwrite.agent.memo.claim_checks import rules_of
from underwrite.agent.memo.claim_select import select_claims
from underwrite.agent.memo.claims import claims_schema, to_claims
from underwrite.agent.nodes.memo_claims import claims_prompt
from underwrite.bench.memo_bench_report import bench_report, render_text
from underwrite.bench.memo_run import MemoRow
from underwrite.llm.errors import StructuredOutputError
from underwrite.llm.structured import parse, response_format
from underwrite.testing import scripted_served
from underwrite.testing.scripted_served import FAULTS, claims_reply

EXPECTED_RULE = {
    "off_topic": "off_topic",
    "kind_mismatch": "kind_fits_evidence",
    "repeat": "repeat",
    "ungrounded": "lexical_grounding",
}


def _request(application_id: str) -> tuple[dict, object]:  # type: ignore[type-arg]
    ev = make_evidence(hard_fail=True)
    prompt = claims_prompt(ev, [], application_id)
    return {"messages": prompt.messages, "response_format": response_format(claims_schema(ev))}, ev


def _app_with(fault: str) -> str:
    return next(f"APP-{i:04d}" for i in range(500) if scripted_served.fault_for(f"APP-{i:04d}") == fault)


@pytest.mark.parametrize("fault", sorted(EXPECTED_RULE))
def test_each_scripted_fault_is_rejected_by_its_rule_and_sound_claims_are_kept(fault: str) -> None:
    body, ev = _request(_app_with(fault))
    claims = to_claims(parse(claims_schema(ev), claims_reply(body).text))  # type: ignore[arg-type]
    selection = select_claims(ev, claims)  # type: ignore[arg-type]
    rules = [r for rejection in selection.rejections for r in rules_of(rejection)]
    assert EXPECTED_RULE[fault] in rules, selection.rejections
    assert selection.kept >= 1  # the sound claims survive beside the fault


@pytest.mark.parametrize("fault", ["invented_entity", "truncated"])
def test_schema_breaking_faults_are_refused_whole(fault: str) -> None:
    body, ev = _request(_app_with(fault))
    with pytest.raises((StructuredOutputError, ValueError)):
        parse(claims_schema(ev), claims_reply(body).text)  # type: ignore[arg-type]


def test_every_fault_is_reachable() -> None:
    assert {scripted_served.fault_for(f"APP-{i:04d}") for i in range(200)} == set(FAULTS)


def test_report_splits_by_backend_and_corpus_and_counts_reasons_and_rules() -> None:
    kept = MemoRow(
        application_id="a", ok=True, seconds=2.0, narrative_source="mixed", claims_proposed=4,
        claims_kept=3, claims_used=2, step_seconds={"draft_memo": 1.0},
        claim_rejections=["risk 'the weather was rainy': shares no term with the evidence it cites"],
    )  # fmt: skip
    invalid = MemoRow(
        application_id="b", ok=True, seconds=4.0, narrative_source="fallback",
        fallback_reason="narrative_fallback: … StructuredOutputError", step_seconds={"draft_memo": 3.0},
    )  # fmt: skip
    det = MemoRow(
        application_id="c", ok=True, seconds=1.0, narrative_source="deterministic",
        fallback_reason="narrative_deterministic: as set", step_seconds={"draft_memo": 0.0},
    )  # fmt: skip
    report = bench_report({("scripted", "generated"): [kept, invalid], ("embedded", "handmade"): [det]})
    scripted, embedded = report["blocks"]
    assert (scripted["backend"], scripted["corpus"], scripted["memos"]) == ("scripted", "generated", 2)
    assert scripted["claim_keep_rate"] == 0.75 and scripted["verified_rate"] == 0.5
    assert scripted["deterministic_by_reason"] == {"no schema-valid reply (invalid or cut-off output)": 1}
    assert scripted["rejections_by_rule"] == {"lexical_grounding": 1}
    assert scripted["step_seconds"]["draft_memo"] == {"mean": 2.0, "median": 2.0}
    assert embedded["deterministic_by_reason"] == {"deterministic by setting (no narrative generation)": 1}
    assert embedded["claim_keep_rate"] is None and "corpus handmade" in render_text(report)


@pytest.mark.slow
def test_small_bench_with_the_scripted_served_model(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    small_score_model: Path,
) -> None:
    from index_cache import install_index_embeddings
    from score_models import install_score_model

    from underwrite.bench.memo_bench import main
    from underwrite.synth import generate_packets

    # The claim is about the memo pipeline and its checks, not the score model or the precedent
    # pool: a small real model stands in for the shipped recipe (which trains for minutes in a fresh
    # home) and 60 precedents for the full index (the build dominates a fresh home otherwise).
    install_score_model(small_score_model)
    monkeypatch.setenv("UW_PRECEDENT_LIMIT", "60")
    install_index_embeddings(60)
    generated = tmp_path / "gen"
    generate_packets("german", 2, generated, seed=3)
    out = tmp_path / "report.json"
    handmade = Path(__file__).parents[1] / "corpus" / "unseen"
    code = main(["--generated", str(generated), "--handmade", str(handmade), "--n", "2", "--out", str(out)])
    report = json.loads(out.read_text())
    assert code == 0, capsys.readouterr().err
    assert [(b["backend"], b["corpus"], b["memos"]) for b in report["blocks"]] == [
        ("scripted", "generated", 2),
        ("scripted", "handmade", 2),
    ]
    for block in report["blocks"]:
        assert block["final_unsupported_numbers"] == 0 and block["final_unknown_citations"] == 0
        assert block["claims_proposed"] + block["deterministic_narratives"] > 0
    assert all(r["narrative_source"] in {"mixed", "fallback"} for r in report["rows"])  # the claims path
