"""App Home follows every change it shows, queued in the change's own transaction (no handler has to
remember to refresh it). One case per change, each done through the real app by a member who has
opened Home before."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.db.models import Outbox
from bot.views.checkin_settings import Field as SettingsField
from tests.harness import Harness, texts
from tests.test_checkins import sync_profiles


async def home_of(bot: Harness, user: str) -> str:
    return texts(bot.double.workspace.home_views[user])


async def command(bot: Harness, user: str, name: str, text: str) -> None:
    reply = await bot.slack.command(user, name, text)
    assert reply.response.status_code == 200


async def settings_form(bot: Harness) -> None:
    await bot.slack.command("UBOB", "/checkin", "settings")
    view_id = next(
        v["id"] for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "checkin_settings_modal"
    )
    saved = await bot.slack.submit_view(
        "UBOB", view_id, {SettingsField.CADENCE: "weekly", SettingsField.WEEKDAY: "3", SettingsField.TIME: "08:30"}
    )
    assert not saved.response.content


Change = Callable[[Harness], Awaitable[None]]


def does(user: str, name: str, text: str) -> Change:
    return lambda bot: command(bot, user, name, text)


# (the change, whose Home shows it, what is done through the app, what Home then shows (None: it
# changed), what it no longer shows)
CHANGES: list[tuple[str, str, Change, str | None, str | None]] = [
    ("join a circle", "UBOB", does("UBOB", "/circle", "join rust"), "*Rust*", "not in a circle yet"),
    ("leave a circle", "UCAROL", does("UCAROL", "/circle", "leave rust"), "not in a circle yet", "*Rust*"),
    ("set a goal", "UBOB", does("UBOB", "/goal", "set Learn Go"), "#2 Learn Go", None),
    ("update a goal", "UCAROL", does("UCAROL", "/goal", "update 1 60% chapter 5"), "60%", None),
    ("finish a goal", "UCAROL", does("UCAROL", "/goal", "done 1"), "No open goals", "Read DDIA"),
    ("pause check-ins", "UCAROL", does("UCAROL", "/checkin", "pause 2099-12-31"), None, None),
    ("resume check-ins", "UBOB", does("UBOB", "/checkin", "resume"), None, None),
    ("receive kudos", "UBOB", does("UALICE", "/kudos", "<@UBOB|bob> for the talk"), "Kudos received: *1*", None),
    ("opt out", "UCAROL", does("UCAROL", "/circles", "opt-out"), "You opted out", None),
    ("change check-in settings", "UBOB", settings_form, "08:30 (Europe/Berlin)", "10:00 (Europe/Berlin)"),
]


@pytest.fixture
async def visited(bot: Harness) -> Harness:
    """Bob has a goal and no circle; Carol is in Rust with a goal; both have opened Home."""
    await sync_profiles(bot)
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UCAROL", "/circle", "join rust")
    await bot.slack.command("UCAROL", "/goal", "set Read DDIA")
    await bot.slack.command("UBOB", "/goal", "set Warm up")
    await bot.slack.command("UBOB", "/checkin", "pause 2099-12-31")  # to be resumed
    for user in ("UBOB", "UCAROL"):
        await bot.slack.event({"type": "app_home_opened", "user": user, "tab": "home"})
    return bot


@pytest.mark.parametrize(("change", "user", "action", "shown", "gone"), CHANGES, ids=[c[0] for c in CHANGES])
async def test_home_follows_each_change(
    visited: Harness, change: str, user: str, action: Change, shown: str | None, gone: str | None
) -> None:
    bot = visited
    before = await home_of(bot, user)
    assert shown is None or shown not in before
    await action(bot)
    after = await home_of(bot, user)
    assert after != before if shown is None else shown in after, after
    assert gone is None or gone not in after
    # One row per member, re-armed by each change: nothing piles up.
    rows = await bot.rows(Outbox, Outbox.method == "views.publish", Outbox.channel == user)
    assert [r.key for r in rows] == [f"home:{user}"] and rows[0].status == "sent"


async def test_people_who_never_opened_home_are_not_published_to(visited: Harness) -> None:
    bot = visited
    await bot.slack.command("UALICE", "/goal", "set Learn Rust")  # Alice never opened Home
    assert "UALICE" not in bot.double.workspace.home_views
    assert await bot.rows(Outbox, Outbox.method == "views.publish", Outbox.channel == "UALICE") == []
