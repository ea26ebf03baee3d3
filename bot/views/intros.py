"""Introductions: the group's first message, the halfway "Did you meet?", what the organiser and
the paused are told, and `/circles intros`."""

from __future__ import annotations

import calendar
from datetime import datetime
from enum import StrEnum

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, MarkdownTextObject, SectionBlock

from bot.services.intros import GroupIntro, IntroOverview, RoundMade
from bot.views.blocks import note, reply
from bot.views.message import Message, message
from bot.views.text import escape
from bot.views.time import local

CADENCE_WORDS = {"weekly": "every week", "biweekly": "every 2 weeks", "monthly": "every 4 weeks"}


class IntroAction(StrEnum):
    MET = "intro_met"
    NOT_YET = "intro_not_yet"
    SKIPPED = "intro_skipped"
    SKIP_ROUND = "intro_skip_round"
    PAUSE = "intro_pause"
    TIMES = "intro_times"


ANSWER_OF = {
    IntroAction.MET: "met",
    IntroAction.NOT_YET: "not_yet",
    IntroAction.SKIPPED: "skipped",
    IntroAction.SKIP_ROUND: "skipped",
}


def group_intro(intro: GroupIntro) -> Message:
    people = ", ".join(f"<@{user}>" for user, _ in intro.shared_hours) or "you"
    hours = "\n".join(f"• <@{user}>: {span}" for user, span in intro.shared_hours)
    text = (
        f":wave: Hello {people}! You're this round's intro group from <#{intro.channel_id}>: find half an hour "
        f"to meet (a call is fine) before {intro.checkin_at:%b %-d}.\n:speech_balloon: *To break the ice:* "
        f"{escape(intro.icebreaker)}"
    )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text))]
    if hours:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*The working hours you all share:*\n{hours}")))
    value = str(intro.group_id)
    blocks.append(
        ActionsBlock(
            block_id=f"intro-{intro.group_id}-actions",
            elements=[
                ButtonElement(text="Propose times", action_id=IntroAction.TIMES, value=value, style="primary"),
                ButtonElement(text="Skip this round", action_id=IntroAction.SKIP_ROUND, value=value),
                ButtonElement(text="Pause intros", action_id=IntroAction.PAUSE, value=value),
            ],
        )
    )
    return message("Your intro group for this round", blocks)


def did_you_meet(group_id: int) -> Message:
    return message(
        "Half way through this round: did you meet?",
        [
            SectionBlock(text=MarkdownTextObject(text=":handshake: Half way through this round: did you meet?")),
            ActionsBlock(
                block_id=f"intro-{group_id}-met",
                elements=[
                    ButtonElement(text="Yes", action_id=IntroAction.MET, value=str(group_id), style="primary"),
                    ButtonElement(text="Not yet", action_id=IntroAction.NOT_YET, value=str(group_id)),
                    ButtonElement(text="We skipped", action_id=IntroAction.SKIPPED, value=str(group_id)),
                ],
            ),
        ],
    )


ANSWERED = {
    "met": ":tada: Lovely, noted. Thanks for meeting!",
    "not_yet": ":hourglass_flowing_sand: Noted; there's still time this round.",
    "skipped": ":ok_hand: Noted: no meeting this round. You're in the next one.",
}


def answered_reply(said: str) -> Message:
    return reply(ANSWERED[said])


def paused_reply(channel_id: str) -> Message:
    return reply(
        f":zzz: Intros in <#{channel_id}> are paused for you. `/circles intros resume` brings you back any time."
    )


def paused_dm(channel_id: str) -> Message:
    return reply(
        f":zzz: I've paused your intros in <#{channel_id}> after three rounds without a word from you. No worries; "
        "`/circles intros resume` brings you back whenever you like."
    )


def resumed_reply(channels: list[str]) -> Message:
    if not channels:
        return reply("Your intros weren't paused anywhere.")
    return reply(":wave: Welcome back to intros in " + ", ".join(f"<#{c}>" for c in channels) + ".")


def round_report_dm(made: RoundMade) -> Message:
    """To whoever set intros up: a round was made, and who couldn't be placed and why."""
    lines = [f":busts_in_silhouette: Round {made.number} of intros in <#{made.channel_id}>: {made.groups} group(s)."]
    if made.unplaced:
        lines.append("Couldn't place:")
        lines += [f"• <@{user}>: {escape(why)}" for user, why in made.unplaced]
    if made.paused:
        lines.append("Paused after three rounds without an answer: " + ", ".join(f"<@{u}>" for u in made.paused))
    return reply("\n".join(lines))


def times_proposal(slots: list[datetime], people: list[tuple[str, str]]) -> Message:
    if not slots:
        return reply(":calendar: I couldn't find half an hour inside everyone's working hours in the next two weeks.")
    lines = [":calendar: Three times inside everyone's working hours; each one's calendar file is in this thread:"]
    for start in slots:
        lines.append("• " + "; ".join(f"<@{user}> {local(start, tz)}" for user, tz in people))
    return reply("\n".join(lines))


def overview_reply(intros: list[IntroOverview]) -> Message:
    if not intros:
        return reply(
            "No intros yet. Start them in a channel: `/circles intros #channel every 2 weeks groups of 2` "
            "(admins anywhere; a circle's organiser in its channel)."
        )
    lines = []
    for item in intros:
        rate = "-" if item.meeting_rate is None else f"{item.meeting_rate:.0%}"
        when = f"next round {local(item.next_round_at, item.tz)}" if item.active and item.next_round_at else "off"
        lines.append(
            f"• <#{item.channel_id}>: {CADENCE_WORDS.get(item.cadence, item.cadence)} on "
            f"{calendar.day_name[item.weekday]}s, groups of {item.group_size}; {item.rounds} round(s), "
            f"{item.groups} group(s), met in {rate} of the groups that answered; {when}"
        )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text="*Intros*\n" + "\n".join(lines)))]
    blocks.append(note("Change one by running the command again; `/circles intros #channel off` stops it."))
    return message("Intros", blocks)


def configured_reply(item: IntroOverview) -> Message:
    return reply(
        f":busts_in_silhouette: Intros in <#{item.channel_id}>: {CADENCE_WORDS.get(item.cadence, item.cadence)} on "
        f"{calendar.day_name[item.weekday]}s, groups of {item.group_size}. The first round is "
        f"{local(item.next_round_at, item.tz) if item.next_round_at else 'soon'}. Members take part unless they "
        "opt out (**Pause intros**, or `/circles opt-out`); nobody meets the same person again for a while."
    )


def turned_off_reply(channel_id: str) -> Message:
    return reply(f"Intros in <#{channel_id}> are off. Groups already made can still meet.")
