"""The App Home tab: the accounts by health band with their renewal countdown, at-risk first, and quick actions
(QBR prep, success plan) whose answers arrive in the user's DM."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.blocks import actions, button, context, header, mrkdwn_section, truncate
from bot.slack.deps import Deps
from bot.slack.render import BAND_EMOJI, renewal_countdown
from bot.slack.replies import answer_in_dm
from bot.slack.safety import escape_mrkdwn, neutralize_payload, user_message
from bot.slack.skills import SkillRequest

HOME_ACTIONS = {"home_qbr": "qbr", "home_plan": "plan"}
MAX_ACCOUNTS = 40  # two blocks each; a Home tab holds at most 100 blocks


def register(app: App, deps: Deps) -> None:
    @app.action(re.compile(f"^({'|'.join(HOME_ACTIONS)})$"))
    def quick_action(ack, body: dict, action: dict, client: WebClient) -> None:
        ack()
        on_quick_action(deps, body, action, client)


def on_quick_action(deps: Deps, body: dict, action: dict, client: WebClient) -> None:
    request = SkillRequest(HOME_ACTIONS[action["action_id"]], text=action["value"], account=action["value"])
    deps.jobs.submit(answer_in_dm, deps, client, body["user"]["id"], request)


def publish_home(deps: Deps, client: WebClient, user: str) -> None:
    """Score the portfolio and publish the user's Home tab; a failure shows a short message there instead."""
    try:
        with deps.core_lock:
            report = deps.skills["health"].run(deps, SkillRequest("health"))
        view = home_view(report)
    except Exception as exc:
        view = {"type": "home", "blocks": [header("Your accounts"), mrkdwn_section(user_message(exc, "home tab"))]}
    client.views_publish(user_id=user, view=neutralize_payload(view))


def home_view(report: Any) -> dict:
    """The Home tab for a HealthReport: one row and two buttons per account, at-risk first."""
    rows = report.accounts[:MAX_ACCOUNTS]
    blocks = [
        header("Your accounts"),
        context(f"Health as of {report.as_of} · at-risk first · {len(report.accounts)} accounts"),
    ]
    for row in rows:
        blocks += [mrkdwn_section(account_line(row)), account_buttons(row.account)]
    if len(report.accounts) > len(rows):
        blocks.append(context(f"{len(report.accounts) - len(rows)} more: `/csm health` lists them all."))
    warnings = [f"• *{escape_mrkdwn(w.account)}*: {escape_mrkdwn(w.reason)}" for w in report.early_warnings]
    if warnings:
        blocks.append(mrkdwn_section(truncate("*Early warnings*\n" + "\n".join(warnings), 3000)))
    blocks.append(context("Ask me anything in the Messages tab, mention me in a channel, or try `/csm help`."))
    return {"type": "home", "blocks": blocks}


def account_line(row: Any) -> str:
    driver = f"\n_{escape_mrkdwn(truncate(row.drivers[0].text, 200))}_" if row.drivers else ""
    countdown = renewal_countdown(row.days_to_renewal, row.renewal_date)
    emoji = BAND_EMOJI.get(row.band, "")
    return f"{emoji} *{escape_mrkdwn(row.name)}* · health {row.score} ({row.band}) · {countdown}{driver}"


def account_buttons(slug: str) -> dict:
    return actions(button("Prep QBR", "home_qbr", slug), button("Success plan", "home_plan", slug))
