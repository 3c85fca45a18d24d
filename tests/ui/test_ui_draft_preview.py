"""The readable preview of a narrative the model is still writing."""

from __future__ import annotations

from agent_fakes import narrative

from underwrite.ui.draft_preview import parse_partial, preview_markdown


def test_every_prefix_of_a_real_draft_previews_without_error_and_grows() -> None:
    text = narrative(extra=' A "quoted" word\\ and ü.').model_dump_json()
    previews = [preview_markdown(text[:n]) for n in range(len(text) + 1)]
    assert previews[0] == "" and previews[-1] == preview_markdown(text)
    assert "**Summary**" in previews[-1] and "- The applicant requests EUR 12,500" in previews[-1]
    assert 'A "quoted" word\\ and ü.' in previews[-1]  # escapes decoded, not shown raw
    assert "**Recommendation**\n- approve" in previews[-1]
    assert "fact:loan_amount" not in previews[-1]  # citation ids stay out of the prose preview
    # Text appears while a string is still open, as the model writes it.
    cut = text.index("over 36 months")
    assert preview_markdown(text[:cut]).endswith("EUR 12,500")


def test_parse_partial_closes_strings_and_brackets_and_drops_a_dangling_key() -> None:
    assert parse_partial('{"summary": {"text": "The appl') == {"summary": {"text": "The appl"}}
    assert parse_partial('{"strengths": [{"text": "a"}, {"te') == {"strengths": [{"text": "a"}, {}]}
    assert parse_partial("") == {} and parse_partial("not json") == {}
