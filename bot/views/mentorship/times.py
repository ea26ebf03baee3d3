"""A pair's 1:1 times: three proposed slots (each with a Pick button and its calendar file), the pick."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import Block, ButtonElement, MarkdownTextObject, SectionBlock

from bot.services.mentorship.sessions import PairPeople
from bot.services.schedule import zone
from bot.views.blocks import note, reply
from bot.views.mentorship.ids import MentorAction
from bot.views.message import Message, message


def _both_zones(people: PairPeople, start: datetime) -> str:
    mentor, mentee = start.astimezone(zone(people.mentor_tz)), start.astimezone(zone(people.mentee_tz))
    return (
        f"*{mentor:%a %b %-d}*: {mentor:%H:%M} for <@{people.mentor}> ({people.mentor_tz}) · "
        f"{mentee:%a %-d, %H:%M} for <@{people.mentee}> ({people.mentee_tz})"
    )


def pick_value(people: PairPeople, start: datetime) -> str:
    return f"{people.pair_id}:{int(start.timestamp())}"


def times_proposal(people: PairPeople, slots: list[datetime], by_user: str) -> Message:
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f":calendar: <@{by_user}> asked for times for your next 1:1. These 30 minutes are inside "
                "both your working hours (09:00-17:00 where each of you is):"
            )
        )
    ]
    for start in slots:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=_both_zones(people, start)),
                accessory=ButtonElement(
                    text="Pick this", action_id=MentorAction.PICK_TIME, value=pick_value(people, start)
                ),
            )
        )
    blocks.append(note("Each time's calendar file is in this thread. Picking one puts it in both your calendars."))
    return message("Three times for your next 1:1", blocks)


def time_picked(people: PairPeople, start: datetime, by_user: str) -> Message:
    return reply(
        f":white_check_mark: <@{by_user}> picked your next 1:1: {_both_zones(people, start)}. "
        "It's in both your Circles calendars (`/circles calendar`); the file is in this thread."
    )


def proposed_reply() -> Message:
    return reply(":calendar: I posted three times in your pair's DM. Either of you can pick one.")


def picked_reply(people: PairPeople, start: datetime) -> Message:
    return reply(f"Booked: {_both_zones(people, start)}.")
