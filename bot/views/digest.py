"""The weekly circle digest, kept within Slack's limits (≤ 50 blocks, ≤ 3000 characters a section)."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.digest import DigestData
from bot.views import projects as project_views
from bot.views.blocks import note, reply
from bot.views.message import Message, message
from bot.views.text import escape, truncate
from bot.views.time import for_everyone

ITEMS_SHOWN = 5  # per section; the rest is "and N more"
SECTION_LIMIT = 3000


def _section(title: str, lines: list[str]) -> SectionBlock:
    shown = lines[:ITEMS_SHOWN]
    if len(lines) > ITEMS_SHOWN:
        shown.append(f"_and {len(lines) - ITEMS_SHOWN} more_")
    return SectionBlock(text=MarkdownTextObject(text=truncate(f"*{title}*\n" + "\n".join(shown), SECTION_LIMIT)))


def _participation(data: DigestData) -> str:
    this_week = data.participation[-1] if data.participation else None
    if this_week is None:
        return ""
    text = f"*Check-ins:* {this_week.answered} of {data.members} members checked in this week"
    if len(data.participation) > 1:
        before = data.participation[-2].answered
        change = this_week.answered - before
        text += f" ({'+' if change > 0 else ''}{change} vs last week)" if change else " (same as last week)"
    return text + "."


def digest_message(data: DigestData) -> Message:
    title = truncate(f"{data.circle_name}: the week of {data.week_start:%b %-d}", 150)
    blocks: list[Block] = [HeaderBlock(text=title)]
    if data.is_empty:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=":seedling: A quiet week. Every circle has them! A small step counts: "
                    "run `/checkin` to share what you're learning, or add a topic for the next meeting."
                )
            )
        )
    else:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_participation(data))))
    if data.highlights:
        blocks.append(
            _section(":bulb: Learning highlights", [f"<@{u}>: {escape(truncate(t, 280))}" for u, t in data.highlights])
        )
    if data.goals_completed:
        blocks.append(
            _section(":dart: Goals completed", [f"<@{u}>: {escape(truncate(t, 150))}" for u, t in data.goals_completed])
        )
    if data.kudos:
        blocks.append(
            _section(
                ":clap: Kudos",
                [
                    f"<@{g}> → <@{r}>" + (f" (*{escape(v)}*)" if v else "") + f": {escape(truncate(m, 150))}"
                    for g, r, m, v in data.kudos
                ],
            )
        )
    if data.resources:
        blocks.append(
            _section(
                ":books: Shared",
                [f"<@{u}>: {url}" + (f" ({escape(truncate(n, 100))})" if n else "") for u, url, n in data.resources],
            )
        )
    if data.streaks:
        blocks.append(_section(":fire: Streaks", [f"<@{u}>: {s} in a row" for u, s in data.streaks]))
    if data.projects:
        blocks.append(_section(":rocket: Projects under way", project_views.digest_lines(data.projects)))
    blocks.append(DividerBlock())
    if data.next_meeting:
        start, leader = data.next_meeting
        line = f":calendar: *Next meeting:* {for_everyone(start, data.tz)}"
        line += f", led by <@{leader}>" if leader else ", leader to be confirmed"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    if data.quiet_members:
        blocks.append(
            note(
                f"{data.quiet_members} {'member has' if data.quiet_members == 1 else 'members have'}"
                "n't checked in for a while. "
                "A friendly word might help."
            )
        )
    blocks.append(
        ActionsBlock(
            block_id="digest-actions",
            elements=[
                ButtonElement(
                    text="Propose a project", action_id=project_views.ProjectAction.PROPOSE, value=str(data.circle_id)
                )
            ],
        )
    )
    return message(f"{data.circle_name}: weekly digest", blocks)


def chart_caption(data: DigestData) -> str:
    return f"Check-in participation in {data.circle_name}, last 8 weeks"


def digest_settings_reply(circle: str, enabled: bool, when: str, skip_empty: bool) -> Message:
    if not enabled:
        return reply(f"The weekly digest of *{escape(circle)}* is off. `/circle digest {circle} on` to restart it.")
    empty = "skipped" if skip_empty else "a short encouraging note"
    return reply(f":newspaper: *{escape(circle)}* gets its digest {when}. Empty weeks get {empty}.")
