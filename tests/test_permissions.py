"""Admin-only means refused before any form opens, with a message that says who can; and again on submit."""

from __future__ import annotations

from typing import Any

import pytest

from bot.db.models import Circle, MentorProgram, TeamSettings
from bot.views import mentorship as views
from bot.views.home import HomeAction
from bot.views.mentorship import MentorAction
from tests.harness import Harness, texts
from tests.test_checkins import sync_profiles
from tests.test_mentorship_flow import newest_view

COMMANDS = [
    ("/mentor", "program"),
    ("/mentor", "preview Spring"),
    ("/mentor", "preview No Such Program"),  # refused, without saying whether it exists
    ("/mentor", "lock Spring <@UCAROL|carol> <@UALICE|alice>"),
    ("/mentor", "break Spring <@UCAROL|carol> <@UALICE|alice>"),
    ("/mentor", "publish Spring"),
    ("/circles", "values Curiosity, Ownership"),
    ("/circles", "kudos-channel <#CGENERAL|general>"),
    ("/circles", "kudos-limit 9"),
    ("/circles", "kudos-reaction :clap:"),
    ("/circles", "kudos-in-circle off"),
    ("/circles", "kudos-digest-only on"),
    ("/circles", "admin"),
    ("/circles", "deliveries"),
    ("/circle", "digest Rust off"),  # Alice's circle: Bob doesn't organise it
]


@pytest.fixture
async def program_and_circle(bot: Harness) -> Harness:
    await sync_profiles(bot)  # Alice is a workspace admin; Bob and Carol are not
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UALICE", "/mentor", "program")
    await bot.slack.submit_view(
        "UALICE",
        newest_view(bot, views.PROGRAM_ID)["id"],
        {views.G.NAME: "Spring", views.G.DEADLINE: "2099-01-01", views.G.CHANNELS: ["CGENERAL"]},
    )
    [program] = await bot.rows(MentorProgram)
    assert program.name == "Spring"
    return bot


def refused_naming_an_admin(reply: dict[str, Any]) -> bool:
    shown = texts(reply)
    return "Only Circles admins" in shown and "<@UALICE>" in shown


async def state(bot: Harness) -> tuple[Any, ...]:
    [settings] = await bot.rows(TeamSettings) or [None]
    [circle] = await bot.rows(Circle)
    [program] = await bot.rows(MentorProgram)
    kudos = (settings.kudos_channel_id, settings.kudos_daily_limit, settings.kudos_reaction) if settings else None
    return kudos, circle.digest_enabled, program.status, len(bot.double.workspace.files)


@pytest.mark.parametrize(("command", "text"), COMMANDS)
async def test_each_admin_command_refuses_a_non_admin_first(
    program_and_circle: Harness, command: str, text: str
) -> None:
    bot = program_and_circle
    before, opened = await state(bot), len(bot.double.calls_to("views.open"))
    reply = await bot.slack.command("UBOB", command, text)
    assert refused_naming_an_admin(reply.last_reply()), texts(reply.last_reply())
    assert len(bot.double.calls_to("views.open")) == opened  # no form was opened
    assert await state(bot) == before  # and nothing changed


@pytest.mark.parametrize("action", [MentorAction.PREVIEW, MentorAction.PUBLISH, HomeAction.ADMIN])
async def test_each_admin_button_refuses_a_non_admin(program_and_circle: Harness, action: str) -> None:
    bot = program_and_circle
    [program] = await bot.rows(MentorProgram)
    before = await state(bot)
    clicked = await bot.slack.click("UBOB", action, str(program.id))
    assert refused_naming_an_admin(clicked.last_reply()), texts(clicked.last_reply())
    assert await state(bot) == before


async def test_the_program_form_is_checked_again_on_submit(program_and_circle: Harness) -> None:
    bot = program_and_circle
    await bot.slack.command("UALICE", "/mentor", "program")
    view = newest_view(bot, views.PROGRAM_ID)
    submitted = await bot.slack.submit_view(
        "UBOB", view["id"], {views.G.NAME: "Bob's own", views.G.DEADLINE: "2099-01-01"}
    )
    assert "Only Circles admins" in str(submitted.response.content) or refused_naming_an_admin(submitted.last_reply())
    assert [p.name for p in await bot.rows(MentorProgram)] == ["Spring"]


async def test_an_admin_still_gets_the_form(program_and_circle: Harness) -> None:
    bot = program_and_circle
    opened = len(bot.double.calls_to("views.open"))
    await bot.slack.command("UALICE", "/mentor", "program")
    assert len(bot.double.calls_to("views.open")) == opened + 1
