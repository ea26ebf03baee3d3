"""A guest speaker for one circle meeting, through the real app: the leader who gives up the slot
keeps their place in the rotation, nobody else is asked, the announcement and the calendar present
the guest, and the form refuses who may not use it and a guest without a name."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FixedClock
from bot.db.models import LeaderTurn
from bot.services import calendar_feeds, members
from bot.views.guest_modal import CALLBACK_ID, Field
from tests.harness import Harness, texts
from tests.test_circle_rhythm import NAMES, at, press, rust_circle, thursday_six


def asks(bot: Harness) -> list[tuple[str, str]]:
    """Every leader request so far, in order: (ts, user)."""
    return sorted((m.ts, user) for user in NAMES for m in bot.dms(user) if m.blocks and "It's your turn" in m.text)


def guest_form(bot: Harness) -> dict:  # type: ignore[type-arg]
    return next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == CALLBACK_ID)


async def test_a_guest_takes_one_meeting_and_its_leader_keeps_their_place(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    circle = await rust_circle(bot)  # Alice organises; Bob and Carol are members; Thursdays 18:00 Berlin
    await at(bot, clock, thursday_six(0) - timedelta(days=3))
    first = asks(bot)[-1][1]
    await press(bot, first, "leader_accept")
    await at(bot, clock, thursday_six(1) - timedelta(days=3))
    second = asks(bot)[-1][1]
    assert second != first
    await press(bot, second, "leader_accept")

    # Week 1's leader gives their meeting to a guest (a leader may, for their own meeting).
    opened = await bot.slack.command(second, "/circle", "guest Rust on oct 29")
    assert opened.response.status_code == 200
    empty = await bot.slack.submit_view(second, guest_form(bot)["id"], {Field.NAME: "  "})
    assert Field.NAME in empty.json()["errors"]  # a guest without a name: an inline error
    bad_link = await bot.slack.submit_view(second, guest_form(bot)["id"], {Field.NAME: "Ada", Field.LINK: "ftp://x"})
    assert "http(s)" in bad_link.json()["errors"][Field.LINK]
    saved = await bot.slack.submit_view(
        second,
        guest_form(bot)["id"],
        {Field.NAME: "Dr. Ada Byron", Field.TOPIC: "Ownership in practice", Field.LINK: "https://ada.example"},
    )
    assert not saved.response.content
    turns = {t.status for t in await bot.rows(LeaderTurn) if t.reason.startswith("a guest speaker")}
    assert turns == {"skipped"}  # their accepted turn no longer counts as led
    async with bot.deps.db.session() as session:  # calendars show the guest on that occurrence
        member = await members.resolve_member(session, bot.team_id, "UBOB", clock.now())
        [series] = (await calendar_feeds.member_calendar(session, member, clock.now())).series
    guest = next(o for o in series.overrides if o.starts_at == thursday_six(1))
    assert guest.leader == "Dr. Ada Byron (guest speaker)" and guest.topic == "Ownership in practice"

    asked_before = len(asks(bot))
    await at(bot, clock, thursday_six(1) - timedelta(days=1))  # no escalation ask for the guest's meeting
    assert len(asks(bot)) == asked_before
    announcement = bot.double.workspace.posts_in(circle.channel_id)[-1]
    shown = texts({"blocks": announcement.blocks})
    assert "Guest speaker:* Dr. Ada Byron" in shown and "Ownership in practice" in shown

    # Week 2: the one who gave up the slot is next again, ahead of the third member.
    await at(bot, clock, thursday_six(2) - timedelta(days=3))
    assert asks(bot)[-1][1] == second


async def test_only_the_organiser_or_that_meetings_leader_may_invite_a_guest(timed_bot: Harness) -> None:
    bot = timed_bot
    await rust_circle(bot)
    views_before = len(bot.double.workspace.views)
    refused = await bot.slack.command("UCAROL", "/circle", "guest Rust on oct 22")
    assert "Only *Rust*'s organiser" in texts(refused.last_reply())
    assert len(bot.double.workspace.views) == views_before  # refused before any form opened
    wrong_day = await bot.slack.command("UALICE", "/circle", "guest Rust on oct 23")
    assert "doesn't meet on Friday, Oct 23" in texts(wrong_day.last_reply())
    no_date = await bot.slack.command("UALICE", "/circle", "guest Rust")
    assert "`/circle guest Rust on thursday`" in texts(no_date.last_reply())
    await bot.slack.command("UALICE", "/circle", "guest Rust on oct 22")
    assert guest_form(bot)  # the organiser gets the form
