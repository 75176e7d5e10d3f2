import datetime as dt
import re
from pathlib import Path

import pytest

from bot.core.errors import UnknownAccountError, UserInputError
from bot.core.skills.extractive import rank_sentences, summarize_texts
from bot.core.skills.summarize import file_under, read_input, summarize, tidy_spoken

MEETINGS = Path(__file__).resolve().parents[2] / "fixtures" / "meetings"
CALL = MEETINGS / "2025-12-08-acme-check-in.txt"
NOTES = MEETINGS / "2025-12-10-acme-notes.md"


def _summary(copilot, path: Path, **options):
    return summarize(copilot, path.read_text(), path.name, **options)


def _actions(result):
    return [(a.owner, a.task, a.due) for a in result.action_items]


def test_a_call_yields_owned_dated_actions_decisions_risks_and_sentiment(copilot):
    result = _summary(copilot, CALL)
    assert result.meeting_date == "2025-12-08" and result.title.startswith("Acme Clinics check-in")
    assert ("Jordan Reyes", "Send you a one-page summary of the pilot results", "2025-12-12") in _actions(result)
    assert ("Priya Nair", "Brief the clinic managers", "2025-12-19") in _actions(result)
    # "Priya, can you introduce me…?" / "Yes, of course." is Priya's action, not Jordan's.
    assert any(owner == "Priya Nair" and task.startswith("Introduce me") for owner, task, _ in _actions(result))
    assert result.decisions == ["Roll the kiosk out to the other eleven clinics in January."]
    assert any("successor" in risk for risk in result.risks)
    assert any("triage form still takes too long" in risk for risk in result.risks)
    assert result.sentiment in ("mixed", "negative") and "concern cues" in result.sentiment_reason
    assert set(result.participants) == {"Jordan Reyes", "Priya Nair", "Tom Baker"}


def test_every_citation_quotes_the_input_verbatim(copilot):
    result = _summary(copilot, CALL)
    text = CALL.read_text()
    labels = [c.section.split(" · ")[0] for c in result.citations]
    assert len([x for x in labels if x.startswith("action item")]) == len(result.action_items)
    assert len([x for x in labels if x.startswith("summary")]) == len(result.summary)
    for citation in result.citations:
        assert citation.source == CALL.name and citation.date == "2025-12-08"
        # a risk told in answer to a question quotes both, with "…" between the speakers (as the guard reads it)
        assert all(piece in text for piece in citation.quote.split(" … "))


def test_summary_bullets_are_attributed_sentences_without_repeats(copilot):
    result = _summary(copilot, CALL)
    assert 3 <= len(result.summary) <= 8
    assert len(set(result.summary)) == len(result.summary)
    for bullet in result.summary:
        speaker, sentence = bullet.split(": ", 1)
        assert speaker in result.participants
        assert sentence.split(". ")[-1].rstrip(".") in CALL.read_text()


@pytest.mark.parametrize("suffix", [".txt", ".vtt", ".srt"])
def test_the_three_transcript_formats_give_the_same_result(copilot, suffix):
    path = CALL.with_suffix(suffix)
    result = _summary(copilot, path)
    reference = _summary(copilot, CALL)
    assert result.meeting_date == "2025-12-08"
    assert _actions(result) == _actions(reference)
    assert result.decisions == reference.decisions


def test_markdown_notes_use_front_matter_sections_and_owner_labels(copilot):
    result = _summary(copilot, NOTES)
    assert result.meeting_date == "2025-12-10" and result.title == "Acme renewal planning"
    assert _actions(result) == [
        ("Jordan Reyes", "Send the renewal proposal", "2025-12-19"),
        ("Priya Nair", "Introduce her successor", "2026-01-05"),
        ("Tom Baker", "Confirm the clinic rollout order", None),
    ]
    assert "Roll the kiosk out to all twelve clinics in January." in result.decisions
    assert result.risks == ["Priya is moving to a new role in January and her successor is not yet named."]


def test_follow_up_email_recaps_decisions_owners_and_dates_and_keeps_risks_internal(copilot):
    result = _summary(copilot, CALL, account="acme")
    email = result.follow_up_email
    assert result.account == "acme-clinics"
    assert email.startswith("Subject: Recap and next steps: Acme Clinics check-in")
    assert "Hi Priya and Tom," in email  # the account's stakeholders who were on the call
    assert "- Jordan Reyes: Send you a one-page summary of the pilot results (by Friday, December 12)" in email
    assert "Roll the kiosk out to the other eleven clinics in January" in email
    assert "successor" not in email and "worried" not in email
    assert email.rstrip().endswith("Best regards,\nJordan Reyes")  # the CSM named in the profile


def test_email_without_an_account_greets_everyone_and_invents_no_sender(copilot):
    email = _summary(copilot, CALL).follow_up_email
    assert "Hi all," in email and email.rstrip().endswith("Best regards,")


def test_date_option_overrides_the_file_and_moves_relative_dues(copilot):
    result = _summary(copilot, CALL, date="2026-01-05")
    assert result.meeting_date == "2026-01-05"
    assert ("Jordan Reyes", "Send you a one-page summary of the pilot results", "2026-01-09") in _actions(result)


def test_standard_input_is_sniffed_by_content(copilot):
    result = summarize(copilot, CALL.with_suffix(".vtt").read_text(), "stdin")
    assert result.source == "stdin" and len(result.action_items) == 4
    undated = summarize(copilot, "Ana: I'll send the deck by Friday.\nBo: Thanks, and by 2026-05-04 please.")
    assert undated.meeting_date is None
    assert undated.action_items[0].due is None and undated.action_items[0].due_phrase is None


def test_a_two_hour_transcript_is_summarized_in_full(copilot):
    topics = ["dashboard", "rollout", "training", "billing", "integration", "security review"]
    lines = ["# 2026-03-02 Two-hour planning workshop"]
    for turn in range(1500):
        topic = topics[turn % len(topics)]
        speaker = ("Ana Silva", "Ben Cho", "Cara Diaz")[turn % 3]
        lines.append(f"{speaker}: On the {topic} workstream, item {turn} covers step {turn % 17} of the plan.")
    lines.insert(1400, "Cara Diaz: I'll send the signed security questionnaire to Legal by next Friday.")
    result = summarize(copilot, "\n".join(lines), "workshop.txt")
    assert 3 <= len(result.summary) <= 8
    assert ("Cara Diaz", "Send the signed security questionnaire to Legal", "2026-03-13") in _actions(result)


@pytest.mark.parametrize("text", ["", "   \n\t\n"])
def test_empty_input_is_a_user_error(copilot, text):
    with pytest.raises(UserInputError, match="empty"):
        summarize(copilot, text, "call.txt")


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("WEBVTT\n\nthis is not a cue\njust text without timings\n", "call.vtt", "not a readable WebVTT transcript"),
        ("1\nnot a timing line\nhello\n", "call.srt", "not a readable SubRip transcript"),
        ("---\ndate: [unclosed\n---\nbody\n", "notes.md", "not a readable Markdown note"),
        ("\x00\x01\x02PK\x03\x04" * 50, "call.txt", "binary or corrupt"),
        ("Date: 2026-03-04\nAttendees: Ana, Bo\n", "call.txt", "only header lines"),
        ("Ana: hello", "call.pdf", "unsupported file type"),
    ],
)
def test_corrupt_or_unsupported_input_is_a_clear_user_error(copilot, text, name, message):
    with pytest.raises(UserInputError, match=message):
        summarize(copilot, text, name)


def test_bad_date_option_and_unreadable_files_are_user_errors(copilot, tmp_path):
    with pytest.raises(UserInputError, match="YYYY-MM-DD"):
        _summary(copilot, CALL, date="08/12/2025")
    binary = tmp_path / "call.txt"
    binary.write_bytes(b"\xff\xfe\xfa" * 40)
    with pytest.raises(UserInputError, match="not UTF-8"):
        read_input(str(binary))
    with pytest.raises(UserInputError, match="no such file"):
        read_input(str(tmp_path / "missing.txt"))


def test_unknown_account_is_a_clear_error(copilot):
    with pytest.raises(UnknownAccountError, match="Did you mean: Acme Clinics"):
        _summary(copilot, CALL, account="Acme Clinicz Group")


def test_file_under_copies_without_overwriting_and_ingests_that_file(copilot, tmp_path):
    filed, report = file_under(copilot, CALL, "acme")
    assert filed == f"accounts/acme-clinics/transcripts/{CALL.name}"
    assert (copilot.settings.knowledge / filed).read_text() == CALL.read_text()
    assert filed in report.added and copilot.db.chunk_ids_of(filed)
    assert file_under(copilot, CALL, "acme")[0] == filed  # the identical file is reused, not copied again
    edited = tmp_path / CALL.name
    edited.write_text(CALL.read_text() + "Tom Baker: One more note.\n")
    second, _ = file_under(copilot, edited, "acme")
    assert second == f"accounts/acme-clinics/transcripts/{CALL.stem}-2.txt"
    assert (copilot.settings.knowledge / filed).read_text() == CALL.read_text()
    notes, _ = file_under(copilot, NOTES, "acme")
    assert notes == f"accounts/acme-clinics/notes/{NOTES.name}"


def test_commitments_requests_and_relative_clauses(copilot):
    text = (
        "# 2026-06-09 Renewal check-in\n"
        "Helen Brooks: What I need is something I can tell my CFO about the renewal.\n"
        "Chris Dalton: Understood. Helen, can you send me the seat report?\n"
        "Helen Brooks: Sure, I'll send it by Thursday.\n"
        "Chris Dalton: Let me check with Legal on the DPA wording. Omar will book the training rooms next week.\n"
        "Omar Farouk: We'll see how it goes.\n"
    )
    actions = _actions(summarize(copilot, text, "renewal.txt"))
    assert actions == [
        ("Helen Brooks", "Send me the seat report", "2026-06-11"),
        ("Chris Dalton", "Check with Legal on the DPA wording", None),
        ("Omar Farouk", "Book the training rooms", "2026-06-19"),
    ]


def test_extractive_selection_skips_near_duplicates():
    texts = [
        "The renewal budget for the clinics was approved by finance this week.",
        "The renewal budget for the clinics was approved by finance this week.",
        "Nurses at Lakeside still print paper forms at the front desk every morning.",
        "The kiosk pilot cut check-in time from twelve minutes to nine minutes at Lakeside.",
    ]
    chosen = summarize_texts(texts, max_sentences=3)
    assert not {0, 1} <= set(chosen) and len(chosen) == 3


def test_filler_and_talk_between_the_speakers_weigh_less_than_content():
    texts = [
        "I mean, you know, I think you really want the billing export for the finance ledger and the invoices.",
        "The billing export sends every invoice to the finance ledger at midnight.",
        "Warehouse scanners time out every ten minutes, so staff switch to paper forms.",
        "Finance closes the ledger on the thirtieth and needs every invoice reconciled first.",
        "The export also retries invoices that failed to reach the finance ledger.",
    ]
    scores = rank_sentences(texts).scores
    assert scores[0] < min(scores[1:])


def test_a_risk_cites_the_words_it_was_built_from(copilot):
    # Regression: a risk read from "That's the right worry." quoted that line (and its speaker), not the worry;
    # a risk told after a lead-in quoted only "Here's my bigger concern."
    text = (
        "# 2026-10-08 Pilot readiness\n"
        "Tom Hale: Okay. I just don't want my nurses charting something they didn't check.\n"
        "Dana Wolfe: That's the right worry.\n"
        "Tom Hale: Here's my bigger concern. The completion task. Who actually does it? If those fields land "
        "upstairs, I've just moved the problem to someone else's floor.\n"
    )
    result = summarize(copilot, text, "sync.txt")
    assert result.risks == [
        "I just don't want my nurses charting something they didn't check.",
        "Here's my bigger concern. The completion task. Who actually does it? If those fields land upstairs, "
        "I've just moved the problem to someone else's floor.",
    ]
    cited = {c.section: c.quote for c in result.citations if c.section.startswith("risk")}
    assert cited == {"risk 1 · Tom Hale": result.risks[0], "risk 2 · Tom Hale": result.risks[1]}
    assert result.guard == []  # a quote of several sentences of one turn is found in the meeting


def test_a_bullet_read_with_the_sentence_before_it_cites_both(copilot):
    text = (
        "# 2026-07-17 Escalation call\n"
        "Brian Kowalski: Yesterday fourteen thousand customers got the same sale email two or three times.\n"
        "Sofia Marchetti: Unsubscribes yesterday were about nineteen hundred. On a normal send day it's around "
        "three hundred.\n"
        "Lena Fischer: The retry sent the same batch again to the whole sale audience.\n"
        "Sam Whitaker: Lena will send a written root cause report by July twenty-eighth.\n"
    )
    result = summarize(copilot, text, "call.txt")
    both = "Unsubscribes yesterday were about nineteen hundred. On a normal send day it's around three hundred."
    assert f"Sofia Marchetti: {both}" in result.summary
    assert any(c.quote == both and c.section.startswith("summary ") for c in result.citations)
    assert result.guard == []


def test_tidy_spoken_removes_fillers_and_stutters():
    assert tidy_spoken("um, so we we need the the report, uh, by Friday") == "So we need the report, by Friday"
    assert re.search(r"\bum\b", tidy_spoken("Um the umbrella policy")) is None


def test_a_due_date_inside_the_task_does_not_eat_the_verb():
    # Regression: "join the 2027-01-12 executive review" lost "in the " from "join" and became "Jo executive review".
    from bot.core.skills.actions import clean_task
    from bot.core.skills.dates import resolve_due

    clause = "join the 2027-01-12 executive review"  # the date names the review, so it stays (and is the due)
    assert clean_task(clause, resolve_due(clause, dt.date(2026, 11, 12))) == "Join the 2027-01-12 executive review"


def test_a_proposal_answered_fair_is_a_decision(copilot):
    # "Fair." agrees as much as "Agreed." does; the proposal was lost once "I'll park video" stopped being an action.
    text = (
        "# 2026-09-09 Case study interview\n"
        "Olivia Park: Would you be open to a short video version, filmed at a branch?\n"
        "Gwen Harper: I'd rather not commit today. Let's do the written piece first and revisit video in the "
        "new year.\n"
        "Olivia Park: Completely fair. I'll park video until January.\n"
    )
    result = summarize(copilot, text, "interview.txt")
    assert result.decisions == ["Do the written piece first and revisit video in the new year."]
    assert result.action_items == []  # parking an idea is not a task
