"""Circle rhythm end to end: schedules, the leader rotation over simulated weeks, announcements,
reminders with RSVPs, topics and guides, resources, and bad input."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import FixedClock
from bot.db.engine import Database
from bot.db.models import Circle, Meeting, MissedWork, Outbox, Rsvp, Topic
from bot.slack_double import SlackDouble
from bot.views.meeting_posts import SWAP_FIELD
from bot.views.schedule_modal import CALLBACK_ID as SCHEDULE_ID
from bot.views.schedule_modal import Field
from tests.conftest import make_harness
from tests.harness import Harness, texts

BERLIN = ZoneInfo("Europe/Berlin")
NAMES = {"UALICE": "A", "UBOB": "B", "UCAROL": "C", "ULENA": "D"}


async def schedule(bot: Harness, user: str, circle: str, values: dict[str, Any]) -> Any:
    opened = await bot.slack.command(user, "/circle", f"schedule {circle}")
    view = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == SCHEDULE_ID)
    submitted = await bot.slack.submit_view(user, view["id"], values)
    return opened, submitted


def thursday_six(week: int) -> datetime:
    """18:00 Berlin time on the Thursday of week `week` (week 0: Oct 22, 2026)."""
    day = date(2026, 10, 22) + timedelta(weeks=week)
    return datetime(day.year, day.month, day.day, 18, tzinfo=BERLIN).astimezone(UTC)


async def at(bot: Harness, clock: FixedClock, moment: datetime) -> None:
    clock.advance(moment - clock.now())
    await bot.meetings_tick()


def leader_dm(bot: Harness, user: str) -> Any:
    for message in reversed(bot.dms(user)):
        if message.blocks and any(b.get("block_id", "").startswith("leader-") for b in message.blocks):
            return message
    raise AssertionError(f"no leader request in {user}'s DMs")


async def press(bot: Harness, user: str, action: str) -> Any:
    message = leader_dm(bot, user)
    return await bot.slack.click_button_in(user, message.blocks, action, message={"ts": message.ts})


async def rust_circle(bot: Harness) -> Circle:
    for user in ("UALICE", "UBOB", "UCAROL"):
        if user == "UALICE":
            await bot.slack.command(user, "/circle", "create Rust")
        else:
            await bot.slack.command(user, "/circle", "join rust")
    await schedule(
        bot,
        "UALICE",
        "Rust",
        {
            Field.CADENCE: "weekly",
            Field.WEEKDAY: "3",
            Field.TIME: "18:00",
            Field.TZ: "Europe/Berlin",
            Field.LINK: "https://meet.example/rust",
            Field.START: "2026-10-19",
        },
    )
    circle = await bot.circle("Rust")
    assert circle is not None
    return circle


async def test_twelve_weeks_of_rotation_posts_and_a_restart(
    db: Database, double: SlackDouble, clock: FixedClock
) -> None:
    double.workspace.add_user("ULENA", "lena", tz="America/Los_Angeles")
    expected = ["A", "C", "A", "C", "B", "D", "D", "A", "B", "D", "A", "B"]
    leaders: list[str] = []
    async for first in make_harness(db, double, clock):
        bot = first
        circle = await rust_circle(bot)
        for week in range(6):
            leaders.append(await run_week(bot, clock, circle, week))
    async for second in make_harness(db, double, clock):  # a restart: a new app and scheduler, same database
        bot = second
        await bot.meetings_tick()  # the restart's first tick repeats nothing
        for week in range(6, 12):
            leaders.append(await run_week(bot, clock, circle, week))
    assert leaders == expected

    posts = bot.double.workspace.messages_in(circle.channel_id)
    announcements = [m for m in posts if m.text.startswith("Next Rust meeting")]
    reminders = [m for m in posts if ":bell:" in m.text]
    notes = [m for m in posts if m.thread_ts is not None and "Notes" in m.text]
    assert len(announcements) == len(reminders) == len(notes) == 12
    assert all(n.thread_ts == r.ts for n, r in zip(notes, reminders, strict=True))
    # Each announcement names the confirmed leader (week 3's after its correction) at 18:00 Berlin time.
    for week, (message, leader) in enumerate(zip(announcements, expected, strict=True)):
        user = next(u for u, n in NAMES.items() if n == leader)
        assert f"Leader: <@{user}>" in texts({"blocks": message.blocks}).replace("*", ""), (week, message.text)
        epoch = int(re.search(r"<!date\^(\d+)\^", texts({"blocks": message.blocks})).group(1))  # type: ignore[union-attr]
        assert datetime.fromtimestamp(epoch, BERLIN).strftime("%a %H:%M") == "Thu 18:00"
    assert announcements[3].edited  # named "to be confirmed" first, then corrected
    keys = [row.key for row in await bot.rows(Outbox)]
    assert len(keys) == len(set(keys))
    assert all(row.status == "sent" for row in await bot.rows(Outbox))


async def run_week(bot: Harness, clock: FixedClock, circle: Circle, week: int) -> str:
    """One week of the scripted scenario; returns who led."""
    meeting = thursday_six(week)
    if week == 4:
        await bot.slack.command("ULENA", "/circle", "join rust")
    if week == 6:
        await bot.slack.command("UBOB", "/circle", "away 2026-12-12")
    if week == 9:
        await bot.slack.command("UCAROL", "/circle", "leave rust")
    if week in (10, 11):
        bob = bot.double.workspace.users["UBOB"]
        bob.status_emoji, bob.status_text = (":palm_tree:", "Vacation") if week == 10 else ("", "")
        await bot.slack.event({"type": "user_change", "user": bob.to_api(bot.team_id)})

    await at(bot, clock, meeting - timedelta(days=3))
    asked_user = _first_asked(bot, week)
    if week == 1:
        await press(bot, "UBOB", "leader_skip")
        await press(bot, "UCAROL", "leader_accept")
    elif week == 2:
        await press(bot, "UBOB", "leader_swap")
        view = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "leader_swap_modal")
        await bot.slack.submit_view("UBOB", view["id"], {SWAP_FIELD: "UALICE"})
        await press(bot, "UALICE", "leader_swap_accept")
        assert any("will lead *Rust* in your place" in m.text for m in bot.dms("UBOB"))
    elif week == 3:
        await at(bot, clock, meeting - timedelta(days=1))  # Bob never answers: Carol is asked
        await press(bot, "UCAROL", "leader_accept")
    else:
        await press(bot, asked_user, "leader_accept")
    await at(bot, clock, meeting - timedelta(days=1))
    await at(bot, clock, meeting - timedelta(hours=2))
    if week == 0:
        reminder = bot.double.workspace.posts_in(circle.channel_id)[-1]
        await bot.slack.click_button_in("UBOB", reminder.blocks, "meeting_rsvp_yes", message={"ts": reminder.ts})
        rsvp = await bot.slack.click_button_in(
            "UCAROL", reminder.blocks, "meeting_rsvp_no", message={"ts": reminder.ts}
        )
        assert "In: <@UBOB>" in texts(rsvp.last_reply()) and "can't make it: 1" in texts(rsvp.last_reply())
        assert len(await bot.rows(Rsvp)) == 2
    await at(bot, clock, meeting + timedelta(hours=1))
    [held] = await bot.rows(Meeting, Meeting.circle_id == circle.id, Meeting.starts_at == meeting)
    assert held.leader_member_id is not None, f"week {week} had no leader"
    from bot.db.models import Member

    [leader] = await bot.rows(Member, Member.id == held.leader_member_id)
    return NAMES[leader.user_id]


def _first_asked(bot: Harness, week: int) -> str:
    """Who got this week's first leader request (the newest leader DM across members)."""
    newest = max(
        ((m.ts, user) for user in NAMES for m in bot.dms(user) if m.blocks and "It's your turn" in m.text),
        default=(None, None),
    )
    assert newest[1] is not None, f"nobody was asked in week {week}"
    return newest[1]


async def test_last_thursday_monthly_in_new_york_shown_in_the_readers_zone(timed_bot: Harness) -> None:
    bot = timed_bot
    await bot.slack.command("UALICE", "/circle", "create Book Club")
    _, saved = await schedule(
        bot,
        "UALICE",
        "Book Club",
        {
            Field.CADENCE: "monthly",
            Field.WEEKDAY: "3",
            Field.NTH: "-1",
            Field.TIME: "18:00",
            Field.TZ: "America/New_York",
            Field.START: "2026-10-19",
        },
    )
    assert saved.response.status_code == 200 and not saved.response.content
    from tests.test_checkins import sync_profiles

    await sync_profiles(bot)  # Carol reads in Asia/Kolkata
    info = texts((await bot.slack.command("UCAROL", "/circle", "info book club")).last_reply())
    assert "Meets the last Thursday of every month at 18:00 (America/New_York)" in info
    # Oct 29 18:00 EDT = Oct 30 03:30 IST; Nov 26 18:00 EST (after the Nov 1 change) = Nov 27 04:30 IST.
    assert "Fri Oct 30, 03:30 (Asia/Kolkata)" in info
    assert "Fri Nov 27, 04:30 (Asia/Kolkata)" in info
    assert "Fri Jan 1, 04:30 (Asia/Kolkata)" in info


async def test_schedule_form_errors_are_inline(timed_bot: Harness) -> None:
    bot = timed_bot
    await bot.slack.command("UALICE", "/circle", "create Rust")
    for values, field, expected in (
        ({Field.TZ: "Mars/Olympus"}, Field.TZ, "isn't a time zone"),
        ({Field.LINK: "meet.example/rust"}, Field.LINK, "full http(s) URL"),
        ({Field.START: "2026-01-01"}, Field.START, "in the past"),
    ):
        _, submitted = await schedule(bot, "UALICE", "Rust", values)
        assert expected in submitted.json()["errors"][field]
    missing = await bot.slack.command("UALICE", "/circle", "schedule Rsut")
    assert "Did you mean *Rust*" in texts(missing.last_reply())


async def test_guide_topics_and_the_announcement(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    listing = await bot.slack.command("UALICE", "/circle")
    await bot.slack.click_button_in("UALICE", listing.last_reply()["blocks"], "circle_list_new")
    view = next(v for v in bot.double.workspace.views.values() if v["callback_id"] == "circle_new_modal")
    await bot.slack.submit_view("UALICE", view["id"], {"circle_name": "Papers", "circle_guide": "paper-reading"})
    circle = await bot.circle("Papers")
    assert circle is not None and circle.guide_key == "paper-reading"

    said = texts(
        (
            await bot.slack.command("UALICE", "/circle", "topic add Attention is all you need", circle.channel_id)
        ).last_reply()
    )
    assert "#3" in said  # after the guide's two starter topics
    await bot.slack.command("UALICE", "/circle", "topic top 3", circle.channel_id)
    await bot.slack.command("UALICE", "/circle", "topic remove 3", circle.channel_id)
    topics = texts((await bot.slack.command("UALICE", "/circle", "topics Papers")).last_reply())
    assert topics.index("Attention is all you need") < topics.index("Choose the first three papers")
    assert "A classic paper" not in topics

    await schedule(
        bot,
        "UALICE",
        "Papers",
        {Field.WEEKDAY: "3", Field.TIME: "18:00", Field.TZ: "Europe/Berlin", Field.LINK: "https://meet.example/p"},
    )
    await at(bot, clock, thursday_six(0) - timedelta(days=3))
    await press(bot, "UALICE", "leader_accept")
    await at(bot, clock, thursday_six(0) - timedelta(days=1))
    announcement = bot.double.workspace.posts_in(circle.channel_id)[-1]
    shown = texts({"blocks": announcement.blocks})
    assert "Topic:* Attention is all you need" in shown
    assert "What problem does the paper solve" in shown  # the guide's questions
    assert "https://meet.example/p" in shown
    [used] = await bot.rows(Topic, Topic.text == "Attention is all you need")
    assert used.used_at is not None  # it leaves the queue once announced


async def test_leader_picks_another_topic_from_the_dm(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    circle = await rust_circle(bot)
    for text in ("Ownership", "Async"):
        await bot.slack.command("UALICE", "/circle", f"topic add {text}", circle.channel_id)
    await at(bot, clock, thursday_six(0) - timedelta(days=3))
    request = leader_dm(bot, "UALICE")
    picker = next(b for b in request.blocks if b.get("accessory", {}).get("action_id") == "leader_topic")
    async_option = next(o for o in picker["accessory"]["options"] if o["text"]["text"] == "Async")
    body_action = {"type": "static_select", "selected_option": async_option}
    picked = await bot.slack.click("UALICE", "leader_topic", block_id=picker["block_id"], action=body_action)
    assert "Topic set: _Async_" in texts(picked.last_reply())
    await press(bot, "UALICE", "leader_accept")
    await at(bot, clock, thursday_six(0) - timedelta(days=1))
    assert "Topic:* Async" in texts({"blocks": bot.double.workspace.posts_in(circle.channel_id)[-1].blocks})


async def test_leaders_view_explains_the_queue(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await rust_circle(bot)
    await bot.slack.command("UCAROL", "/circle", "away in 2 weeks")
    await at(bot, clock, thursday_six(0) - timedelta(days=3))
    await press(bot, "UALICE", "leader_accept")
    shown = texts((await bot.slack.command("UBOB", "/circle", "leaders rust")).last_reply())
    assert "1. <@UBOB> (hasn't led yet)" in shown
    assert "<@UCAROL> (hasn't led yet) — _passed over: away until Nov 2_" in shown
    assert "<@UALICE> (led 1x)" in shown
    assert "<@UALICE> led" in shown  # the history


async def test_swap_to_a_non_member_and_stale_buttons_are_refused(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await rust_circle(bot)
    await at(bot, clock, thursday_six(0) - timedelta(days=3))
    await press(bot, "UALICE", "leader_swap")
    view = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "leader_swap_modal")
    bot.double.workspace.add_user("UOUT", "outsider")
    outsider = await bot.slack.submit_view("UALICE", view["id"], {SWAP_FIELD: "UOUT"})
    assert "isn't a member of *Rust*" in outsider.json()["errors"][SWAP_FIELD]
    yourself = await bot.slack.submit_view("UALICE", view["id"], {SWAP_FIELD: "UALICE"})
    assert "other than yourself" in yourself.json()["errors"][SWAP_FIELD]

    await press(bot, "UALICE", "leader_accept")
    again = await press(bot, "UALICE", "leader_accept")
    assert "already answered" in texts(again.last_reply())
    stolen = await bot.slack.click_button_in("UBOB", leader_dm(bot, "UALICE").blocks, "leader_skip")
    assert "isn't for you" in texts(stolen.last_reply())


async def test_resources_by_command_and_shortcut_with_paging(timed_bot: Harness) -> None:
    bot = timed_bot
    await bot.slack.command("UALICE", "/circle", "create Rust")
    circle = await bot.circle("Rust")
    assert circle is not None
    shared = await bot.slack.command(
        "UBOB", "/circle", "share rust <https://doc.rust-lang.org/book|the book> read ch. 4"
    )
    assert "Saved and shared" in texts(shared.last_reply())
    post = bot.double.workspace.messages_in(circle.channel_id)[-1]
    assert "https://doc.rust-lang.org/book" in post.text and "read ch. 4" in post.text

    linked = bot.double.workspace.post_as("UALICE", "CGENERAL", "Great talk: <https://example.com/talk>")
    await bot.slack.message_shortcut("UALICE", "share_to_circle", linked)
    view = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "share_to_circle_modal")
    url_block = next(b for b in view["blocks"] if b["block_id"] == "share_url")
    assert url_block["element"]["initial_value"] == "https://example.com/talk"
    await bot.slack.submit_view("UALICE", view["id"], {"share_note": "45 minutes, worth it"})

    plain = bot.double.workspace.post_as("UALICE", "CGENERAL", "No link, but a good thought")
    await bot.slack.message_shortcut("UALICE", "share_to_circle", plain)
    view = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "share_to_circle_modal")
    url_block = next(b for b in view["blocks"] if b["block_id"] == "share_url")
    assert url_block["element"]["initial_value"].startswith("https://circlesdemo.slack.com/archives/CGENERAL/p")

    for number in range(10):
        await bot.slack.command("UALICE", "/circle", f"share Rust https://example.com/{number}")
    first = (await bot.slack.command("UCAROL", "/circle", "resources rust")).last_reply()
    assert "Showing 1 to 10 of 12" in texts(first) and "example.com/9" in texts(first)
    older = (await bot.slack.click_button_in("UCAROL", first["blocks"], "resources_more")).last_reply()
    assert "Showing 11 to 12 of 12" in texts(older) and "45 minutes, worth it" in texts(older)


async def test_bad_rhythm_input(timed_bot: Harness) -> None:
    bot = timed_bot
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UALICE", "/circle", "create Go")
    for text, expected in (
        ("share Rust notaurl", "Share a link"),
        ("share <https://x.example>", "Which circle?"),
        ("share Rust <ftp://x.example|x>", "Share a link"),
        ("away someday", "couldn't read the date `someday`"),
        ("away", "Until when?"),
        ("topic add", "What's the topic?"),
        ("topic remove x", "Use its number"),
        ("topic frob", "Try `/circle topic add"),
        ("topic add Something", "Which circle?"),  # Alice is in two circles and not in a circle channel
        ("leaders", "Which circle?"),
    ):
        said = texts((await bot.slack.command("UALICE", "/circle", text)).last_reply())
        assert expected in said, (text, said)
    rust = await bot.circle("Rust")
    gone = texts((await bot.slack.command("UALICE", "/circle", "topic remove 9", rust.channel_id)).last_reply())  # type: ignore[union-attr]
    assert "There is no topic #9" in gone


async def test_downtime_catches_up_once_and_drops_what_is_past(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    circle = await rust_circle(bot)
    # Down from before week 0's leader request until three hours before the meeting: the request
    # (69 hours late) and the announcement (21 hours late) are past the 6-hour grace: skipped, recorded.
    await at(bot, clock, thursday_six(0) - timedelta(hours=3))
    posts = bot.double.workspace.messages_in(circle.channel_id)
    assert sum(m.text.startswith("Next Rust meeting") for m in posts) == 0
    assert sum("It's your turn" in m.text for user in NAMES for m in bot.dms(user)) == 0
    assert sorted(m.kind for m in await bot.rows(MissedWork)) == ["announcement", "leader_request", "leader_request"]
    await bot.meetings_tick()
    await at(bot, clock, thursday_six(0) - timedelta(hours=1))
    posts = bot.double.workspace.messages_in(circle.channel_id)
    assert sum(":bell:" in m.text for m in posts) == 1
    # Down across all of week 1: nothing is posted for a meeting that already happened.
    before = len(bot.double.workspace.messages)
    await at(bot, clock, thursday_six(1) + timedelta(hours=2))
    assert [m.text for m in bot.double.workspace.messages[before:] if m.channel == circle.channel_id] == []
    asks = sum("It's your turn" in m.text for user in NAMES for m in bot.dms(user))
    await at(bot, clock, thursday_six(2) - timedelta(days=3, minutes=1))
    assert sum("It's your turn" in m.text for user in NAMES for m in bot.dms(user)) == asks  # not a week early
    await at(bot, clock, thursday_six(2) - timedelta(days=3))
    assert sum("It's your turn" in m.text for user in NAMES for m in bot.dms(user)) == asks + 1


async def test_paused_schedule_holds_meetings_until_resumed(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await rust_circle(bot)
    await schedule(bot, "UALICE", "Rust", {Field.PAUSED: ["paused"]})
    assert "paused" in texts((await bot.slack.command("UBOB", "/circle", "info rust")).last_reply())
    await at(bot, clock, thursday_six(0) - timedelta(hours=1))
    assert await bot.rows(Meeting) == []
    await schedule(bot, "UALICE", "Rust", {Field.PAUSED: []})  # untick: resume
    await at(bot, clock, thursday_six(1) - timedelta(days=3))
    assert len(await bot.rows(Meeting)) == 1
