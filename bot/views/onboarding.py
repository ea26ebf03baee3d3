"""Onboarding: the welcome DM (circles that fit, a first goal, a mentorship profile), the buddy
introduction, and the day-7 and day-30 check-ins."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, MarkdownTextObject, SectionBlock

from bot.services.onboarding import Welcome, render
from bot.views.blocks import note, reply
from bot.views.circle_list import ListAction
from bot.views.home import HomeAction
from bot.views.message import Message, message
from bot.views.text import escape

PROFILE = "onboarding_profile"  # opens the mentorship profile form


def welcome_dm(welcome: Welcome, circles: list[tuple[int, str, str]]) -> Message:
    text = render(welcome.texts, "welcome", name=welcome.name, workspace=welcome.workspace or "the team", buddy="")
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=escape(text)))]
    for circle_id, name, channel in circles:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=f"*{escape(name)}* · <#{channel}>"),
                accessory=ButtonElement(text="Join", action_id=ListAction.JOIN, value=str(circle_id)),
            )
        )
    blocks.append(
        ActionsBlock(
            block_id="onboarding-start",
            elements=[
                ButtonElement(text="Set a first goal", action_id=HomeAction.NEW_GOAL, style="primary"),
                ButtonElement(text="Mentorship profile", action_id=PROFILE),
            ],
        )
    )
    blocks.append(note("Circles' App Home shows all of it; `/circles opt-out` and I'll stay quiet."))
    return message(text, blocks)


def buddy_intro(newcomer: str, buddy: str) -> Message:
    return reply(
        f":handshake: <@{newcomer}>, meet <@{buddy}>, your onboarding buddy: someone to ask the small questions "
        "and the big ones. A coffee (or a call) this week? I'll check in with you both at day 7 and day 30."
    )


def checkin(text: str) -> Message:
    return reply(escape(text))
