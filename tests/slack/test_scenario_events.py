"""Scenarios: the real app, driven by signed Events API requests, against the fake Slack Web API."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.slack.doubles import always_ask, echo_skills, failing_skills
from tests.slack.fake_slack import BOT_USER, TEAM, FakeFile, FakeSlack

CHANNEL, USER = "C0GENERAL", "U0CSM"


def mention(text: str, ts: str = "1767000000.000100", thread_ts: str | None = None) -> dict:
    event = {
        "type": "app_mention",
        "user": USER,
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "channel": CHANNEL,
        "event_ts": ts,
    }
    return {**event, "thread_ts": thread_ts} if thread_ts else event


def message(text: str, ts: str, channel: str = CHANNEL, thread_ts: str | None = None, channel_type: str = "channel"):
    event = {
        "type": "message",
        "user": USER,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type,
    }
    return {**event, "thread_ts": thread_ts} if thread_ts else event


def answer_text(fake: FakeSlack, thread_ts: str) -> str:
    """Everything posted into a thread or streamed, as one string."""
    posted = fake.calls_to("chat.postMessage", lambda c: c.args.get("thread_ts") == thread_ts)
    streamed = [c for m in ("chat.startStream", "chat.appendStream", "chat.stopStream") for c in fake.calls_to(m)]
    return " ".join(c.text for c in posted + streamed)


def wait_for_answer(fake: FakeSlack, thread_ts: str) -> str:
    fake.wait_until(
        lambda: (
            fake.calls_to("chat.postMessage", lambda c: c.args.get("thread_ts") == thread_ts)
            or fake.calls_to("chat.stopStream")
        )
    )
    fake.settle()
    return answer_text(fake, thread_ts)


def test_a_mention_is_answered_in_its_thread_with_citations_and_progress(slack, fake_slack):
    sent = slack.event(mention("Who is the champion at Acme?", ts="1767000000.000100"))
    assert sent.status == 200

    text = wait_for_answer(fake_slack, "1767000000.000100")
    assert "Priya Nair" in text and "[1]" in text
    assert "*Sources*" in text and "accounts/acme-clinics/profile.md" in text
    status = fake_slack.wait_for("assistant.threads.setStatus")[0]
    assert status.args["thread_ts"] == "1767000000.000100" and status.args["loading_messages"]
    feedback = [
        b
        for c in fake_slack.calls_to("chat.postMessage")
        for b in c.args.get("blocks", [])
        if b["type"] == "context_actions"
    ]
    assert feedback and feedback[0]["elements"][0]["type"] == "feedback_buttons"


def test_a_reply_in_the_thread_is_a_follow_up_without_a_new_mention(slack, fake_slack):
    slack.event(mention("Who is the champion at Acme?", ts="1767000000.000100"))
    wait_for_answer(fake_slack, "1767000000.000100")

    slack.event(message("When is their renewal?", ts="1767000050.000100", thread_ts="1767000000.000100"))
    fake_slack.wait_for("chat.postMessage", count=2, where=lambda c: c.args.get("thread_ts") == "1767000000.000100")
    follow_up = fake_slack.calls_to("chat.postMessage")[-1]
    assert "2026-03-01" in follow_up.text  # the thread's account (Acme) carried over to a question naming none


def test_a_reply_in_a_thread_the_bot_is_not_part_of_is_ignored(slack, fake_slack):
    slack.event(message("When is their renewal?", ts="1767000050.000100", thread_ts="1767000000.000999"))
    slack.event(message("a plain channel message", ts="1767000051.000100"))
    fake_slack.settle()
    assert fake_slack.answers() == []


def test_a_dm_is_answered_in_its_thread(slack, fake_slack):
    slack.event(
        message("When should renewal preparation start?", ts="1767000100.000100", channel="D0CSM", channel_type="im")
    )
    text = wait_for_answer(fake_slack, "1767000100.000100")
    assert "playbooks/renewal-preparation.md" in text
    assert fake_slack.calls_to("chat.postMessage")[0].args["channel"] == "D0CSM"


def test_opening_the_messages_tab_sets_suggested_prompts_naming_a_real_account(slack, fake_slack):
    slack.event(
        {
            "type": "app_home_opened",
            "user": USER,
            "channel": "D0CSM",
            "tab": "messages",
            "event_ts": "1767000200.000100",
        }
    )
    prompts = fake_slack.wait_for("assistant.threads.setSuggestedPrompts")[0].args
    assert prompts["channel_id"] == "D0CSM" and "thread_ts" not in prompts
    titles = [p["title"] for p in prompts["prompts"]]
    assert len(titles) == 4 and "Prep a QBR for Acme Clinics" in titles


def test_opening_the_home_tab_publishes_accounts_at_risk_first_with_renewal_countdown(slack, fake_slack):
    slack.event(
        {"type": "app_home_opened", "user": USER, "channel": "D0CSM", "tab": "home", "event_ts": "1767000300.000100"}
    )
    publish = fake_slack.wait_for("views.publish")[0].args
    assert publish["user_id"] == USER and publish["view"]["type"] == "home"
    rows = [
        b["text"]["text"] for b in publish["view"]["blocks"] if b["type"] == "section" and "health" in b["text"]["text"]
    ]
    assert len(rows) == 2  # Slack does not know the user (users.info fails): the whole portfolio, and why
    assert "none lists you as CSM" in str(publish["view"]["blocks"])
    scores = [int(r.split("health ")[1].split(" ")[0]) for r in rows]
    assert scores == sorted(scores)  # at-risk first
    assert "Acme Clinics" in rows[0] and "renews in 50 days (2026-03-01)" in rows[0]
    buttons = [e["action_id"] for b in publish["view"]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {"home_qbr", "home_plan"} <= set(buttons)


def test_the_home_tab_shows_the_accounts_that_list_the_user_as_csm(slack, fake_slack):
    fake_slack.add_user(USER, "Jordan Reyes", "jordan.reyes@example.com")  # Acme Clinics' CSM in its profile
    slack.event(
        {"type": "app_home_opened", "user": USER, "channel": "D0CSM", "tab": "home", "event_ts": "1767000301.000100"}
    )
    assert fake_slack.wait_for("users.info")[0].args["user"] == USER
    blocks = fake_slack.wait_for("views.publish")[0].args["view"]["blocks"]
    rows = [b["text"]["text"] for b in blocks if b["type"] == "section" and "health" in b["text"]["text"]]
    assert len(rows) == 1 and "Acme Clinics" in rows[0]
    assert blocks[0]["text"]["text"] == "Your accounts"
    assert "1 of 2 accounts list you as CSM" in str(blocks) and "1 more in the portfolio" in str(blocks)


def test_a_transcript_shared_in_a_dm_is_downloaded_summarized_and_can_be_filed(slack, fake_slack, knowledge: Path):
    transcript = (knowledge / "accounts/acme-clinics/transcripts/2025-12-01-weekly-sync.txt").read_bytes()
    fake_slack.add_file(
        FakeFile("F0CALL", "acme-2026-01-08-sync.txt", transcript, channel="D0CSM", share_ts="1767000400.000100")
    )
    slack.event(
        {
            "type": "file_shared",
            "file_id": "F0CALL",
            "user_id": USER,
            "file": {"id": "F0CALL"},
            "channel_id": "D0CSM",
            "event_ts": "1767000400.000200",
        }
    )

    download = fake_slack.wait_for("file.download")[0]
    assert download.headers["authorization"] == f"Bearer {fake_slack.token}"
    text = wait_for_answer(fake_slack, "1767000400.000100")
    assert "Lakeside" in text and "Priya Nair" in text  # the summary, threaded under the share
    file_under = [
        e
        for c in fake_slack.calls_to("chat.postMessage") + fake_slack.calls_to("chat.stopStream")
        for b in c.args.get("blocks", [])
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "file_under"
    ]
    assert file_under and file_under[0]["value"] == "F0CALL|acme-clinics"

    slack.block_action(
        {"action_id": "file_under", "value": "F0CALL|acme-clinics", "type": "button"},
        channel="D0CSM",
        message={"ts": "1767000401.000100", "thread_ts": "1767000400.000100"},
    )
    filed = fake_slack.wait_for("chat.postMessage", where=lambda c: "Filed as" in c.text)[0]
    assert "accounts/acme-clinics/transcripts/acme-2026-01-08-sync.txt" in filed.text
    assert (knowledge / "accounts/acme-clinics/transcripts/acme-2026-01-08-sync.txt").read_bytes() == transcript


def test_a_file_that_is_not_a_transcript_gets_a_clear_reply(slack, fake_slack):
    fake_slack.add_file(FakeFile("F0PIC", "photo.png", b"\x89PNG\r\n\x1a\n...", channel="D0CSM"))
    slack.event(
        {
            "type": "file_shared",
            "file_id": "F0PIC",
            "user_id": USER,
            "channel_id": "D0CSM",
            "event_ts": "1767000500.000100",
        }
    )
    reply = fake_slack.wait_for("chat.postMessage")[0]
    assert "photo.png is not one" in reply.args["text"]
    assert fake_slack.calls_to("file.download") == []


def test_files_shared_in_channels_or_by_the_bot_are_left_alone(slack, fake_slack):
    slack.event({"type": "file_shared", "file_id": "F1", "user_id": USER, "channel_id": CHANNEL, "event_ts": "1.1"})
    slack.event({"type": "file_shared", "file_id": "F2", "user_id": BOT_USER, "channel_id": "D0CSM", "event_ts": "1.2"})
    fake_slack.settle()
    assert fake_slack.calls_to("files.info") == []


def test_a_retried_event_is_answered_once(slack, fake_slack):
    event = mention("Who is the champion at Acme?", ts="1767000600.000100")
    first = slack.event(event, event_id="Ev0RETRY")
    second = slack.event(event, event_id="Ev0RETRY", retry_num=1)
    third = slack.event(event, event_id="Ev0RETRY", retry_num=2)
    assert (first.status, second.status, third.status) == (200, 200, 200)
    wait_for_answer(fake_slack, "1767000600.000100")
    fake_slack.settle()
    assert len(fake_slack.calls_to("assistant.threads.setStatus")) == 1
    assert len([c for c in fake_slack.answers() if "Priya" in c.text]) == 1


def test_a_bad_signature_is_rejected_and_nothing_happens(slack, fake_slack):
    sent = slack.event(mention("Who is the champion at Acme?"), secret="not-the-signing-secret")
    assert sent.status == 401
    fake_slack.settle()
    assert fake_slack.answers() == []


def test_when_the_llm_fails_the_user_gets_a_clear_message_with_a_reference_never_the_error(start_bot, fake_slack):
    _, slack = start_bot(skills=failing_skills("ask"))
    slack.event(mention("Who is the champion at Acme?", ts="1767000700.000100"))
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("thread_ts") == "1767000700.000100")
    text = reply[0].args["text"]
    assert "something went wrong" in text and "ref `" in text
    everything = " ".join(c.text for c in fake_slack.settle())
    assert "sk-secret" not in everything and "exploded" not in everything and "RuntimeError" not in everything


def test_broadcast_mentions_in_generated_text_are_neutralized(start_bot, fake_slack):
    _, slack = start_bot(
        route=always_ask, skills=echo_skills("<!channel> heads up <!here|here> and <!everyone>, also @here")
    )
    slack.event(mention("anything", ts="1767000800.000100"))
    fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("thread_ts") == "1767000800.000100")
    sent = " ".join(c.text for c in fake_slack.settle() if c.method != "auth.test")
    assert "<!channel>" not in sent and "<!here" not in sent and "<!everyone>" not in sent
    assert "@here" not in sent and "heads up" in sent


def test_long_answers_are_streamed_then_finished_with_sources_and_feedback(start_bot, fake_slack):
    _, slack = start_bot(route=always_ask, skills=echo_skills("A long paragraph about adoption. " * 200))
    slack.event(mention("anything", ts="1767000900.000100"))
    stop = fake_slack.wait_for("chat.stopStream")[0]
    start = fake_slack.calls_to("chat.startStream")[0]
    assert start.args["thread_ts"] == "1767000900.000100"
    assert start.args["recipient_user_id"] == USER and start.args["recipient_team_id"] == TEAM
    assert len(fake_slack.calls_to("chat.appendStream")) >= 2  # the text arrives in pieces
    assert [b["type"] for b in stop.args["blocks"]][-1] == "context_actions"
    assert fake_slack.calls_to("chat.postMessage") == []


def test_when_streaming_is_refused_the_answer_is_posted_then_updated(start_bot, fake_slack):
    fake_slack.fail("chat.startStream", "not_allowed_token_type")
    _, slack = start_bot(route=always_ask, skills=echo_skills("A long paragraph about adoption. " * 200))
    slack.event(mention("anything", ts="1767001000.000100"))
    update = fake_slack.wait_for("chat.update")[0]
    posted = fake_slack.calls_to("chat.postMessage")[0]
    assert update.args["ts"] == posted.response["ts"]  # the message just posted is the one updated
    assert posted.args["thread_ts"] == "1767001000.000100" and len(posted.args["blocks"]) == 1
    assert "long paragraph" in update.text and update.args["blocks"][-1]["type"] == "context_actions"


def test_thread_follow_ups_and_processed_events_survive_a_restart(start_bot, fake_slack):
    bot, slack = start_bot()
    slack.event(mention("Who is the champion at Acme?", ts="1767001100.000100"), event_id="Ev0BEFORE")
    wait_for_answer(fake_slack, "1767001100.000100")
    bot.stop()

    _, slack = start_bot()  # a new process would see the same <home>/slack.db
    slack.event(mention("Who is the champion at Acme?", ts="1767001100.000100"), event_id="Ev0BEFORE", retry_num=1)
    slack.event(message("When is their renewal?", ts="1767001150.000100", thread_ts="1767001100.000100"))
    fake_slack.wait_for("chat.postMessage", count=2, where=lambda c: c.args.get("thread_ts") == "1767001100.000100")
    fake_slack.settle()
    in_thread = fake_slack.calls_to("chat.postMessage", lambda c: c.args.get("thread_ts") == "1767001100.000100")
    assert len(in_thread) == 2 and "2026-03-01" in in_thread[1].text


def test_a_burst_of_concurrent_events_is_all_acked_and_each_answered_once(slack, fake_slack):
    """Slack delivers bursts; a small listen backlog used to reset some of these connections."""
    count = 30
    barrier = threading.Barrier(count)
    statuses: list[object] = [None] * count

    def send(index: int) -> None:
        ts = f"{1767002000 + index}.000100"
        barrier.wait()
        try:
            statuses[index] = slack.event(mention("When should renewal preparation start?", ts=ts)).status
        except OSError as exc:
            statuses[index] = exc

    threads = [threading.Thread(target=send, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * count
    fake_slack.wait_for("chat.postMessage", count=count)
    threads_answered = [c.args["thread_ts"] for c in fake_slack.settle() if c.method == "chat.postMessage"]
    assert sorted(threads_answered) == sorted(f"{1767002000 + i}.000100" for i in range(count))
