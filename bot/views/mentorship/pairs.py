"""What a published pair sees: the introduction, 1:1 nudges, alerts to the admin, `/mentor me`."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.mentorship import (
    CADENCES,
    Nudge,
    ProgramSummary,
    PublishedPair,
)
from bot.views.blocks import note, reply
from bot.views.mentorship.agreements import agree_button
from bot.views.mentorship.ids import MentorAction
from bot.views.message import Message, message
from bot.views.text import escape


def introduction(pair: PublishedPair, program: ProgramSummary) -> Message:
    shared = f" You share an interest in {', '.join(pair.shared_interests)}." if pair.shared_interests else ""
    agenda = [
        "What each of you hopes to get from these months",
        "One skill to focus on first, and how you'll know it's growing",
        f"When you'll meet ({CADENCES.get(program.cadence_days, 'regularly').lower()} works well)",
    ]
    text = (
        f":wave: <@{pair.mentor}>, meet <@{pair.mentee}>! You're paired for *{escape(program.name)}*: "
        f"<@{pair.mentor}> mentors, <@{pair.mentee}> is mentored.{shared}\n"
        f"*Why this pair:* {escape('; '.join(pair.reasons))}\n*Suggested first agenda*\n"
        + "\n".join(f"• {a}" for a in agenda)
    )
    return message(
        text.replace("*", ""),
        [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                block_id=f"mentor-intro-{pair.pair_id}",
                elements=[agree_button(pair.pair_id), _propose_times(pair.pair_id)],
            ),
        ],
    )


def _propose_times(pair_id: int) -> ButtonElement:
    return ButtonElement(text="Propose times", action_id=MentorAction.PROPOSE_TIMES, value=str(pair_id))


def nudge(n: Nudge) -> Message:
    text = ":calendar: Time for your mentorship 1:1. Did you meet since last time?"
    if n.at_risk:
        text = ":warning: It's been a while since you two met. Even 20 minutes helps. Did you manage to meet?"
    value = str(n.pair_id)
    guide = [note(f":compass: *This session:* {escape(n.guide)}")] if n.guide else []
    return message(
        text,
        [
            SectionBlock(text=MarkdownTextObject(text=text)),
            *guide,
            ActionsBlock(
                block_id=f"mentor-nudge-{n.pair_id}-{n.sequence}",
                elements=[
                    ButtonElement(text="We met", action_id=MentorAction.MET, value=value, style="primary"),
                    ButtonElement(text="Rescheduled", action_id=MentorAction.RESCHEDULE, value=value),
                    ButtonElement(text="Need help", action_id=MentorAction.HELP, value=value),
                    _propose_times(n.pair_id),
                ],
            ),
        ],
    )


def help_alert(user_id: str, mentor: str, mentee: str, program: str) -> Message:
    return reply(
        f":sos: <@{user_id}> asked for help with their mentorship pair in *{escape(program)}* "
        f"(<@{mentor}> → <@{mentee}>). Only you see this."
    )


def at_risk_alert(n: Nudge) -> Message:
    return reply(f":warning: The pair <@{n.mentor}> → <@{n.mentee}> has missed two meetings in a row (at risk).")


def my_mentorship(pairs: list[tuple[str, str, str, Any]]) -> Message:
    if not pairs:
        return reply("You're not in a mentorship pair right now. `/mentor profile` to get ready for the next cycle.")
    lines = [
        f"• *{escape(name)}*: you {'mentor' if role == 'mentor' else 'are mentored by'} <@{other}>"
        for name, role, other, _ in pairs
    ]
    return reply("\n".join(lines))


def with_lines(base: Message, lines: list[str]) -> Message:
    """`base` followed by a section per line (e.g. `/mentor me` with the pairs' agreements)."""
    if not lines:
        return base
    blocks = base.get("blocks") or [SectionBlock(text=MarkdownTextObject(text=base["text"])).to_dict()]
    extra = [SectionBlock(text=MarkdownTextObject(text=line)).to_dict() for line in lines]
    return {**base, "blocks": [*blocks, *extra][:50]}


def mentor_guide_dm(program: str, guide: str, channel: str | None) -> Message:
    joined = f"\nYou're invited to <#{channel}> to swap notes with the other mentors." if channel else ""
    return reply(f":compass: *Mentoring in {escape(program)}*\n{escape(guide)}{joined}")


def thanks_post(program: str, mentors: list[str]) -> Message:
    names = ", ".join(f"<@{m}>" for m in mentors)
    return reply(
        f":bouquet: *{escape(program)}* has ended. Thank you to our mentors: {names}. Your time and attention "
        "made this cycle work."
    )


def thanks_dm(program: str) -> Message:
    return reply(f":bouquet: *{escape(program)}* has ended. Thank you for mentoring; your time made a difference.")
