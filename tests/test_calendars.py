"""Calendars through the real app: every feed and file read back with `icalendar` and expanded with
`recurring-ical-events`, an independent reader of RFC 5545 series."""

from __future__ import annotations

import calendar as months
import itertools
import json
import re
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest_asyncio
import recurring_ical_events
from icalendar import Calendar
from sqlalchemy import select

from bot.clock import FixedClock
from bot.db.engine import Database
from bot.db.models import CalendarFeed
from bot.slack_double import SlackDouble
from bot.views.calendar import CalendarAction
from bot.views.schedule_modal import Field
from tests.conftest import START, make_harness
from tests.harness import Harness, texts
from tests.test_checkins import sync_profiles
from tests.test_circle_rhythm import at, press, schedule

BERLIN = ZoneInfo("Europe/Berlin")
PUBLIC = "https://circles.test"
FEED = re.compile(re.escape(PUBLIC) + r"/calendar/([A-Za-z0-9_-]+)\.ics")
REQUIRED = ("UID", "DTSTAMP", "DTSTART")


@pytest_asyncio.fixture
async def cal_bot(db: Database, double: SlackDouble, clock: FixedClock) -> AsyncIterator[Harness]:
    async for harness in make_harness(db, double, clock, circles_public_url=PUBLIC):
        yield harness


async def feed_token(bot: Harness, user: str) -> str:
    said = texts((await bot.slack.command(user, "/circles", "calendar")).last_reply())
    found = FEED.search(said)
    assert found, said
    return found.group(1)


async def fetch(bot: Harness, token: str, **headers: str) -> tuple[int, bytes, dict[str, str]]:
    response = await bot.http.get(f"/calendar/{token}.ics", headers=headers)
    return response.status_code, response.content, dict(response.headers)


async def read_feed(bot: Harness, user: str) -> Calendar:
    status, body, _ = await fetch(bot, await feed_token(bot, user))
    assert status == 200
    return valid(body)


def valid(body: bytes) -> Calendar:
    """Parsed, with what RFC 5545 requires of the calendar and of every event."""
    cal = Calendar.from_ical(body)
    assert cal.get("PRODID") and str(cal.get("VERSION")) == "2.0"
    events = list(cal.walk("VEVENT"))
    assert events, "no events"
    for event in events:
        for name in REQUIRED:
            assert event.get(name) is not None, f"{name} missing in {event.get('SUMMARY')}"
    zones = {str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")}
    for event in events:
        tzid = event["DTSTART"].params.get("TZID")
        assert tzid is None or tzid in zones, f"no VTIMEZONE for {tzid}"
    return cal


def starts(cal: Calendar, begin: date, end: date) -> list[datetime]:
    return sorted(e["DTSTART"].dt for e in recurring_ical_events.of(cal).between(begin, end))


async def weekly_rust(bot: Harness, **values: str) -> None:
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UBOB", "/circle", "join rust")
    fields = {
        Field.CADENCE: "weekly",
        Field.WEEKDAY: "3",
        Field.TIME: "15:00",
        Field.TZ: "Europe/Berlin",
        Field.LINK: "https://meet.example/rust",
        Field.START: "2026-10-19",
    }
    await schedule(bot, "UALICE", "Rust", {**fields, **values})


async def test_a_weekly_thursday_berlin_circle_stays_at_15_local_across_both_dst_changes(cal_bot: Harness) -> None:
    await weekly_rust(cal_bot)
    cal = await read_feed(cal_bot, "UBOB")
    found = starts(cal, date(2026, 10, 19), date(2027, 11, 5))
    assert len(found) == 55  # every Thursday from Oct 22, 2026 to Nov 4, 2027
    assert all(s.astimezone(BERLIN).hour == 15 and s.astimezone(BERLIN).minute == 0 for s in found)
    assert all(s.astimezone(BERLIN).weekday() == 3 for s in found)
    utc_hours = {s.date(): s.astimezone(UTC).hour for s in found}
    # Summer time ends Oct 25, 2026 and Oct 31, 2027, starts Mar 28, 2027: 13:00 UTC in summer, 14:00 in winter.
    assert utc_hours[date(2026, 10, 22)] == 13 and utc_hours[date(2026, 10, 29)] == 14
    assert utc_hours[date(2027, 3, 25)] == 14 and utc_hours[date(2027, 4, 1)] == 13
    assert utc_hours[date(2027, 10, 28)] == 13 and utc_hours[date(2027, 11, 4)] == 14
    event = next(iter(cal.walk("VEVENT")))
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert str(event["LOCATION"]) == "https://meet.example/rust" and str(event["URL"]) == "https://meet.example/rust"
    assert "app.slack.com/client/" in str(event["DESCRIPTION"])


async def test_last_friday_monthly_lands_on_the_last_friday_for_a_year(cal_bot: Harness) -> None:
    await weekly_rust(cal_bot, **{Field.CADENCE: "monthly", Field.NTH: "-1", Field.WEEKDAY: "4"})
    found = starts(await read_feed(cal_bot, "UALICE"), date(2026, 10, 19), date(2027, 10, 19))
    last_fridays = []
    for year, month in [(2026 + (9 + n) // 12, (9 + n) % 12 + 1) for n in range(12)]:
        last_day = months.monthrange(year, month)[1]
        day = date(year, month, last_day)
        last_fridays.append(day - timedelta(days=(day.weekday() - 4) % 7))
    assert [s.date() for s in found] == last_fridays
    assert all(s.astimezone(BERLIN).hour == 15 for s in found)


async def test_a_skipped_week_is_absent_and_a_reschedule_keeps_the_uid_and_raises_sequence(cal_bot: Harness) -> None:
    await weekly_rust(cal_bot)
    before = next(iter((await read_feed(cal_bot, "UBOB")).walk("VEVENT")))
    skipped = await cal_bot.slack.command("UBOB", "/circle", "skip Rust on nov 5")
    assert "Skipped *Rust*" in texts(skipped.last_reply())
    circle = await cal_bot.circle("Rust")
    assert circle is not None
    assert "skipped *Rust*'s meeting" in cal_bot.double.workspace.posts_in(circle.channel_id)[-1].text
    cal = await read_feed(cal_bot, "UBOB")
    days = [s.date() for s in starts(cal, date(2026, 10, 19), date(2026, 11, 30))]
    assert days == [date(2026, 10, 22), date(2026, 10, 29), date(2026, 11, 12), date(2026, 11, 19), date(2026, 11, 26)]
    # Someone outside the circle can't call its meetings off.
    outsider = await cal_bot.slack.command("UCAROL", "/circle", "skip Rust on nov 12")
    assert "Only *Rust*'s members" in texts(outsider.last_reply())
    # A day it doesn't meet is refused, kindly.
    wrong = await cal_bot.slack.command("UBOB", "/circle", "skip Rust on nov 6")
    assert "doesn't meet on Friday, Nov 6" in texts(wrong.last_reply())

    restored = await cal_bot.slack.command("UBOB", "/circle", "unskip Rust on nov 5")
    assert "meets on" in texts(restored.last_reply())
    days = [s.date() for s in starts(await read_feed(cal_bot, "UBOB"), date(2026, 11, 1), date(2026, 11, 8))]
    assert days == [date(2026, 11, 5)]

    await schedule(cal_bot, "UALICE", "Rust", {Field.TIME: "16:00"})
    after = next(iter((await read_feed(cal_bot, "UBOB")).walk("VEVENT")))
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after["DTSTART"].dt.hour == 16
    notes = [m.text for m in cal_bot.double.workspace.posts_in(circle.channel_id)]
    assert sum("schedule changed" in text for text in notes) == 1


async def test_a_paused_circle_is_cancelled_in_the_feed(cal_bot: Harness) -> None:
    await weekly_rust(cal_bot)
    await schedule(cal_bot, "UALICE", "Rust", {Field.PAUSED: ["paused"]})
    event = next(iter((await read_feed(cal_bot, "UBOB")).walk("VEVENT")))
    assert str(event["STATUS"]) == "CANCELLED"


async def test_the_feed_holds_only_the_members_own_items_and_answers_404_and_304(cal_bot: Harness) -> None:
    await weekly_rust(cal_bot)
    await cal_bot.slack.command("UCAROL", "/circle", "create Go")
    await schedule(cal_bot, "UCAROL", "Go", {Field.WEEKDAY: "1", Field.TIME: "10:00", Field.TZ: "Asia/Kolkata"})
    bob, carol = await feed_token(cal_bot, "UBOB"), await feed_token(cal_bot, "UCAROL")
    assert len(bob) >= 22  # at least 128 bits, URL-safe
    assert await feed_token(cal_bot, "UBOB") == bob  # the same link until a new one is asked for

    summaries = {str(e["SUMMARY"]) for e in valid((await fetch(cal_bot, bob))[1]).walk("VEVENT")}
    assert summaries == {"Rust circle"}
    summaries = {str(e["SUMMARY"]) for e in valid((await fetch(cal_bot, carol))[1]).walk("VEVENT")}
    assert summaries == {"Go circle"}

    status, body, headers = await fetch(cal_bot, bob)
    assert headers["content-type"].startswith("text/calendar")
    assert (await fetch(cal_bot, bob, **{"If-None-Match": headers["etag"]}))[0] == 304
    assert (await fetch(cal_bot, bob, **{"If-None-Match": '"something-else"'}))[0] == 200
    # A change to what the feed holds changes its ETag: the same poll now gets the new feed.
    await cal_bot.slack.command("UBOB", "/circle", "skip Rust on nov 5")
    status, _, changed = await fetch(cal_bot, bob, **{"If-None-Match": headers["etag"]})
    assert status == 200 and changed["etag"] != headers["etag"]

    for token in [secrets.token_urlsafe(24) for _ in range(20)] + ["", "x" * 100, bob.upper()]:
        status, body, _ = await fetch(cal_bot, token)
        assert status == 404 and body == b"Not Found"

    # New link: the old one is gone (the same 404 as a random token), the new one works.
    said = await cal_bot.slack.command("UBOB", "/circles", "calendar")
    renewed = await cal_bot.slack.click_button_in("UBOB", said.last_reply()["blocks"], CalendarAction.NEW_LINK)
    new = FEED.search(texts(renewed.last_reply()))
    assert new and new.group(1) != bob
    assert (await fetch(cal_bot, bob))[:2] == (404, b"Not Found")
    assert (await fetch(cal_bot, new.group(1)))[0] == 200


async def test_the_announcement_carries_the_meeting_as_a_calendar_file(cal_bot: Harness, clock: FixedClock) -> None:
    await weekly_rust(cal_bot)
    circle = await cal_bot.circle("Rust")
    assert circle is not None
    first = datetime(2026, 10, 22, 15, tzinfo=BERLIN).astimezone(UTC)
    await at(cal_bot, clock, first - timedelta(days=1))
    announcement = cal_bot.double.workspace.posts_in(circle.channel_id)[-1]
    assert "Add to my calendar" in texts({"blocks": announcement.blocks})
    in_thread = [m for m in cal_bot.double.workspace.messages_in(circle.channel_id) if m.thread_ts == announcement.ts]
    files = [cal_bot.double.workspace.files[f] for m in in_thread for f in m.files]
    assert [f["name"] for f in files] == ["Rust 2026-10-22.ics"]
    cal = valid(files[0]["content"])
    (event,) = cal.walk("VEVENT")
    assert event["DTSTART"].dt == datetime(2026, 10, 22, 15, tzinfo=BERLIN)
    assert str(event["URL"]) == "https://meet.example/rust"
    # The reminder doesn't upload it again.
    await at(cal_bot, clock, first - timedelta(hours=2))
    uploads = [m for m in cal_bot.double.workspace.messages_in(circle.channel_id) if m.files]
    assert len(uploads) == 1


async def test_without_a_public_address_the_command_offers_files_by_dm(
    db: Database, double: SlackDouble, clock: FixedClock
) -> None:
    async for bot in make_harness(db, double, clock):  # no CIRCLES_PUBLIC_URL
        await weekly_rust(bot)
        said = await bot.slack.command("UBOB", "/circles", "calendar")
        assert "public web address" in texts(said.last_reply()) and "/calendar/" not in texts(said.last_reply())
        sent = await bot.slack.click_button_in("UBOB", said.last_reply()["blocks"], CalendarAction.SEND_FILES)
        assert "Sent 1 calendar file" in texts(sent.last_reply())
        uploads = [m for m in bot.dms("UBOB") if m.files]
        (file,) = [bot.double.workspace.files[f] for m in uploads for f in m.files]
        (event,) = valid(file["content"]).walk("VEVENT")
        assert event["DTSTART"].dt == datetime(2026, 10, 22, 15, tzinfo=BERLIN)  # the next meeting after START
        assert event["DTSTART"].dt.astimezone(UTC) > START


async def test_export_includes_the_feed_token_and_delete_revokes_it(cal_bot: Harness, db: Database) -> None:
    await weekly_rust(cal_bot)
    token = await feed_token(cal_bot, "UBOB")
    await cal_bot.slack.command("UBOB", "/circles", "export-my-data")
    [upload] = [m for m in cal_bot.dms("UBOB") if m.files]
    exported = json.loads(cal_bot.double.workspace.files[upload.files[0]]["content"])
    assert exported["calendar_feeds"][0]["token"] == token
    await cal_bot.slack.command("UBOB", "/circles", "delete-my-data")
    views = cal_bot.double.workspace.views.values()
    view = next(v for v in reversed(views) if v["callback_id"] == "delete_my_data_modal")
    await cal_bot.slack.submit_view("UBOB", view["id"], {})
    assert (await fetch(cal_bot, token))[0] == 404
    async with db.session() as session:
        assert list(await session.scalars(select(CalendarFeed.token).where(CalendarFeed.token == token))) == []


async def test_every_two_weeks_keeps_its_phase_for_a_year(cal_bot: Harness) -> None:
    await weekly_rust(cal_bot, **{Field.CADENCE: "biweekly"})
    found = starts(await read_feed(cal_bot, "UBOB"), date(2026, 10, 19), date(2027, 10, 19))
    assert found[0].date() == date(2026, 10, 22)
    assert all((b.date() - a.date()).days == 14 for a, b in itertools.pairwise(found))
    assert len(found) == 26 and all(s.astimezone(BERLIN).hour == 15 for s in found)


async def test_a_known_leader_and_topic_become_an_override_with_the_guides_questions(
    cal_bot: Harness, clock: FixedClock
) -> None:
    bot = cal_bot
    await sync_profiles(bot)  # names, as the start-up member sync stores them
    listing = await bot.slack.command("UALICE", "/circle")
    await bot.slack.click_button_in("UALICE", listing.last_reply()["blocks"], "circle_list_new")
    view = next(v for v in bot.double.workspace.views.values() if v["callback_id"] == "circle_new_modal")
    await bot.slack.submit_view("UALICE", view["id"], {"circle_name": "Papers", "circle_guide": "paper-reading"})
    await bot.slack.command("UBOB", "/circle", "join papers")
    await schedule(
        bot,
        "UALICE",
        "Papers",
        {Field.WEEKDAY: "3", Field.TIME: "15:00", Field.TZ: "Europe/Berlin", Field.START: "2026-10-19"},
    )
    first = datetime(2026, 10, 22, 15, tzinfo=BERLIN).astimezone(UTC)
    await at(bot, clock, first - timedelta(days=3))  # the first in the rotation is asked
    asked = next(
        user for user in ("UALICE", "UBOB") if any(m.blocks and "leader_accept" in str(m.blocks) for m in bot.dms(user))
    )
    await press(bot, asked, "leader_accept")
    await at(bot, clock, first - timedelta(days=1))  # announced: the topic is the queue's first

    cal = await read_feed(bot, "UBOB")
    events = list(cal.walk("VEVENT"))
    [override] = [e for e in events if e.get("RECURRENCE-ID") is not None]
    assert override["RECURRENCE-ID"].dt == datetime(2026, 10, 22, 15, tzinfo=BERLIN)
    assert override["UID"] == events[0]["UID"]
    name = bot.double.workspace.users[asked].name
    assert f"led by {name}" in str(override["SUMMARY"])
    description = str(override["DESCRIPTION"])
    assert "Topic: Choose the first three papers" in description
    assert "What problem does the paper solve" in description  # the guide's questions
    expanded = recurring_ical_events.of(cal).between(date(2026, 10, 19), date(2026, 10, 30))
    assert [str(e["SUMMARY"]) for e in expanded] == [f"Papers circle: led by {name}", "Papers circle"]


async def test_an_archived_channel_cancels_the_series(cal_bot: Harness) -> None:
    await weekly_rust(cal_bot)
    circle = await cal_bot.circle("Rust")
    assert circle is not None
    await cal_bot.slack.event({"type": "channel_archive", "channel": circle.channel_id, "user": "UALICE"})
    event = next(iter((await read_feed(cal_bot, "UBOB")).walk("VEVENT")))
    assert str(event["STATUS"]) == "CANCELLED"


async def test_app_home_links_to_the_calendar(cal_bot: Harness) -> None:
    from tests.test_home_privacy import open_home

    home = await open_home(cal_bot, "UBOB")
    clicked = await cal_bot.slack.click_button_in("UBOB", home["blocks"], "home_calendar")
    assert FEED.search(texts(clicked.last_reply()))


async def test_in_socket_mode_the_command_says_there_is_no_feed(
    db: Database, double: SlackDouble, clock: FixedClock
) -> None:
    async for bot in make_harness(db, double, clock, circles_public_url=PUBLIC, slack_app_token="xapp-1-test"):
        said = texts((await bot.slack.command("UBOB", "/circles", "calendar")).last_reply())
        assert "Socket Mode" in said and "Send me the files" in said and "/calendar/" not in said


async def test_without_an_announcement_the_reminder_carries_the_calendar_file(
    cal_bot: Harness, clock: FixedClock
) -> None:
    await weekly_rust(cal_bot)
    circle = await cal_bot.circle("Rust")
    assert circle is not None
    first = datetime(2026, 10, 22, 15, tzinfo=BERLIN).astimezone(UTC)
    await at(cal_bot, clock, first - timedelta(hours=2))  # down through the announcement: it is dropped as late
    posts = cal_bot.double.workspace.posts_in(circle.channel_id)
    reminder = posts[-1]
    assert not any("Add to my calendar" in texts({"blocks": p.blocks}) for p in posts if p.blocks)  # no announcement
    in_thread = [m for m in cal_bot.double.workspace.messages_in(circle.channel_id) if m.thread_ts == reminder.ts]
    [name] = [cal_bot.double.workspace.files[f]["name"] for m in in_thread for f in m.files]
    assert name == "Rust 2026-10-22.ics"
