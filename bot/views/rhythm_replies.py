"""Replies about a circle's rhythm: schedule saved, the leader queue, topics, resources, away."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.meetings import LeadersOverview, ScheduleSummary
from bot.services.resources import SharedResource
from bot.views.blocks import note, reply
from bot.views.message import Message, message
from bot.views.text import escape, truncate
from bot.views.time import local

RESOURCES_PAGE = 10
STATUS_WORDS = {
    "accepted": "led",
    "asked": "asked",
    "skipped": "skipped",
    "expired": "no answer",
    "swapped": "swapped",
    "declined": "declined a swap",
}


class ResourceAction(StrEnum):
    MORE = "resources_more"


def schedule_saved(circle: str, schedule: ScheduleSummary, upcoming: list[datetime], viewer_tz: str) -> Message:
    lines = [f":calendar: *{escape(circle)}*: {schedule.description}."]
    if upcoming:
        lines.append("Next: " + "; ".join(local(at, viewer_tz) for at in upcoming))
        lines.append(f"I'll ask the next leader {schedule.lead_days} day(s) before each meeting.")
    return reply("\n".join(lines))


def leaders_reply(overview: LeadersOverview, viewer_tz: str) -> Message:
    blocks: list[Block] = [HeaderBlock(text=truncate(f"Leaders of {overview.circle.name}", 150))]
    lines = []
    for entry in overview.queue[:30]:
        candidate = entry.candidate
        led = f"led {candidate.turns}x" if candidate.turns else "hasn't led yet"
        reason = f" — _passed over: {entry.passed_over}_" if entry.passed_over else ""
        lines.append(f"{entry.position}. <@{candidate.user_id}> ({led}){reason}")
    blocks.append(SectionBlock(text=MarkdownTextObject(text="*Queue*\n" + ("\n".join(lines) or "No members yet."))))
    history = []
    for row in overview.history:
        steps = ", ".join(f"<@{u}> {STATUS_WORDS.get(s, s)}" for u, s in row.asked) or "nobody asked yet"
        history.append(f"• {local(row.starts_at, viewer_tz)}: {steps}")
    blocks.append(
        SectionBlock(
            text=MarkdownTextObject(text=truncate("*Recent meetings*\n" + ("\n".join(history) or "None yet."), 3000))
        )
    )
    blocks.append(
        note(
            "Fewest turns first, then who waited longest; newcomers join the end of the round. "
            "Away, paused or skipping members keep their place."
        )
    )
    return message(f"Leader rotation of {overview.circle.name}", blocks)


def away_reply(until: date | None) -> Message:
    if until is None:
        return reply(":wave: Welcome back! You're in the leader rotation again.")
    return reply(
        f":palm_tree: You're away until {until:%A, %b %-d}: I won't ask you to lead until then. "
        "`/circle back` ends it early."
    )


def topics_reply(circle: str, topics: list[str]) -> Message:
    lines = "\n".join(f"{n}. {escape(truncate(t, 200))}" for n, t in enumerate(topics[:40], start=1))
    blocks: list[Block] = [
        HeaderBlock(text=truncate(f"Topics for {circle}", 150)),
        SectionBlock(text=MarkdownTextObject(text=lines or "The queue is empty. Add one: `/circle topic add <text>`")),
        note("`/circle topic add <text>` · `/circle topic top <n>` · `/circle topic remove <n>`"),
    ]
    return message(f"{len(topics)} topics queued for {circle}", blocks)


def resources_reply(circle_id: int, circle: str, items: list[SharedResource], total: int, offset: int) -> Message:
    blocks: list[Block] = [HeaderBlock(text=truncate(f"Resources of {circle}", 150))]
    for item in items:
        line = f"<{item.url}|{escape(truncate(item.url, 80))}>"
        if item.note:
            line += f"\n{escape(truncate(item.note, 300))}"
        line += f"\n_shared by <@{item.shared_by}> on {item.created_at:%b %-d, %Y}_"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    if not items:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text="Nothing shared yet. `/circle share <circle> <url> [note]`"))
        )
    shown_to = offset + len(items)
    if shown_to < total:
        blocks.append(
            ActionsBlock(
                block_id="resources-more",
                elements=[
                    ButtonElement(
                        text=f"Older ({total - shown_to} more)",
                        action_id=ResourceAction.MORE,
                        value=f"{circle_id}:{shown_to}",
                    )
                ],
            )
        )
    blocks.append(note(f"Showing {offset + 1 if items else 0} to {shown_to} of {total}"))
    return message(f"{total} resources in {circle}", blocks)


def resource_post(resource: SharedResource, circle: str) -> Message:
    text = f":books: <@{resource.shared_by}> shared a resource with *{escape(circle)}*: {resource.url}"
    if resource.note:
        text += f"\n>{escape(truncate(resource.note, 500))}"
    return reply(text)


def shared_reply(circle: str, channel: str) -> Message:
    return reply(f":books: Saved and shared in <#{channel}>. `/circle resources {circle}` lists everything shared.")
