"""A circle and its channel agree: joining or leaving the channel in Slack joins or leaves the circle,
archiving pauses it, a rename is kept, and the hourly reconciliation repairs missed events."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FixedClock
from bot.db.models import CheckinSchedule, Circle, CircleMembership, Member
from jobs.circle_channels import reconcile_circle_channels
from tests.harness import Harness
from tests.test_checkins import sync_profiles


@pytest.fixture
async def rust(timed_bot: Harness) -> tuple[Harness, Circle]:
    bot = timed_bot
    await sync_profiles(bot)
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UBOB", "/circle", "join rust")
    circle = await bot.circle("Rust")
    assert circle is not None
    return bot, circle


def channel_event(kind: str, circle: Circle, user: str) -> dict[str, object]:
    return {"type": kind, "user": user, "channel": circle.channel_id, "channel_type": "C"}


async def active(bot: Harness) -> set[str]:
    return {u for u, m in (await bot.memberships("Rust")).items() if m.left_at is None}


def welcomes(bot: Harness, user: str) -> list[str]:
    return [m.text for m in bot.dms(user) if "so you're now a member of the learning circle" in m.text]


async def test_joining_the_channel_in_slack_joins_the_circle_once(rust: tuple[Harness, Circle]) -> None:
    bot, circle = rust
    bot.double.workspace.channels[circle.channel_id].members.add("UCAROL")
    event = channel_event("member_joined_channel", circle, "UCAROL")
    for retry in (None, 1):  # Slack retries a delivery it didn't hear 200 for: applied once
        answer = await bot.slack.event(event, event_id="Ev0CAROLJOIN", retry_num=retry)
        assert answer.status_code == 200
        await asyncio.sleep(1.05)  # a retry is signed anew, a second later (an identical signature is a replay)
    assert "UCAROL" in await active(bot)
    [member] = await bot.rows(Member, Member.user_id == "UCAROL")
    assert await bot.rows(CheckinSchedule, CheckinSchedule.member_id == member.id)  # she'll be asked to check in
    [welcome] = welcomes(bot, "UCAROL")
    assert "/goal set" in welcome or "/goal set" in str(bot.dms("UCAROL")[-1].blocks)

    # The bot's own membership changes are not people joining.
    await bot.slack.event(channel_event("member_joined_channel", circle, bot.double.workspace.bot_user_id))
    assert bot.double.workspace.bot_user_id not in await bot.memberships("Rust")


async def test_leaving_the_channel_leaves_the_circle_and_keeps_history(rust: tuple[Harness, Circle]) -> None:
    bot, circle = rust
    await bot.slack.event(channel_event("member_left_channel", circle, "UBOB"))
    memberships = await bot.memberships("Rust")
    assert memberships["UBOB"].left_at is not None  # the row stays: history is kept
    assert "UBOB" not in await active(bot)
    # `/circle join` later makes Bob a member again.
    await bot.slack.command("UBOB", "/circle", "join rust")
    assert "UBOB" in await active(bot)


async def test_an_archived_channel_pauses_the_circle(rust: tuple[Harness, Circle], clock: FixedClock) -> None:
    bot, circle = rust
    await bot.digests_tick()  # the first digest: Friday 16:00 UTC
    await bot.slack.event({"type": "channel_archive", "channel": circle.channel_id, "user": "UALICE"})
    await bot.slack.event({"type": "channel_archive", "channel": circle.channel_id, "user": "UALICE"})  # again
    [note] = [m.text for m in bot.dms("UALICE") if "was archived" in m.text]
    assert "is paused" in note
    before = len(bot.double.workspace.messages_in(circle.channel_id))
    clock.advance(datetime(2026, 10, 23, 16, 5, tzinfo=UTC) - clock.now())
    await bot.digests_tick()
    assert len(bot.double.workspace.messages_in(circle.channel_id)) == before  # no digest while archived

    await bot.slack.event({"type": "channel_unarchive", "channel": circle.channel_id, "user": "UALICE"})
    assert any("is back" in m.text for m in bot.dms("UALICE"))
    await bot.digests_tick()  # the minute tick plans the next digest from now: pausing isn't missing
    clock.advance(timedelta(days=7))
    await bot.digests_tick()
    assert any("digest" in m.text.lower() for m in bot.double.workspace.messages_in(circle.channel_id)[before:])


async def test_a_renamed_channel_is_remembered(rust: tuple[Harness, Circle]) -> None:
    bot, circle = rust
    renamed = {"id": circle.channel_id, "name": "rust-learners", "created": 1360782804}
    await bot.slack.event({"type": "channel_rename", "channel": renamed})
    [row] = await bot.rows(Circle, Circle.id == circle.id)
    assert row.channel_name == "rust-learners"


async def test_reconciliation_repairs_missed_events_without_double_welcomes(rust: tuple[Harness, Circle]) -> None:
    bot, circle = rust
    channel = bot.double.workspace.channels[circle.channel_id]
    await bot.slack.command("UALICE", "/circle", "leave rust")  # left the circle, stayed in the channel
    channel.members.add("UCAROL")  # joined while no event reached us
    channel.members.discard("UBOB")  # left while no event reached us
    for _ in range(2):
        await reconcile_circle_channels(bot.deps, bot.deps.gateways(bot.client))
        await bot.tick()  # anything due goes out
    assert await active(bot) == {"UCAROL"}  # Alice stays out: she left the circle herself
    assert len(welcomes(bot, "UCAROL")) == 1
    assert len(await bot.rows(CircleMembership, CircleMembership.circle_id == circle.id)) == 3
