"""Scenarios: slash commands (answers through the response_url served by the fake), message shortcuts and
buttons, driven by signed requests against the real app."""

from __future__ import annotations

import importlib.util

import pytest

from tests.slack.doubles import echo_skills, failing_skills
from tests.slack.fake_slack import FakeSlack

CHANNEL, USER = "C0GENERAL", "U0CSM"


def responses(fake: FakeSlack, name: str) -> list:
    return fake.calls_to("response_url", lambda c: c.path == f"/response/{name}")


def final_response(fake: FakeSlack, name: str):
    """The response that replaced the 'working on it' placeholder."""
    return fake.wait_for(
        "response_url", where=lambda c: c.path == f"/response/{name}" and c.args.get("replace_original")
    )[0]


def buttons(blocks: list[dict]) -> dict[str, str]:
    return {e["action_id"]: e.get("value", "") for b in blocks if b["type"] == "actions" for e in b["elements"]}


# --- /csm --------------------------------------------------------------------------------------------------


def test_csm_help_is_answered_in_the_ack_itself(slack, fake_slack):
    sent = slack.command("help")
    assert sent.status == 200
    assert "/csm qbr" in sent.body and sent.json["blocks"][0]["type"] == "header"
    assert slack.command("").json["text"] == "What I can do"
    fake_slack.settle()
    assert fake_slack.answers() == []


def test_csm_ask_acks_at_once_then_answers_privately_with_sources_and_a_share_button(slack, fake_slack):
    sent = slack.command("ask When should renewal preparation start?", name="ask")
    assert sent.status == 200 and "Working on a question" in sent.body  # plain text: an ephemeral reply

    answer = final_response(fake_slack, "ask").args
    assert answer["response_type"] == "ephemeral"
    text = str(answer["blocks"])
    assert "[1]" in text and "playbooks/renewal-preparation.md" in text
    assert "share_answer" in buttons(answer["blocks"])
    assert answer["blocks"][-1]["type"] == "context_actions"  # feedback buttons


def test_csm_with_a_missing_argument_answers_usage_in_the_ack(slack, fake_slack):
    sent = slack.command("plan")
    assert "needs an account" in sent.body and "/csm plan <account>" in sent.body
    fake_slack.settle()
    assert responses(fake_slack, "cmd") == []


def test_csm_plan_drafts_a_success_plan(slack, fake_slack):
    slack.command("plan Acme", name="plan")
    answer = final_response(fake_slack, "plan").args
    assert answer["blocks"][0]["text"]["text"] == "Success plan: Acme Clinics"
    assert "Milestones" in str(answer["blocks"]) and "accounts/acme-clinics/profile.md" in str(answer["blocks"])


def test_csm_plan_for_an_unknown_account_says_so_with_close_matches(slack, fake_slack):
    slack.command("plan Acme Clinic Group", name="plan")
    answer = final_response(fake_slack, "plan").args
    assert "Unknown account 'Acme Clinic Group'" in answer["text"] and "Acme Clinics" in answer["text"]


def test_csm_qbr_sends_the_brief_and_its_charts_as_images_to_the_dm(slack, fake_slack):
    slack.command("qbr acme", name="qbr")
    note = final_response(fake_slack, "qbr").args
    assert "sent to our DM" in note["text"]
    opened = fake_slack.calls_to("conversations.open")[0]
    assert opened.args["users"] == USER
    brief = fake_slack.wait_for("chat.postMessage")[0].args
    assert brief["channel"] == "D0CSM" and "QBR brief: Acme Clinics" in str(brief["blocks"])
    complete = fake_slack.wait_for("files.completeUploadExternal")[0].args
    assert complete["channel_id"] == "D0CSM" and len(complete["files"]) >= 2
    uploads = fake_slack.calls_to("file.upload")
    assert len(uploads) == len(complete["files"]) and all(u.args["png"] for u in uploads)


def test_csm_health_lists_accounts_at_risk_first(slack, fake_slack):
    slack.command("health", name="health")
    answer = final_response(fake_slack, "health").args
    text = str(answer["blocks"])
    assert "Portfolio health on 2026-01-10" in text and text.index("Acme Clinics") < text.index("Orbit Freight")


def test_csm_yes_and_and_summarize(slack, fake_slack):
    slack.command("yes-and Acme nurses say the triage form takes too long", name="yes")
    replies = final_response(fake_slack, "yes").args
    assert "“Yes, and…” replies" in str(replies["blocks"]) and "Yes, and" in str(replies["blocks"])

    notes = "Priya Nair: We agreed to pilot kiosk mode at Lakeside. Jordan Reyes: I'll send the setup guide by Friday."
    slack.command(f"summarize {notes}", name="sum")
    summary = final_response(fake_slack, "sum").args
    assert "Summary:" in str(summary["blocks"]) and "Follow-up email draft" in str(summary["blocks"])


@pytest.mark.skipif(importlib.util.find_spec("bot.core.skills.reframe") is None, reason="reframe skill not landed")
def test_csm_reframe(slack, fake_slack):
    slack.command("reframe nurses at Acme skip the triage form", name="reframe")
    answer = final_response(fake_slack, "reframe").args
    assert "Problem statement" in str(answer["blocks"])


def test_free_text_after_csm_goes_through_the_router(slack, fake_slack):
    slack.command("prep a QBR for Orbit", name="free")
    assert "sent to our DM" in final_response(fake_slack, "free").args["text"]
    assert "QBR brief: Orbit Freight" in str(fake_slack.wait_for("chat.postMessage")[0].args["blocks"])


def test_csm_when_the_llm_fails_says_so_with_a_reference(start_bot, fake_slack):
    _, slack = start_bot(skills=failing_skills("ask"))
    slack.command("ask Who is the champion at Acme?", name="fail")
    text = final_response(fake_slack, "fail").args["text"]
    assert "something went wrong" in text and "ref `" in text and "sk-secret" not in text


# --- message shortcuts --------------------------------------------------------------------------------------


THREAD = [
    {
        "type": "message",
        "user": "U1",
        "ts": "1767000000.000100",
        "text": "Lakeside still prints paper forms.",
        "user_profile": {"real_name": "Priya Nair"},
    },
    {
        "type": "message",
        "user": "U2",
        "ts": "1767000001.000100",
        "thread_ts": "1767000000.000100",
        "text": "Let's run a one-week pilot at Lakeside with the kiosk mode.",
        "user_profile": {"real_name": "Jordan Reyes"},
    },
    {
        "type": "message",
        "user": "U1",
        "ts": "1767000002.000100",
        "thread_ts": "1767000000.000100",
        "text": "Agreed. I'll brief the Lakeside manager by Friday.",
        "user_profile": {"real_name": "Priya Nair"},
    },
]


def test_summarize_thread_reads_the_thread_and_answers_privately(slack, fake_slack):
    fake_slack.add_thread(CHANNEL, "1767000000.000100", THREAD)
    sent = slack.message_shortcut("summarize_thread", THREAD[1], name="sum")
    assert sent.status == 200 and sent.body == ""
    replies = fake_slack.wait_for("conversations.replies")[0]
    assert replies.args["ts"] == "1767000000.000100"
    working = responses(fake_slack, "sum")[0]  # said before the thread is read
    assert "Working on it" in working.args["text"] and fake_slack.calls.index(working) < fake_slack.calls.index(replies)
    summary = final_response(fake_slack, "sum").args
    text = str(summary["blocks"])
    assert "Priya Nair" in text and "Friday" in text and "share_answer" in buttons(summary["blocks"])


def test_summarize_thread_where_the_bot_cannot_read_says_why(slack, fake_slack):
    fake_slack.fail("conversations.replies", "not_in_channel")
    slack.message_shortcut("summarize_thread", THREAD[0], name="sum")
    said = fake_slack.wait_for("response_url", where=lambda c: "can't read" in c.args.get("text", ""))[0]
    assert "add me to this channel" in said.args["text"]


def test_yes_and_this_and_check_my_reply(slack, fake_slack):
    feedback = {
        "type": "message",
        "user": "U1",
        "ts": "1767000003.000100",
        "text": "Your triage form takes too long for our nurses at Acme.",
    }
    slack.message_shortcut("yes_and_message", feedback, name="yes")
    assert "“Yes, and…” replies" in str(final_response(fake_slack, "yes").args["blocks"])

    draft = {
        "type": "message",
        "user": USER,
        "ts": "1767000004.000100",
        "text": "Thanks for the idea, but that's not on our roadmap.",
    }
    slack.message_shortcut("check_reply", draft, name="check")
    check = str(final_response(fake_slack, "check").args["blocks"])
    assert "Yes, but" in check and "Suggested rewrite" in check


@pytest.mark.skipif(importlib.util.find_spec("bot.core.skills.reframe") is None, reason="reframe skill not landed")
def test_reframe_this(slack, fake_slack):
    problem = {
        "type": "message",
        "user": "U1",
        "ts": "1767000005.000100",
        "text": "Nurses at Acme skip the triage form.",
    }
    slack.message_shortcut("reframe_message", problem, name="reframe")
    assert "Problem statement" in str(final_response(fake_slack, "reframe").args["blocks"])


# --- buttons ------------------------------------------------------------------------------------------------


def test_feedback_is_stored_with_the_answers_retrieved_chunk_ids(start_bot, fake_slack):
    bot, slack = start_bot()
    slack.command("ask When should renewal preparation start?", name="ask")
    answer = final_response(fake_slack, "ask").args
    answer_id = buttons(answer["blocks"])["share_answer"]
    stored = bot.deps.state.answer(answer_id)
    assert stored is not None and stored.retrieved and stored.citations

    slack.block_action(
        {"action_id": "answer_feedback", "type": "feedback_buttons", "value": f"bad:{answer_id}"},
        ephemeral=True,
        name="fb",
    )
    thanks = fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/fb")[0].args
    assert "Thanks for telling me" in thanks["text"] and thanks["replace_original"] is False
    [vote] = bot.deps.state.feedback(answer_id)
    assert (vote.user, vote.vote, vote.retrieved) == (USER, "bad", stored.retrieved)


def test_feedback_on_a_thread_answer_is_thanked_ephemerally_in_the_thread(start_bot, fake_slack):
    bot, slack = start_bot()
    slack.event(
        {
            "type": "app_mention",
            "user": USER,
            "text": "<@U0BOT> When should renewal preparation start?",
            "ts": "1767000000.000100",
            "channel": CHANNEL,
            "event_ts": "1767000000.000100",
        }
    )
    post = fake_slack.wait_for("chat.postMessage")[0].args
    feedback = next(b for b in post["blocks"] if b["type"] == "context_actions")["elements"][0]
    value = feedback["positive_button"]["value"]
    slack.block_action(
        {"action_id": "answer_feedback", "type": "feedback_buttons", "value": value},
        message={"ts": "1767000001.000100", "thread_ts": "1767000000.000100"},
    )
    thanks = fake_slack.wait_for("chat.postEphemeral")[0].args
    assert thanks["user"] == USER and thanks["thread_ts"] == "1767000000.000100" and "Glad it helped" in thanks["text"]
    assert [f.vote for f in bot.deps.state.feedback(value.split(":")[1])] == ["good"]


def test_share_to_channel_posts_the_private_answer_for_everyone(slack, fake_slack):
    slack.command("ask When should renewal preparation start?", name="ask")
    answer_id = buttons(final_response(fake_slack, "ask").args["blocks"])["share_answer"]

    slack.block_action({"action_id": "share_answer", "type": "button", "value": answer_id}, ephemeral=True, name="sh")
    shared = fake_slack.wait_for("chat.postMessage")[0].args
    assert shared["channel"] == CHANNEL and "playbooks/renewal-preparation.md" in str(shared["blocks"])
    assert f"Shared by <@{USER}>" in str(shared["blocks"]) and "share_answer" not in str(shared["blocks"])
    assert "Shared in" in fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/sh")[0].args["text"]


def test_share_where_the_bot_is_not_a_member_explains_how_to_invite_it(slack, fake_slack):
    slack.command("ask When should renewal preparation start?", name="ask")
    answer_id = buttons(final_response(fake_slack, "ask").args["blocks"])["share_answer"]
    fake_slack.fail("chat.postMessage", "not_in_channel")
    slack.block_action({"action_id": "share_answer", "type": "button", "value": answer_id}, ephemeral=True, name="sh")
    text = fake_slack.wait_for("response_url", where=lambda c: c.path == "/response/sh")[0].args["text"]
    assert "/invite @csm-copilot" in text


def test_home_quick_action_sends_the_answer_to_the_dm(slack, fake_slack):
    slack.home_action({"action_id": "home_plan", "type": "button", "value": "orbit-freight"})
    plan = fake_slack.wait_for("chat.postMessage")[0].args
    assert plan["channel"] == "D0CSM" and "Success plan: Orbit Freight" in str(plan["blocks"])


def test_a_long_answer_is_split_into_messages_of_at_most_50_blocks(start_bot, fake_slack):
    paragraphs = "\n".join(f"Point {n}: " + "adoption grew in the clinics. " * 90 for n in range(60))
    _, slack = start_bot(skills=echo_skills(paragraphs))
    slack.command("ask anything", name="long")
    final_response(fake_slack, "long")
    sent = fake_slack.settle()
    messages = [c.args for c in sent if c.method in ("response_url", "chat.postMessage") and c.args.get("blocks")]
    assert len(messages) >= 2
    assert all(len(m["blocks"]) <= 50 for m in messages)
    sections = [b["text"]["text"] for m in messages for b in m["blocks"] if b["type"] == "section"]
    assert all(len(s) <= 3000 for s in sections)
    assert "Point 59" in sections[-1] or any("Point 59" in s for s in sections)
