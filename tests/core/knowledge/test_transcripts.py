import pytest

from bot.core.knowledge.documents import LoadError
from bot.core.knowledge.transcripts import parse_transcript


def test_plain_text_transcript_turns_header_date_and_continuations():
    text = (
        "# 2026-10-08 Weekly sync\n"
        "Dana Whitfield: We have a problem at East Campus.\n"
        "It is mostly the night shift.\n"
        "Maya Chen: Let's run a pilot.\n"
        "Maya Chen: Two weeks, starting Monday.\n"
    )
    transcript = parse_transcript(text, "weekly.txt")
    assert transcript.date == "2026-10-08"
    assert transcript.title == "Weekly sync"
    assert [t.speaker for t in transcript.turns] == ["Dana Whitfield", "Maya Chen"]
    assert transcript.turns[0].text == "We have a problem at East Campus. It is mostly the night shift."
    assert transcript.turns[1].text == "Let's run a pilot. Two weeks, starting Monday."


def test_speaker_labels_with_a_time_or_a_company_name_the_speaker():
    text = "[00:01:23] Sam Lee: We need the export.\nPriya Nair (Acme): By Friday?\n00:02:10 - Sam Lee: Yes.\n"
    transcript = parse_transcript(text, "call.txt")
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Sam Lee", "We need the export."),
        ("Priya Nair", "By Friday?"),
        ("Sam Lee", "Yes."),
    ]


def test_webvtt_with_voice_tags_and_speaker_prefixes():
    text = (
        "WEBVTT\n\n"
        "1\n00:00:01.000 --> 00:00:04.000\n<v Dana Whitfield>Thanks for making time.</v>\n\n"
        "00:00:05.000 --> 00:00:09.500\nSam Ortiz: Happy to help.\n\n"
        "NOTE this is a comment\n\n"
    )
    transcript = parse_transcript(text, "2026-11-05-sponsor-call.vtt")
    assert transcript.date == "2026-11-05"
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Dana Whitfield", "Thanks for making time."),
        ("Sam Ortiz", "Happy to help."),
    ]


def test_srt_cues_are_parsed_and_same_speaker_cues_merged():
    text = (
        "1\n00:00:01,000 --> 00:00:03,000\nLena: The depot opens in March.\n\n"
        "2\n00:00:03,500 --> 00:00:06,000\nLena: We need forty more seats.\n\n"
        "3\n00:00:06,500 --> 00:00:08,000\nJordan: I'll send a quote by Friday.\n"
    )
    transcript = parse_transcript(text, "call.srt")
    assert transcript.date is None
    assert [(t.speaker, t.text) for t in transcript.turns] == [
        ("Lena", "The depot opens in March. We need forty more seats."),
        ("Jordan", "I'll send a quote by Friday."),
    ]


@pytest.mark.parametrize("text", ["WEBVTT\n\n", "1\n00:00:01,000 --> 00:00:02,000\n\n"])
def test_a_transcript_without_turns_is_a_load_error(text):
    name = "x.vtt" if text.startswith("WEBVTT") else "x.srt"
    with pytest.raises(LoadError, match="no transcript turns"):
        parse_transcript(text, name)
