"""Check-ins over simulated weeks: the job ticks on a controlled clock, members click in the double."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest_asyncio
from sqlalchemy import select

from bot.clock import FixedClock
from bot.db.engine import Database
from bot.db.models import Checkin, CheckinSchedule, Member, Outbox
from bot.slack_double import SlackDouble
from bot.views.checkin_modal import Field
from bot.views.checkin_settings import Field as SettingsField
from tests.conftest import make_harness
from tests.harness import Harness, texts

PEOPLE = {"ULENA": "America/Los_Angeles", "UAROHA": "Pacific/Auckland", "UKIRAN": "Asia/Kolkata"}


def add_people(double: SlackDouble) -> None:
    for user_id, tz in PEOPLE.items():
        double.workspace.add_user(user_id, user_id.lower()[1:], tz=tz)
        double.workspace.channels["CGENERAL"].members.add(user_id)


async def enrol(bot: Harness, user_id: str, goal: str = "Learn Rust") -> None:
    """Setting a goal gives a member their check-in schedule (weekly, Monday 10:00 local)."""
    await bot.slack.command(user_id, "/goal", f"set {goal}")


async def sync_profiles(bot: Harness) -> None:
    from jobs.member_sync import sync_members

    await sync_members(bot.deps, bot.deps.gateways(bot.client))


def prompts_to(bot: Harness, user_id: str) -> list[str]:
    return [m.text for m in bot.dms(user_id) if "Time for your check-in" in m.text]


def reminders_to(bot: Harness, user_id: str) -> list[str]:
    return [m.text for m in bot.dms(user_id) if "friendly nudge" in m.text]


def local_ten(day: datetime, tz: str) -> datetime:
    """10:00 on `day`'s date in `tz`, as a UTC instant."""
    return datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo(tz)).astimezone(UTC)


async def at(bot: Harness, clock: FixedClock, moment: datetime) -> int:
    clock.advance(moment - clock.now())
    return await bot.tick()


async def test_prompts_arrive_at_local_ten_across_dst(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    add_people(bot.double)
    clock.advance(datetime(2026, 9, 9, tzinfo=UTC) - clock.now())  # before Auckland's (Sep 27) and LA's (Nov 1) changes
    await sync_profiles(bot)
    for user_id in PEOPLE:
        await enrol(bot, user_id)

    mondays = [datetime(2026, 9, 14) + timedelta(weeks=w) for w in range(9)]  # Sep 14 .. Nov 9
    for monday in mondays:
        for user_id, tz in sorted(PEOPLE.items(), key=lambda p: local_ten(monday, p[1])):
            due = local_ten(monday, tz)
            before = len(prompts_to(bot, user_id))
            await at(bot, clock, due - timedelta(minutes=1))
            assert len(prompts_to(bot, user_id)) == before, f"{user_id} prompted early on {monday:%b %d}"
            await at(bot, clock, due)
            assert len(prompts_to(bot, user_id)) == before + 1, f"{user_id} not prompted at 10:00 on {monday:%b %d}"
    for user_id in PEOPLE:
        assert len(prompts_to(bot, user_id)) == len(mondays)
    # The UTC hour moved with daylight-saving time; the local hour did not.
    assert local_ten(mondays[0], "America/Los_Angeles").hour == 17
    assert local_ten(mondays[-1], "America/Los_Angeles").hour == 18
    assert local_ten(mondays[0], "Pacific/Auckland").hour == 22  # Sunday 22:00 UTC = Monday 10:00 NZST
    assert local_ten(mondays[-1], "Pacific/Auckland").hour == 21  # NZDT


async def test_reminder_snooze_skip_and_pause_over_several_weeks(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot  # UBOB is in Europe/Berlin; the clock starts Monday Oct 19, 00:00 UTC
    await sync_profiles(bot)
    await enrol(bot, "UBOB")

    def monday(week: int) -> datetime:  # Berlin leaves summer time on Oct 25, between weeks 0 and 1
        return local_ten(datetime(2026, 10, 19) + timedelta(weeks=week), "Europe/Berlin")

    # Week 1: no answer → exactly one reminder, after the default 4 hours.
    await at(bot, clock, monday(0))
    assert len(prompts_to(bot, "UBOB")) == 1
    await at(bot, clock, monday(0) + timedelta(hours=3, minutes=59))
    assert reminders_to(bot, "UBOB") == []
    await at(bot, clock, monday(0) + timedelta(hours=4))
    await at(bot, clock, monday(0) + timedelta(hours=9))
    assert len(reminders_to(bot, "UBOB")) == 1

    # Week 2: "Remind me in 2 hours" → one reminder two hours later, none at the 4-hour mark.
    await at(bot, clock, monday(1))
    prompt = bot.dms("UBOB")[-1]
    assert "Time for your check-in" in prompt.text
    snoozed = await bot.slack.click_button_in("UBOB", prompt.blocks, "checkin_snooze", message={"ts": prompt.ts})
    assert "I'll remind you at 12:00" in texts(snoozed.last_reply())
    await at(bot, clock, monday(1) + timedelta(hours=2))
    assert len(reminders_to(bot, "UBOB")) == 2
    await at(bot, clock, monday(1) + timedelta(hours=5))
    assert len(reminders_to(bot, "UBOB")) == 2

    # Week 3: "Skip this time" → no reminder.
    await at(bot, clock, monday(2))
    prompt = bot.dms("UBOB")[-1]
    skipped = await bot.slack.click_button_in("UBOB", prompt.blocks, "checkin_skip")
    assert "Skipped this time" in texts(skipped.last_reply())
    await at(bot, clock, monday(2) + timedelta(hours=6))
    assert len(reminders_to(bot, "UBOB")) == 2

    # Pause until the Wednesday of week 5: no prompts in weeks 4 and 5, back in week 6.
    paused = await bot.slack.command("UBOB", "/checkin", "pause 2026-11-18")
    assert "paused until Wednesday, Nov 18" in texts(paused.last_reply())
    for week in (3, 4):
        await at(bot, clock, monday(week) + timedelta(hours=1))
    assert len(prompts_to(bot, "UBOB")) == 3
    await at(bot, clock, monday(5))
    assert len(prompts_to(bot, "UBOB")) == 4

    statuses = [c.status for c in await bot.rows(Checkin, Checkin.team_id == bot.team_id)]
    assert sorted(statuses) == ["missed", "missed", "prompted", "skipped"]


async def test_resume_before_the_pause_ends(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await enrol(bot, "UBOB")
    await bot.slack.command("UBOB", "/checkin", "pause in 3 weeks")
    resumed = await bot.slack.command("UBOB", "/checkin", "resume")
    assert "Check-ins are back on" in texts(resumed.last_reply())
    assert await at(bot, clock, local_ten(datetime(2026, 10, 19), "UTC")) == 1


async def test_check_in_from_the_prompt_with_streak_and_progress(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await enrol(bot, "UBOB", "Read DDIA")
    week1 = local_ten(datetime(2026, 10, 19), "UTC")
    streaks = []
    for week, answer in enumerate([True, True, False, True]):  # the October miss is frozen
        await at(bot, clock, week1 + timedelta(weeks=week))
        if not answer:
            continue
        prompt = bot.dms("UBOB")[-1]
        clicked = await bot.slack.click_button_in("UBOB", prompt.blocks, "checkin_open")
        view = bot.double.calls_to("views.open")[-1].args["view"]
        goal_block = next(b["block_id"] for b in view["blocks"] if b["block_id"].startswith("checkin_goal_"))
        view_id = next(
            v["id"] for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "checkin_modal"
        )
        done = await bot.slack.submit_view(
            "UBOB",
            view_id,
            {goal_block: str(20 * (week + 1)), Field.LEARNED: f"Chapter {week + 1}", Field.CONFIDENCE: "4"},
        )
        confirmation = done.json()
        assert confirmation["response_action"] == "update"
        streaks.append(texts(confirmation["view"]))
        assert "Checked in" in texts(clicked.last_reply())  # the DM prompt was replaced, buttons gone
    assert "Streak: *1*" in streaks[0] and "first check-in" in streaks[0]
    assert "Streak: *2*" in streaks[1]
    assert "Streak: *3*" in streaks[2] and "free miss is used" in streaks[2]
    history = texts((await bot.slack.command("UBOB", "/checkin", "history")).last_reply())
    assert "Chapter 4" in history and "missed" in history and "Streak: 3" in history
    listing = texts((await bot.slack.command("UBOB", "/goal", "list")).last_reply())
    assert "80%" in listing


async def test_shareable_answers_go_to_the_weekly_thread_private_ones_never(
    timed_bot: Harness, clock: FixedClock
) -> None:
    bot = timed_bot
    await bot.slack.command("UBOB", "/circle", "create Rust Learners")
    await bot.slack.command("UBOB", "/goal", "set Secret plan")
    await bot.slack.command("UCAROL", "/circle", "join rust learners")
    circle = await bot.circle("Rust Learners")
    assert circle is not None
    before = len(bot.double.workspace.messages_in(circle.channel_id))

    for user, share, learned in (
        ("UBOB", True, "Lifetimes finally clicked"),
        ("UCAROL", False, "My private note"),
    ):
        await bot.slack.command(user, "/checkin")
        view_id = next(
            v["id"] for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "checkin_modal"
        )
        values = {Field.LEARNED: learned, Field.SHARE: ["share"] if share else []}
        await bot.slack.submit_view(user, view_id, values)

    posts = bot.double.workspace.messages_in(circle.channel_id)[before:]
    thread = [m for m in posts if "first check-in" not in m.text]
    assert len(thread) == 2
    parent, shared = thread
    assert "Check-ins for the week of Oct 19" in parent.text and parent.thread_ts is None
    assert shared.thread_ts == parent.ts and "Lifetimes finally clicked" in shared.text
    celebrated = sorted(m.text.split(">")[0] for m in posts if "first check-in" in m.text)
    assert celebrated == [":wave: <@UBOB", ":wave: <@UCAROL"]  # celebrated once each, without content
    assert "Secret plan" not in shared.text  # a private goal never leaves the database
    assert all("My private note" not in m.text for m in bot.double.workspace.messages)


async def test_restart_between_prompt_and_reminder_sends_each_once(
    db: Database, double: SlackDouble, clock: FixedClock
) -> None:
    week1 = local_ten(datetime(2026, 10, 19), "UTC")
    async for first in make_harness(db, double, clock):
        await enrol(first, "UBOB")
        await at(first, clock, week1)
        await first.tick()  # a second run in the same minute
    async for second in make_harness(db, double, clock):  # a new process: new app, new scheduler
        await second.tick()
        await at(second, clock, week1 + timedelta(hours=4))
        await second.tick()
        assert len(prompts_to(second, "UBOB")) == 1
        assert len(reminders_to(second, "UBOB")) == 1
        keys = [row.key for row in await second.rows(Outbox, Outbox.channel == "UBOB")]
        assert len(keys) == len(set(keys)) == 2


async def test_missed_work_is_caught_up_once_within_the_grace_window(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await enrol(bot, "UBOB")
    await enrol(bot, "UCAROL")
    week1 = local_ten(datetime(2026, 10, 19), "UTC")
    await at(bot, clock, week1 + timedelta(hours=2))  # down for two hours: caught up
    assert len(prompts_to(bot, "UBOB")) == 1
    await at(bot, clock, week1 + timedelta(weeks=3, hours=12))  # down for three weeks: no flood
    assert len(prompts_to(bot, "UBOB")) == 1
    await at(bot, clock, week1 + timedelta(weeks=4))
    assert len(prompts_to(bot, "UBOB")) == 2


@pytest_asyncio.fixture
async def unreachable(timed_bot: Harness) -> AsyncIterator[Harness]:
    await timed_bot.slack.command("UBOB", "/goal", "set Learn Go")
    await timed_bot.slack.command("UCAROL", "/goal", "set Learn Go")
    await timed_bot.slack.command("UHELPER", "/goal", "set Beep")  # a bot user, seen as such after the sync
    yield timed_bot


async def test_deactivated_members_and_failed_dms_are_recorded_not_retried(
    unreachable: Harness, clock: FixedClock
) -> None:
    bot = unreachable
    bot.double.workspace.users["UCAROL"].deleted = True
    await sync_profiles(bot)
    bot.double.fail("chat.postMessage", "cannot_dm_bot")  # Bob's DM is refused for good

    await at(bot, clock, local_ten(datetime(2026, 10, 19), "UTC"))
    await at(bot, clock, local_ten(datetime(2026, 10, 26), "UTC"))

    async with bot.deps.db.session() as session:
        reasons = dict(
            (
                await session.execute(
                    select(Member.user_id, CheckinSchedule.undeliverable_reason).join(
                        CheckinSchedule, CheckinSchedule.member_id == Member.id
                    )
                )
            ).all()
        )
    assert reasons == {"UBOB": "cannot_dm_bot", "UCAROL": "deactivated", "UHELPER": "bot"}
    people = ("UBOB", "UCAROL", "UHELPER")
    prompts = [c for c in bot.double.calls_to("chat.postMessage") if c.args.get("channel") in people]
    assert len(prompts) == 1  # Bob's one refused attempt; nothing for Carol or the bot, nothing in week 2
    [failed] = await bot.rows(Outbox, Outbox.channel == "UBOB")
    assert (failed.status, failed.last_error) == ("failed", "cannot_dm_bot")

    # Admins see it in Slack, with Slack's reason; others are refused.
    report = texts((await bot.slack.command("UALICE", "/circles", "deliveries")).last_reply())
    assert "failed: *1*" in report and "`cannot_dm_bot` — chat.postMessage to <@UBOB>" in report
    refused = texts((await bot.slack.command("UBOB", "/circles", "deliveries")).last_reply())
    assert "Only Circles admins" in refused


async def test_a_new_time_zone_moves_the_next_prompt(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await enrol(bot, "UBOB")
    user = bot.double.workspace.users["UBOB"]
    user.tz = "Asia/Tokyo"
    await bot.slack.event({"type": "user_change", "user": user.to_api(bot.team_id)})

    [schedule] = await bot.rows(CheckinSchedule)
    assert schedule.next_prompt_at == local_ten(datetime(2026, 10, 19), "Asia/Tokyo")
    await at(bot, clock, local_ten(datetime(2026, 10, 19), "Asia/Tokyo"))
    assert len(prompts_to(bot, "UBOB")) == 1


async def test_settings_change_day_time_and_quiet_hours(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await enrol(bot, "UBOB")
    await sync_profiles(bot)  # Bob's Slack time zone: Europe/Berlin
    opened = await bot.slack.command("UBOB", "/checkin", "settings")
    view_id = next(v["id"] for v in bot.double.workspace.views.values() if v["callback_id"] == "checkin_settings_modal")

    half = await bot.slack.submit_view("UBOB", view_id, {SettingsField.QUIET_START: "20:00"})
    assert "both a start and an end" in half.json()["errors"][SettingsField.QUIET_END]

    saved = await bot.slack.submit_view(
        "UBOB",
        view_id,
        {
            SettingsField.CADENCE: "biweekly",
            SettingsField.WEEKDAY: "3",
            SettingsField.TIME: "08:30",
            SettingsField.QUIET_START: "09:00",
            SettingsField.QUIET_END: "12:00",
            SettingsField.REMINDER: "60",
        },
    )
    assert saved.response.status_code == 200 and not saved.response.content
    confirmation = texts(bot.double.responses_to(opened.response_url)[-1])  # type: ignore[arg-type]
    assert "every 2 weeks on Thursday at 08:30 (Europe/Berlin)" in confirmation
    thursday = datetime(2026, 10, 22, 8, 30, tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)
    assert await at(bot, clock, thursday) == 1
    # The one-hour reminder would fall at 09:30, inside quiet hours: it waits until they end at 12:00.
    await at(bot, clock, thursday + timedelta(hours=1))
    assert reminders_to(bot, "UBOB") == []
    await at(bot, clock, thursday + timedelta(hours=3, minutes=30))
    assert len(reminders_to(bot, "UBOB")) == 1


async def test_checkin_now_and_bad_input(timed_bot: Harness) -> None:
    bot = timed_bot
    await enrol(bot, "UBOB")
    await bot.slack.command("UBOB", "/checkin")
    view = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "checkin_modal")
    goal_block = next(b["block_id"] for b in view["blocks"] if b["block_id"].startswith("checkin_goal_"))

    too_much = await bot.slack.submit_view("UBOB", view["id"], {goal_block: "150", Field.LEARNED: "x"})
    assert "from 0 to 100" in too_much.json()["errors"][goal_block]
    empty = await bot.slack.submit_view("UBOB", view["id"], {goal_block: "10", Field.LEARNED: "   "})
    assert "one thing you learned" in empty.json()["errors"][Field.LEARNED]
    ok = await bot.slack.submit_view("UBOB", view["id"], {goal_block: "10", Field.LEARNED: "Read about traits"})
    assert ok.json()["response_action"] == "update"
    again = await bot.slack.submit_view("UBOB", view["id"], {goal_block: "10", Field.LEARNED: "Twice"})
    assert "already answered" in again.json()["errors"][Field.LEARNED]  # a double submit applies once
    twice = await bot.slack.command("UBOB", "/checkin")
    assert "already checked in today" in texts(twice.last_reply())

    for text, expected in (
        ("pause someday", "couldn't read the date `someday`"),
        ("pause", "Until when?"),
        ("frobnicate", "I don't know `/checkin frobnicate`"),
    ):
        assert expected in texts((await bot.slack.command("UBOB", "/checkin", text)).last_reply())
    assert "Next: Mon Oct 19, 10:00" in texts((await bot.slack.command("UBOB", "/checkin", "help")).last_reply())


async def test_someone_elses_checkin_button_is_refused(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await enrol(bot, "UBOB")
    await at(bot, clock, local_ten(datetime(2026, 10, 19), "UTC"))
    prompt = bot.dms("UBOB")[-1]
    stolen = await bot.slack.click_button_in("UCAROL", prompt.blocks, "checkin_skip")
    assert "isn't yours" in texts(stolen.last_reply())
    [checkin] = await bot.rows(Checkin)
    assert checkin.status == "prompted"


async def test_pause_from_the_prompts_date_picker(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await enrol(bot, "UBOB")
    await at(bot, clock, local_ten(datetime(2026, 10, 19), "UTC"))
    prompt = bot.dms("UBOB")[-1]
    picker = next(b for b in prompt.blocks if b["type"] == "actions")

    paused = await bot.slack.pick_date("UBOB", "checkin_pause", "2026-11-04", block_id=picker["block_id"])

    assert "paused until Wednesday, Nov 4" in texts(paused.last_reply())
    assert paused.last_reply()["replace_original"] is True
    await at(bot, clock, local_ten(datetime(2026, 10, 19), "UTC") + timedelta(hours=5))
    assert reminders_to(bot, "UBOB") == []  # the open period's reminder is cancelled too
    await at(bot, clock, local_ten(datetime(2026, 11, 2), "UTC"))
    assert len(prompts_to(bot, "UBOB")) == 1
    await at(bot, clock, local_ten(datetime(2026, 11, 9), "UTC"))
    assert len(prompts_to(bot, "UBOB")) == 2
    past = await bot.slack.pick_date("UBOB", "checkin_pause", "2026-11-01", block_id=picker["block_id"])
    assert "Pick a date after today" in texts(past.last_reply())
