"""The App Home tab: the user's accounts by health band with their renewal countdown, at-risk first, and quick
actions (QBR prep, success plan) whose answers arrive in the user's DM.

"My accounts" are those whose profile names the user as CSM (`csm:` in profile.md), matched against what
Slack knows of the user (users.info: real name, display name, email, user id). When none does, or Slack cannot
say who the user is, the tab shows the whole portfolio and says why."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.blocks import actions, button, context, header, mrkdwn_section, truncate
from bot.slack.deps import Deps
from bot.slack.render import BAND_EMOJI, renewal_countdown
from bot.slack.replies import answer_in_dm
from bot.slack.safety import escape_mrkdwn, neutralize_payload, user_message
from bot.slack.skills import SkillRequest

logger = logging.getLogger(__name__)

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
        identities = csm_identities(client, user)
        with deps.core_lock:
            report = deps.skills["health"].run(deps, SkillRequest("health"))
            mine = {a.slug for a in deps.copilot.accounts().managed_by(identities)}
        view = home_view(report, mine)
    except Exception as exc:
        view = {"type": "home", "blocks": [header("Your accounts"), mrkdwn_section(user_message(exc, "home tab"))]}
    client.views_publish(user_id=user, view=neutralize_payload(view))


def csm_identities(client: WebClient, user: str) -> list[str]:
    """What Slack knows the user by (user id, real and display names, email), to match the profiles' `csm`; the
    id alone when users.info fails (a workspace that has not granted users:read, a deleted user)."""
    try:
        info = client.users_info(user=user)["user"]
    except Exception:
        logger.warning("users.info failed for %s: showing the whole portfolio", user, exc_info=True)
        return [user]
    profile = info.get("profile") or {}
    names = [info.get("real_name"), info.get("name"), profile.get("real_name"), profile.get("display_name")]
    return [user, *(n for n in [*names, profile.get("email")] if isinstance(n, str) and n)]


def home_view(report: Any, mine: Iterable[str] = ()) -> dict:
    """The Home tab for a HealthReport: one row and two buttons per account, at-risk first; only the accounts
    in `mine` (slugs) when there are any, else the whole portfolio."""
    mine = set(mine)
    own = [row for row in report.accounts if row.account in mine]
    shown = own or report.accounts
    total = len(report.accounts)
    if own:
        title, scope = "Your accounts", f"{len(own)} of {total} accounts list you as CSM"
    else:
        title, scope = "Accounts", f"{total} accounts · none lists you as CSM (`csm:` in its profile), so all are here"
    rows = shown[:MAX_ACCOUNTS]
    blocks = [header(title), context(f"Health as of {report.as_of} · at-risk first · {scope}")]
    for row in rows:
        blocks += [mrkdwn_section(account_line(row)), account_buttons(row.account)]
    hidden = total - len(rows)
    if hidden:
        blocks.append(context(f"{hidden} more in the portfolio: `/csm health` lists them all."))
    slugs = {row.account for row in shown}
    warned = [w for w in report.early_warnings if w.account in slugs]
    warnings = [f"• *{escape_mrkdwn(w.account)}*: {escape_mrkdwn(w.reason)}" for w in warned]
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
