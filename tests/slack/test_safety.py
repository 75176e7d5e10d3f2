"""Broadcast mentions and exception text never reach users."""

import logging

from bot.core.errors import UnknownAccountError
from bot.slack.safety import ZERO_WIDTH_SPACE, escape_mrkdwn, neutralize, neutralize_payload, user_message


def test_broadcast_syntax_and_bare_broadcasts_are_neutralized():
    text = "<!channel> and <!here|here> and <!everyone> and @here and @Channel, not foo@here.com"
    out = neutralize(text)
    assert "<!" not in out and "@here " not in out and "@Channel" not in out
    assert f"@{ZERO_WIDTH_SPACE}channel" in out and f"@{ZERO_WIDTH_SPACE}here" in out
    assert "foo@here.com" in out  # an email address is not a broadcast


def test_user_mentions_and_links_are_left_to_mrkdwn_escaping():
    assert neutralize("<@U123> <https://x.y|x>") == "<@U123> <https://x.y|x>"
    assert escape_mrkdwn("a < b & c > d") == "a &lt; b &amp; c &gt; d"


def test_payload_neutralizing_reaches_nested_text_but_not_ids():
    payload = {
        "blocks": [{"type": "section", "block_id": "@here", "text": {"type": "mrkdwn", "text": "<!here> hi"}}],
        "text": "@everyone",
    }
    out = neutralize_payload(payload)
    assert out["blocks"][0]["block_id"] == "@here" and out["blocks"][0]["text"]["type"] == "mrkdwn"
    assert "<!here>" not in out["blocks"][0]["text"]["text"] and "@everyone" not in out["text"]


def test_a_copilot_error_is_shown_as_is_anything_else_only_as_a_reference(caplog):
    assert user_message(UnknownAccountError("Acmee", ["Acme Clinics"]), "x") == (
        ":warning: Unknown account 'Acmee'. Did you mean: Acme Clinics?"
    )
    with caplog.at_level(logging.ERROR):
        message = user_message(RuntimeError("token sk-123 leaked at /srv/app.py"), "ask in C1")
    assert "sk-123" not in message and "RuntimeError" not in message
    reference = message.split("ref `")[1].split("`")[0]
    assert len(reference) == 8
    assert f"ref {reference}" in caplog.text and "sk-123" in caplog.text  # the details go to the log


def test_a_broadcast_split_across_stream_pieces_is_still_neutralized():
    from bot.slack.safety import StreamNeutralizer

    text = "Tell <!channel> now, cc @everyone and <!here|here>. Mail a@b.example for @here"
    for size in (1, 3, 7, 11):
        safe = StreamNeutralizer()
        pieces = [safe.feed(text[i : i + size]) for i in range(0, len(text), size)] + [safe.flush()]
        sent = "".join(pieces)
        assert sent == neutralize(text), size
        assert "<!channel>" not in sent and "<!here" not in sent and "@everyone" not in sent and "@here" not in sent
