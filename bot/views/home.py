"""The App Home tab: onboarding for first-time visitors, then "my circles, my goals, my streak"."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.services.home import HomeData
from bot.services.insights import WeekFigures
from bot.views.blocks import note, progress_bar
from bot.views.mentor_goals import shared_goal_blocks
from bot.views.mentorship.agreements import agreement_lines
from bot.views.text import escape, truncate
from bot.views.time import local

SHOWN = 8  # per list; the rest behind "see all"


class HomeAction(StrEnum):
    BROWSE = "home_browse_circles"
    NEW_GOAL = "home_new_goal"
    CHECKIN = "home_checkin_now"
    SETTINGS = "home_checkin_settings"
    GOAL_DONE = "home_goal_done"
    ALL_GOALS = "home_all_goals"
    ADMIN = "home_admin_insights"
    OPT_IN = "home_opt_in"
    CALENDAR = "home_calendar"


def _onboarding() -> list[Block]:
    return [
        HeaderBlock(text="Welcome to Circles"),
        SectionBlock(
            text=MarkdownTextObject(
                text="*Learning circles* are small groups that learn a topic together: they meet on a rhythm, "
                "take turns leading, and share what they find.\n"
                "*Check-ins* are a short DM at your local time about your goals. Two minutes, and you can "
                "pause or skip any time.\n"
                "*Kudos* thank a colleague who helped you learn: `/kudos @someone for …`."
            )
        ),
        note("Start by joining a circle and setting one goal. Everything here updates as you go."),
    ]


def _circles(data: HomeData) -> list[Block]:
    blocks: list[Block] = [HeaderBlock(text="My circles")]
    if not data.circles:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="You're not in a circle yet.")))
    for circle in data.circles[:SHOWN]:
        line = f"*{escape(circle.name)}* · <#{circle.channel_id}>"
        if circle.next_meeting:
            line += f"\nNext meeting: {local(circle.next_meeting, data.tz)}"
            if circle.leading:
                line += " · :microphone: *you lead*"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    if len(data.circles) > SHOWN:
        blocks.append(note(f"and {len(data.circles) - SHOWN} more: `/circle list` shows them all"))
    return blocks


def _goals(data: HomeData) -> list[Block]:
    blocks: list[Block] = [HeaderBlock(text="My goals")]
    if not data.goals:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="No open goals. What would you like to learn next?")))
    for goal in data.goals[:SHOWN]:
        line = f"*#{goal.number} {escape(truncate(goal.title, 120))}*\n{progress_bar(goal.progress)} {goal.progress}%"
        if goal.due_date:
            line += f" · due {goal.due_date:%b %-d}"
        blocks.append(
            SectionBlock(
                block_id=f"home-goal-{goal.number}",
                text=MarkdownTextObject(text=line),
                accessory=ButtonElement(text="Done", action_id=HomeAction.GOAL_DONE, value=str(goal.number)),
            )
        )
    if len(data.goals) > SHOWN:
        blocks.append(
            ActionsBlock(
                block_id="home-all-goals",
                elements=[
                    ButtonElement(text=f"See all {len(data.goals)} goals", action_id=HomeAction.ALL_GOALS, value="all")
                ],
            )
        )
    return blocks


def _rhythm(data: HomeData) -> list[Block]:
    if data.opted_out:
        return [
            SectionBlock(
                text=MarkdownTextObject(text=":no_bell: You opted out: no DMs, no leading, no matching."),
                accessory=ButtonElement(text="Opt back in", action_id=HomeAction.OPT_IN, value="in"),
            )
        ]
    line = f":fire: Check-in streak: *{data.streak.current}* (best {data.streak.best})"
    if data.next_prompt:
        line += f"\nNext check-in: {local(data.next_prompt, data.tz)}"
    lines = [line]
    if data.kudos_received:
        recent = "\n".join(f"• <@{g}>: {escape(truncate(m, 100))}" for g, m, _ in data.kudos_recent if g)
        lines.append(f":clap: Kudos received: *{data.kudos_received}*" + (f"\n{recent}" if recent else ""))
    for program, role, other, next_check in data.mentorship[:3]:
        who = f"you mentor <@{other}>" if role == "mentor" else f"<@{other}> mentors you"
        when = f" · next 1:1 check-in {local(next_check, data.tz)}" if next_check else ""
        lines.append(f":handshake: *{escape(program)}*: {who}{when}")
    if not data.mentorship:
        lines.append(":handshake: No mentorship pair right now: `/mentor profile` to be ready for the next cycle.")
    lines += agreement_lines(data.agreements)
    if data.badges:
        shown = ", ".join(f"{emoji} {escape(name)}" for emoji, name in data.badges[:8])
        lines.append(f":medal: Badges: {shown}" + (f" (+{len(data.badges) - 8} more)" if len(data.badges) > 8 else ""))
    return [SectionBlock(text=MarkdownTextObject(text="\n\n".join(lines)))]


def _figure(value: float | int | None, percent: bool = False) -> str:
    if value is None:
        return "<5"
    return f"{value:.0%}" if percent else str(value)


def _admin(week: WeekFigures) -> list[Block]:
    parts = [
        f"Active members: *{_figure(week.active_members)}*",
        f"check-in response: *{_figure(week.checkin_response_rate, percent=True)}*",
        f"goals set/done: *{_figure(week.goals_set)}/{_figure(week.goals_completed)}*",
        f"kudos: *{_figure(week.kudos_given)}*",
        f"meetings: *{week.meetings_held}*",
    ]
    text = " · ".join(parts)
    return [
        DividerBlock(),
        HeaderBlock(text="Admin: this week"),
        SectionBlock(
            text=MarkdownTextObject(text=text),
            accessory=ButtonElement(text="Insights & CSV", action_id=HomeAction.ADMIN, value="admin"),
        ),
        note("Figures from fewer than 5 people show as <5."),
    ]


def home_view(data: HomeData) -> dict[str, Any]:
    blocks: list[Block] = _onboarding() if data.first_visit else []
    blocks += [
        ActionsBlock(
            block_id="home-actions",
            elements=[
                ButtonElement(text="Join a circle", action_id=HomeAction.BROWSE, value="browse", style="primary"),
                ButtonElement(text="New goal", action_id=HomeAction.NEW_GOAL, value="new"),
                ButtonElement(text="Check in now", action_id=HomeAction.CHECKIN, value="now"),
                ButtonElement(text="Check-in settings", action_id=HomeAction.SETTINGS, value="settings"),
                ButtonElement(text="My calendar", action_id=HomeAction.CALENDAR, value="calendar"),
            ],
        ),
        *_rhythm(data),
        DividerBlock(),
        *_circles(data),
        DividerBlock(),
        *_goals(data),
    ]
    if data.mentee_goals:  # a mentor's view of what their mentees shared, with a Comment button each
        blocks += [DividerBlock(), *shared_goal_blocks(data.mentee_goals)]
    if data.admin_week is not None:
        blocks += _admin(data.admin_week)
    blocks.append(note("`/circle help` · `/goal help` · `/checkin help` · `/kudos help` · `/circles privacy`"))
    return View(type="home", blocks=blocks[:100]).to_dict()
