"""Listener unit tests: each surface's listener called directly with Mock(WebClient), fake ack/respond, inline
jobs, and the core on the fixture knowledge base."""

from __future__ import annotations

from types import SimpleNamespace
from unittest.mock import MagicMock

from slack_bolt import BoltResponse
from slack_sdk.errors import SlackApiError

from bot.slack import actions, commands, events, home, shortcuts
from bot.slack.state import StoredAnswer
from tests.slack.doubles import failing_skills

BOT = "U0BOT"


def context(team: str = "T1") -> SimpleNamespace:
    return SimpleNamespace(team_id=team, bot_user_id=BOT)


def posted_text(client: MagicMock) -> str:
    return " ".join(str(call.kwargs) for call in client.chat_postMessage.call_args_list)


# --- events -------------------------------------------------------------------------------------------------


def test_mention_answers_in_the_thread_after_setting_a_status(deps, client):
    set_status = MagicMock()
    event = {"channel": "C1", "user": "U1", "ts": "10.1", "text": f"<@{BOT}> Who is the champion at Acme?"}
    events.on_mention(deps, event, context(), client, set_status)
    assert set_status.call_args.kwargs["loading_messages"]
    kwargs = client.chat_postMessage.call_args.kwargs
    assert kwargs["channel"] == "C1" and kwargs["thread_ts"] == "10.1" and "Priya Nair" in str(kwargs["blocks"])
    assert deps.state.conversation("C1", "10.1").account == "acme-clinics"


def test_a_status_failure_does_not_stop_the_answer(deps, client):
    set_status = MagicMock(side_effect=RuntimeError("not an assistant thread"))
    events.on_mention(
        deps,
        {"channel": "C1", "user": "U1", "ts": "10.1", "text": "Who is the champion at Acme?"},
        context(),
        client,
        set_status,
    )
    assert "Priya Nair" in posted_text(client)


def test_messages_that_are_not_for_the_bot_are_ignored(deps, client):
    deps.state.remember_thread("C1", "10.1", "U1")
    ignored = [
        {"channel": "C1", "user": "U1", "ts": "11.1", "text": "no thread", "channel_type": "channel"},
        {
            "channel": "C1",
            "user": "U1",
            "ts": "11.2",
            "thread_ts": "99.9",
            "text": "unknown thread",
            "channel_type": "channel",
        },
        {
            "channel": "C1",
            "user": "U1",
            "ts": "11.3",
            "thread_ts": "10.1",
            "text": f"<@{BOT}> mention",
            "channel_type": "channel",
        },
        {
            "channel": "C1",
            "bot_id": "B1",
            "ts": "11.4",
            "thread_ts": "10.1",
            "text": "a bot",
            "channel_type": "channel",
        },
        {
            "channel": "C1",
            "user": "U1",
            "ts": "11.5",
            "thread_ts": "10.1",
            "subtype": "message_changed",
            "channel_type": "channel",
        },
        {"channel": "D1", "user": "U1", "ts": "11.6", "subtype": "file_share", "text": "", "channel_type": "im"},
    ]
    for event in ignored:
        events.on_message(deps, event, context(), client, None)
    client.chat_postMessage.assert_not_called()


def test_a_follow_up_in_a_known_thread_and_a_dm_are_answered(deps, client):
    deps.state.remember_thread("C1", "10.1", "U1", "acme-clinics")
    events.on_message(
        deps,
        {
            "channel": "C1",
            "user": "U1",
            "ts": "12.1",
            "thread_ts": "10.1",
            "text": "When is their renewal?",
            "channel_type": "channel",
        },
        context(),
        client,
        None,
    )
    assert "2026-03-01" in posted_text(client)
    events.on_message(
        deps,
        {"channel": "D1", "user": "U1", "ts": "13.1", "text": "health", "channel_type": "im"},
        context(),
        client,
        None,
    )
    last = client.chat_postMessage.call_args.kwargs
    assert last["channel"] == "D1" and last["thread_ts"] == "13.1" and "Portfolio health" in str(last["blocks"])


def test_an_llm_failure_in_a_thread_is_a_reference_not_the_error(deps, client):
    deps.skills = failing_skills("ask")
    events.on_mention(
        deps,
        {"channel": "C1", "user": "U1", "ts": "10.1", "text": "Who is the champion at Acme?"},
        context(),
        client,
        None,
    )
    text = client.chat_postMessage.call_args.kwargs["text"]
    assert "ref `" in text and "sk-secret" not in text


def test_file_shared_only_in_dms_and_never_from_the_bot(deps, client):
    events.on_file_shared(deps, {"channel_id": "C1", "user_id": "U1", "file_id": "F1"}, context(), client)
    events.on_file_shared(deps, {"channel_id": "D1", "user_id": BOT, "file_id": "F1"}, context(), client)
    client.files_info.assert_not_called()
    client.files_info.return_value = {"ok": True, "file": {"id": "F1", "name": "notes.pdf"}}
    events.on_file_shared(deps, {"channel_id": "D1", "user_id": "U1", "file_id": "F1"}, context(), client)
    assert "notes.pdf is not one" in client.chat_postMessage.call_args.kwargs["text"]


def test_a_file_url_outside_slack_never_sees_the_token(deps, client):
    client.files_info.return_value = {
        "ok": True,
        "file": {"id": "F1", "name": "call.txt", "size": 10, "url_private_download": "https://evil.example/call.txt"},
    }
    events.on_file_shared(deps, {"channel_id": "D1", "user_id": "U1", "file_id": "F1"}, context(), client)
    assert "not stored in Slack" in client.chat_postMessage.call_args.kwargs["text"]


def test_home_opened_publishes_the_home_tab_or_sets_prompts(deps, client):
    events.on_home_opened(deps, {"user": "U1", "tab": "home"}, client, None)
    view = client.views_publish.call_args.kwargs["view"]
    assert client.views_publish.call_args.kwargs["user_id"] == "U1" and view["type"] == "home"
    prompts = MagicMock()
    events.on_home_opened(deps, {"user": "U1", "tab": "messages", "channel": "D1"}, client, prompts)
    assert prompts.call_args.kwargs["prompts"][0]["title"] == "Prep a QBR for Acme Clinics"


def test_duplicate_events_are_acked_and_dropped(deps):
    middleware = events.skip_duplicate_events(deps)
    body = {"type": "event_callback", "event_id": "Ev1", "event": {}}
    calls = []
    assert middleware(body, lambda: calls.append(1), MagicMock()) is None and calls == [1]
    dropped = middleware(body, lambda: calls.append(2), MagicMock())
    assert isinstance(dropped, BoltResponse) and dropped.status == 200 and calls == [1]
    middleware({"type": "block_actions"}, lambda: calls.append(3), MagicMock())
    assert calls == [1, 3]


def test_suggested_prompts_are_four_and_name_an_account():
    prompts = events.suggested_prompts(["Orbit Freight"])
    assert len(prompts) == 4 and prompts[1]["message"] == "Draft a success plan for Orbit Freight"


def test_suggested_prompts_name_the_account_most_at_risk_or_any_when_scoring_fails(deps, monkeypatch):
    at_risk_first = [SimpleNamespace(account="orbit-freight", name="Orbit Freight"),
                     SimpleNamespace(account="acme", name="Acme")]  # fmt: skip
    monkeypatch.setattr(events, "ranked_accounts", lambda copilot, as_of: at_risk_first)
    got: dict = {}
    events.suggest_prompts(deps, lambda **kwargs: got.update(kwargs))
    assert got["prompts"][0]["title"] == "Prep a QBR for Orbit Freight"

    def fails(copilot, as_of):
        raise RuntimeError("scoring failed")

    monkeypatch.setattr(events, "ranked_accounts", fails)
    events.suggest_prompts(deps, lambda **kwargs: got.update(kwargs))
    assert got["prompts"][0]["title"] == "Prep a QBR for Acme Clinics"  # the first account by name


# --- /csm ---------------------------------------------------------------------------------------------------


def test_parse_command():
    assert commands.parse_command("").skill == "help"
    assert commands.parse_command("  plan   Acme Clinics ") == commands.SkillRequest("plan", "Acme Clinics")
    assert commands.parse_command("Yes-And they hate it").skill == "yes-and"
    routed = commands.parse_command("how is acme doing?")
    assert (routed.skill, routed.text) == ("route", "how is acme doing?")


def test_csm_acks_then_answers_through_respond(deps, client):
    ack, respond = MagicMock(), MagicMock()
    commands.on_csm(deps, ack, {"text": "health", "channel_id": "C1", "user_id": "U1"}, client, respond)
    assert "Working on portfolio health" in ack.call_args.kwargs["text"]
    final = respond.call_args.kwargs
    assert final["replace_original"] is True and final["response_type"] == "ephemeral"
    assert "Portfolio health on 2026-01-10" in str(final["blocks"])


def test_csm_help_and_usage_need_no_job(deps, client):
    deps.jobs = MagicMock()
    ack = MagicMock()
    commands.on_csm(deps, ack, {"text": "help", "channel_id": "C1", "user_id": "U1"}, client, MagicMock())
    assert ack.call_args.kwargs["blocks"][0]["text"]["text"] == "What I can do"
    commands.on_csm(deps, ack, {"text": "yes-and", "channel_id": "C1", "user_id": "U1"}, client, MagicMock())
    assert "needs some text" in ack.call_args.kwargs["text"]
    deps.jobs.submit.assert_not_called()


# --- shortcuts ----------------------------------------------------------------------------------------------


def test_thread_transcript_uses_names_and_plain_text():
    messages = [
        {
            "user": "U1",
            "text": "Hi <@U2|jordan>, see <https://x.example/doc|the doc> &amp; <#C1|general>",
            "user_profile": {"real_name": "Priya Nair"},
        },
        {"user": "U2", "text": ""},
        {"bot_id": "B1", "username": "csm-copilot", "text": "Answer: 42"},
    ]
    assert shortcuts.thread_transcript(messages) == (
        "Priya Nair: Hi @jordan, see the doc & general\ncsm-copilot: Answer: 42"
    )


def test_check_my_reply_shortcut_answers_privately(deps, client):
    respond = MagicMock()
    shortcut = {
        "callback_id": "check_reply",
        "channel": {"id": "C1"},
        "user": {"id": "U1"},
        "message": {"ts": "1.1", "text": "No, we can't do that."},
    }
    shortcuts.on_message_shortcut(deps, shortcut, client, respond)
    first, final = respond.call_args_list[0].kwargs, respond.call_args_list[-1].kwargs
    assert "Working on it" in first["text"] and final["replace_original"] is True
    assert "No: it blocks without acknowledging first." in str(final["blocks"])


# --- buttons ------------------------------------------------------------------------------------------------


def stored(deps) -> str:
    deps.state.save_answer(
        StoredAnswer(
            id="a1",
            skill="ask",
            request="q",
            text="Answer",
            blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "<!here> hi"}}],
            retrieved=["c1"],
        )
    )
    return "a1"


def test_feedback_is_recorded_and_thanked(deps, client):
    answer = stored(deps)
    body = {"user": {"id": "U1"}, "channel": {"id": "C1"}, "message": {"ts": "5.1", "thread_ts": "5.0"}}
    actions.on_feedback(deps, body, {"value": f"good:{answer}"}, client, MagicMock())
    assert client.chat_postEphemeral.call_args.kwargs["thread_ts"] == "5.0"
    assert [(f.vote, f.retrieved) for f in deps.state.feedback(answer)] == [("good", ["c1"])]


def test_feedback_on_an_unknown_answer_says_so(deps, client):
    respond = MagicMock()
    actions.on_feedback(
        deps, {"user": {"id": "U1"}, "container": {"is_ephemeral": True}}, {"value": "bad:zzz"}, client, respond
    )
    assert "no longer have that answer" in respond.call_args.kwargs["text"]


def test_share_posts_neutralized_blocks_with_credit(deps, client):
    respond = MagicMock()
    actions.on_share(deps, {"user": {"id": "U1"}, "channel": {"id": "C1"}}, {"value": stored(deps)}, client, respond)
    kwargs = client.chat_postMessage.call_args.kwargs
    assert kwargs["channel"] == "C1" and "<!here>" not in str(kwargs["blocks"]) and "Shared by <@U1>" in str(kwargs)
    assert "Shared in <#C1>" in respond.call_args.kwargs["text"]


# --- home ---------------------------------------------------------------------------------------------------


def test_home_view_stays_within_100_blocks_for_a_big_portfolio():
    row = SimpleNamespace(
        account="a",
        name="A <b>",
        score=40,
        band="red",
        drivers=[SimpleNamespace(text="NPS down")],
        renewal_date="2026-02-01",
        days_to_renewal=22,
    )
    report = SimpleNamespace(as_of="2026-01-10", accounts=[row] * 80, early_warnings=[])
    view = home.home_view(report)
    assert len(view["blocks"]) <= 100
    assert (
        "A &lt;b&gt;" in view["blocks"][2]["text"]["text"] and "renews in 22 days" in view["blocks"][2]["text"]["text"]
    )
    assert "40 more" in str(view["blocks"])


def _row(account: str, name: str, score: int) -> SimpleNamespace:
    return SimpleNamespace(account=account, name=name, score=score, band="red" if score < 50 else "green",
                           drivers=[], renewal_date=None, days_to_renewal=None)  # fmt: skip


def test_home_view_shows_the_users_own_accounts_or_says_why_it_shows_them_all():
    warning = SimpleNamespace(account="b", reason="crossed into red")
    report = SimpleNamespace(as_of="2026-01-10", accounts=[_row("b", "Bee", 30), _row("a", "Ay", 80)],
                             early_warnings=[warning])  # fmt: skip
    mine = str(home.home_view(report, {"a"})["blocks"])
    assert "Your accounts" in mine and "1 of 2 accounts list you as CSM" in mine
    assert "*Ay*" in mine and "*Bee*" not in mine and "crossed into red" not in mine  # another CSM's warning
    assert "1 more in the portfolio" in mine
    everyone = str(home.home_view(report, set())["blocks"])
    assert "none lists you as CSM" in everyone and "*Ay*" in everyone and "*Bee*" in everyone
    assert "crossed into red" in everyone


def test_the_users_identities_come_from_users_info_or_are_the_id_alone(client):
    client.users_info.return_value = {
        "ok": True,
        "user": {"id": "U1", "name": "jordan", "real_name": "Jordan Reyes",
                 "profile": {"display_name": "Jordan", "email": "jordan@example.com", "phone": ""}},
    }  # fmt: skip
    assert home.csm_identities(client, "U1") == ["U1", "Jordan Reyes", "jordan", "Jordan", "jordan@example.com"]
    client.users_info.side_effect = SlackApiError("missing_scope", {"ok": False, "error": "missing_scope"})
    assert home.csm_identities(client, "U1") == ["U1"]


def test_suggested_prompts_name_the_users_own_account_most_at_risk(deps, client, monkeypatch):
    at_risk_first = [SimpleNamespace(account="orbit-freight", name="Orbit Freight"),
                     SimpleNamespace(account="acme-clinics", name="Acme Clinics")]  # fmt: skip
    monkeypatch.setattr(events, "ranked_accounts", lambda copilot, as_of: at_risk_first)
    client.users_info.return_value = {"ok": True, "user": {"id": "U1", "real_name": "Jordan Reyes"}}  # Acme's CSM
    got: dict = {}
    events.suggest_prompts(deps, lambda **kwargs: got.update(kwargs), client, "U1")
    assert got["prompts"][0]["title"] == "Prep a QBR for Acme Clinics"
    client.users_info.return_value = {"ok": True, "user": {"id": "U2", "real_name": "Someone Else"}}
    events.suggest_prompts(deps, lambda **kwargs: got.update(kwargs), client, "U2")
    assert got["prompts"][0]["title"] == "Prep a QBR for Orbit Freight"  # the portfolio's most at risk


def test_home_quick_action_answers_in_the_dm(deps, client):
    home.on_quick_action(deps, {"user": {"id": "U1"}}, {"action_id": "home_plan", "value": "acme-clinics"}, client)
    client.conversations_open.assert_called_once_with(users="U1")
    assert client.chat_postMessage.call_args.kwargs["channel"] == "D0CSM"
    assert "Success plan: Acme Clinics" in posted_text(client)
