"""A cycle's invitation, enrolment reminder and confirmation, the list of cycles, and `/mentor help`."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.mentorship import ProgramSummary
from bot.views.blocks import note, reply
from bot.views.mentorship.ids import MentorAction
from bot.views.message import Message, message
from bot.views.text import escape, truncate


def invitation(program: ProgramSummary) -> Message:
    text = (
        f":handshake: *{escape(program.name)}*, a {program.length_months}-month mentorship cycle, "
        f"is open for enrolment until {program.enrolment_deadline:%A, %b %-d}."
    )
    if program.goals:
        text += f"\n>{escape(truncate(program.goals, 500))}"
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=text)),
        ActionsBlock(
            block_id=f"mentor-join-{program.id}",
            elements=[ButtonElement(text="Join", action_id=MentorAction.JOIN, value=str(program.id), style="primary")],
        ),
        note("Mentor, be mentored, or both. You'll fill in a short profile so the match fits."),
    ]
    return message(f"{program.name}: mentorship enrolment is open", blocks)


def reminder(program: ProgramSummary) -> Message:
    text = f":hourglass: Enrolment in *{escape(program.name)}* closes tomorrow. Want a mentor, or to be one?"
    return message(
        text,
        [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                block_id=f"mentor-join-{program.id}",
                elements=[
                    ButtonElement(text="Join", action_id=MentorAction.JOIN, value=str(program.id), style="primary")
                ],
            ),
        ],
    )


def joined_reply(program: ProgramSummary, has_profile: bool) -> Message:
    text = f":white_check_mark: You're enrolled in *{escape(program.name)}*."
    text += (
        " Your profile is ready."
        if has_profile
        else " Next: fill in your profile so the match fits (the form is open)."
    )
    return reply(text)


def programs_reply(programs: list[ProgramSummary]) -> Message:
    blocks: list[Block] = [HeaderBlock(text="Mentorship programs")]
    if not programs:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text="None yet. An admin starts one with `/mentor program`."))
        )
    for program in programs[:20]:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{escape(program.name)}* · {program.status} · "
                    f"enrol by {program.enrolment_deadline:%b %-d} · {program.length_months} months"
                ),
                accessory=ButtonElement(text="Preview matches", action_id=MentorAction.PREVIEW, value=str(program.id))
                if program.status in ("enrolling", "proposed")
                else None,
            )
        )
    return message("Mentorship programs", blocks)


def mentor_help() -> Message:
    lines = [
        "`/mentor profile` — what you offer and want, and your matching preferences",
        "`/mentor me` — your current pair, (for mentors) the goals your mentees shared with you, and "
        "**Plan a stretch assignment** together",
        "`/mentor programs` — cycles, with a Preview button for admins",
        "`/mentor join <program>` — enrol in a cycle",
        "In your pair's DM: *Propose times* offers three 1:1 slots inside both your working hours",
        "Admins: `/mentor program` (start a cycle), `/mentor preview|publish <program>`,"
        " `/mentor lock|break <program> @mentor @mentee`",
    ]
    return message(
        "How to use /mentor",
        [HeaderBlock(text="Mentorship"), SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))],
    )
