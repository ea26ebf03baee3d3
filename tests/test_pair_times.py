"""**Propose times** for a mentorship pair through the real app: three slots inside both people's
working hours, each with its calendar file, and the pick in both people's feeds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from icalendar import Calendar

from bot.clock import FixedClock
from bot.db.engine import Database
from bot.db.models import PairSession
from bot.errors import InvalidInput
from bot.services.mentorship import sessions
from bot.slack_double import SlackDouble
from bot.views.mentorship import MentorAction
from tests.conftest import make_harness
from tests.harness import Harness, texts
from tests.test_calendars import PUBLIC, feed_token, fetch, valid
from tests.test_catch_up import published

NEW_YORK, BERLIN = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")


@pytest_asyncio.fixture
async def pair(db: Database, double: SlackDouble, clock: FixedClock) -> AsyncIterator[Harness]:
    """Alice (New York) mentors Bob (Berlin), published now, with calendar feeds on."""
    async for bot in make_harness(db, double, clock, circles_public_url=PUBLIC):
        await published(bot, clock)
        yield bot


def group_of(bot: Harness) -> str:
    return next(c.id for c in bot.double.workspace.channels.values() if c.is_mpim and "UBOB" in c.members)


def buttons(blocks: list[dict], action: str) -> list[str]:  # type: ignore[type-arg]
    found = []
    for block in blocks:
        for element in [block.get("accessory") or {}, *block.get("elements", [])]:
            if element.get("action_id") == action:
                found.append(element["value"])
    return found


def inside_both(start: datetime) -> bool:
    for tz in (NEW_YORK, BERLIN):
        local = start.astimezone(tz)
        minutes = local.hour * 60 + local.minute
        if local.weekday() >= 5 or minutes < 9 * 60 or minutes + 30 > 17 * 60:
            return False
    return True


async def test_propose_times_offers_three_slots_inside_both_working_hours_and_the_pick_lands_in_both_feeds(
    pair: Harness, clock: FixedClock
) -> None:
    bot = pair
    group = group_of(bot)
    intro = bot.double.workspace.posts_in(group)[0]
    assert buttons(intro.blocks, MentorAction.PROPOSE_TIMES)  # on the introduction

    clicked = await bot.slack.click_button_in(
        "UBOB", intro.blocks, MentorAction.PROPOSE_TIMES, message={"ts": intro.ts}, channel_id=group
    )
    assert "three times" in texts(clicked.last_reply())
    proposal = bot.double.workspace.posts_in(group)[-1]
    values = buttons(proposal.blocks, MentorAction.PICK_TIME)
    slots = [datetime.fromtimestamp(int(v.split(":")[1]), UTC) for v in values]
    assert len(slots) == 3 and len({s.astimezone(NEW_YORK).date() for s in slots}) == 3
    assert all(inside_both(s) for s in slots), [s.astimezone(NEW_YORK) for s in slots]
    assert all(s > clock.now() + timedelta(hours=12) for s in slots)
    # Each slot's file, in the proposal's thread.
    in_thread = [m for m in bot.double.workspace.messages_in(group) if m.thread_ts == proposal.ts]
    files = [bot.double.workspace.files[f]["content"] for m in in_thread for f in m.files]
    starts = sorted(next(iter(valid(content).walk("VEVENT")))["DTSTART"].dt for content in files)
    assert starts == sorted(slots)

    # Alice picks the second: the pair hears, both feeds hold it, nobody else's does.
    picked = await bot.slack.click_button_in(
        "UALICE",
        proposal.blocks,
        MentorAction.PICK_TIME,
        value=values[1],
        message={"ts": proposal.ts},
        channel_id=group,
    )
    assert "Booked" in texts(picked.last_reply())
    assert "picked your next 1:1" in bot.double.workspace.posts_in(group)[-1].text
    [booked] = await bot.rows(PairSession)
    assert booked.starts_at == slots[1] and booked.chosen_by == "UALICE"
    for user, other in (("UALICE", "bob"), ("UBOB", "alice")):
        _, body, _ = await fetch(bot, await feed_token(bot, user))
        events = [e for e in valid(body).walk("VEVENT") if str(e["SUMMARY"]).startswith("Mentorship 1:1")]
        assert [e["DTSTART"].dt for e in events] == [slots[1]]
        assert other in str(events[0]["SUMMARY"]).lower()
    _, body, _ = await fetch(bot, await feed_token(bot, "UCAROL"))
    assert not list(Calendar.from_ical(body).walk("VEVENT"))

    # A nudge a month on carries the button too; a new pick replaces the old one still ahead.
    clock.advance(timedelta(days=30))
    await bot.mentorship_tick()
    nudge = bot.double.workspace.posts_in(group)[-1]
    assert buttons(nudge.blocks, MentorAction.PROPOSE_TIMES)
    outsider = await bot.slack.click_button_in("UCAROL", nudge.blocks, MentorAction.PROPOSE_TIMES, channel_id=group)
    assert "isn't yours" in texts(outsider.last_reply())


def test_no_shared_working_hours_is_said_plainly() -> None:
    people = sessions.PairPeople(1, "T1", "G1", "UA", "UB", "Asia/Kolkata", "America/Los_Angeles")
    with pytest.raises(InvalidInput, match="don't overlap"):
        sessions.slots_for(people, datetime(2026, 10, 19, tzinfo=UTC))


def test_slots_follow_each_zones_daylight_saving_time() -> None:
    """Europe changes on Oct 25, the US on Nov 1: that week New York and Berlin share 09:00-12:00
    New York time instead of 09:00-11:00; every slot stays inside both days either way."""
    for day in range(20, 40):
        now = datetime(2026, 10, 1, 12, tzinfo=UTC) + timedelta(days=day)
        slots = sessions.propose_slots(("America/New_York", "Europe/Berlin"), now)
        assert len(slots) == 3 and all(inside_both(s) for s in slots)
