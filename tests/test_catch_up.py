"""One grace rule for every kind of scheduled work: after a downtime, work at most 6 hours late goes out
once, late; later than that (or past its own deadline, a meeting's start) it is skipped and recorded,
and never sent afterwards. Each kind: the bot starts again on a controlled clock after a downtime."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.db.models import MentorProgram, MissedWork
from bot.services.mentorship import ProgramForm
from tests.harness import Harness, texts
from tests.test_checkins import enrol, local_ten, sync_profiles
from tests.test_circle_rhythm import rust_circle, thursday_six
from tests.test_mentorship_flow import fill_profile

FRIDAY_DIGEST = datetime(2026, 10, 23, 16, tzinfo=ZoneInfo("Europe/Berlin"))  # the Rust circle meets in Berlin
SHORT, LONG = timedelta(hours=2), timedelta(hours=66)  # a restart; down from Thursday 14:30 to Monday 08:00


@dataclass(frozen=True)
class Kind:
    name: str  # the `missed_work.kind`
    setup: Callable[[Harness, FixedClock], Awaitable[datetime]]  # returns when the work is due
    count: Callable[[Harness], int]  # how many of these messages people have received
    tick: str = "tick"  # which job runs it
    short: timedelta = SHORT  # a downtime it survives


def dm_count(phrase: str, *users: str) -> Callable[[Harness], int]:
    return lambda bot: sum(phrase in m.text for u in users for m in bot.dms(u))


def channel_count(phrase: str) -> Callable[[Harness], int]:
    def count(bot: Harness) -> int:
        return sum(
            phrase in texts({"text": m.text, "blocks": m.blocks or []})
            for c in bot.double.workspace.channels.values()
            if c.name.startswith("circle-")
            for m in bot.double.workspace.messages_in(c.id)
        )

    return count


async def prompt_due(bot: Harness, clock: FixedClock) -> datetime:
    await enrol(bot, "UBOB")
    return local_ten(datetime(2026, 10, 19), "UTC")  # Monday 10:00 in Bob's zone (not synced yet: UTC)


async def reminder_due(bot: Harness, clock: FixedClock) -> datetime:
    due = await prompt_due(bot, clock)
    clock.advance(due - clock.now())
    await bot.tick()  # the prompt goes out on time; Bob doesn't answer
    return due + timedelta(hours=4)


async def digest_due(bot: Harness, clock: FixedClock) -> datetime:
    await rust_circle(bot)
    await bot.digests_tick()  # the first digest: Friday 16:00 in the circle's zone
    return FRIDAY_DIGEST


async def ask_due(bot: Harness, clock: FixedClock) -> datetime:
    await rust_circle(bot)  # meets Thursdays at 18:00 Berlin time; leaders are asked 3 days before
    return thursday_six(1) - timedelta(days=3)


async def announcement_due(bot: Harness, clock: FixedClock) -> datetime:
    asked = await ask_due(bot, clock)
    clock.advance(asked - clock.now())
    await bot.meetings_tick()
    return thursday_six(1) - timedelta(days=1)


async def reminder_before_meeting_due(bot: Harness, clock: FixedClock) -> datetime:
    announced = await announcement_due(bot, clock)
    clock.advance(announced - clock.now())
    await bot.meetings_tick()
    return thursday_six(1) - timedelta(hours=2)


async def published(bot: Harness, clock: FixedClock) -> datetime:
    """A monthly cycle published now; returns when it was published."""
    await sync_profiles(bot)
    for user in ("UALICE", "UBOB"):
        await fill_profile(bot, user)
    flows = bot.deps.mentorship(bot.client, bot.team_id)
    await flows.create_program(bot.team_id, "UALICE", ProgramForm("Spring", "", 6, 30, clock.now().date(), []))
    for user in ("UALICE", "UBOB"):
        await flows.join(bot.team_id, user, "Spring")
    await flows.preview(bot.team_id, "UALICE", "Spring")
    await flows.publish(bot.team_id, "UALICE", "Spring")
    [program] = await bot.rows(MentorProgram)
    assert program.published_at is not None
    return program.published_at


async def nudge_due(bot: Harness, clock: FixedClock) -> datetime:
    return await published(bot, clock) + timedelta(days=30)


async def survey_due(bot: Harness, clock: FixedClock) -> datetime:
    start = await published(bot, clock)
    for month in (1, 2):  # the monthly nudges until then go out on time
        clock.advance(start + timedelta(days=30 * month) - clock.now())
        await bot.mentorship_tick()
    return start + timedelta(days=90)  # half way through six months


def nudges(bot: Harness) -> int:
    return sum(
        "Time for your mentorship 1:1" in m.text
        for c in bot.double.workspace.channels.values()
        if c.is_mpim
        for m in bot.double.workspace.messages_in(c.id)
    )


KINDS = [
    Kind("checkin_prompt", prompt_due, dm_count("Time for your check-in", "UBOB")),
    Kind("checkin_reminder", reminder_due, dm_count("friendly nudge", "UBOB")),
    Kind("digest", digest_due, channel_count("the week of"), "digests_tick"),
    Kind("leader_request", ask_due, dm_count("It's your turn", "UALICE", "UBOB", "UCAROL"), "meetings_tick"),
    Kind("announcement", announcement_due, channel_count("Next Rust meeting"), "meetings_tick"),
    # Its deadline is the meeting's start, two hours after it is due: back after one hour, it still goes.
    Kind("meeting_reminder", reminder_before_meeting_due, channel_count(":bell:"), "meetings_tick", timedelta(hours=1)),
    Kind("mentor_nudge", nudge_due, nudges, "mentorship_tick"),
    Kind("mentor_survey", survey_due, dm_count("Half way through", "UBOB"), "mentorship_tick"),
]


async def restart_after(bot: Harness, clock: FixedClock, kind: Kind, moment: datetime) -> None:
    clock.advance(moment - clock.now())
    for _ in range(2):  # the first tick after the restart, and the next minute's
        await getattr(bot, kind.tick)()
        clock.advance(timedelta(minutes=1))


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
async def test_work_a_little_late_goes_out_once(timed_bot: Harness, clock: FixedClock, kind: Kind) -> None:
    bot = timed_bot
    due = await kind.setup(bot, clock)
    before = kind.count(bot)
    clock.advance(due - timedelta(minutes=30) - clock.now())  # the bot goes down just before it is due
    await restart_after(bot, clock, kind, due + kind.short)
    assert kind.count(bot) == before + 1
    assert await bot.rows(MissedWork) == []


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
async def test_work_long_overdue_is_skipped_and_recorded(timed_bot: Harness, clock: FixedClock, kind: Kind) -> None:
    bot = timed_bot
    due = await kind.setup(bot, clock)
    before = kind.count(bot)
    clock.advance(due - timedelta(minutes=30) - clock.now())
    await restart_after(bot, clock, kind, due + LONG)
    assert kind.count(bot) == before  # nothing stale was sent
    missed = await bot.rows(MissedWork, MissedWork.kind == kind.name)
    assert any(abs(m.due_at - due) <= timedelta(minutes=1) for m in missed), [(m.ref, m.due_at) for m in missed]
    refs = [m.ref for m in await bot.rows(MissedWork)]
    assert len(refs) == len(set(refs))  # each piece of work recorded once


async def test_a_skipped_digest_is_folded_into_the_next(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await digest_due(bot, clock)
    await bot.slack.command("UALICE", "/kudos", "<@UBOB|bob> for the lifetimes walkthrough")  # in week 1
    await restart_after(bot, clock, KINDS[2], FRIDAY_DIGEST + LONG)  # Monday
    clock.advance(FRIDAY_DIGEST + timedelta(days=7, minutes=1) - clock.now())
    await bot.digests_tick()
    circle = await bot.circle("Rust")
    assert circle is not None
    [digest] = [
        m for m in bot.double.workspace.messages_in(circle.channel_id) if "the week of" in texts({"blocks": m.blocks})
    ]
    assert "lifetimes walkthrough" in texts({"blocks": digest.blocks})  # week 1's kudos, in week 2's digest


async def test_admins_see_what_was_skipped(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await sync_profiles(bot)
    await digest_due(bot, clock)
    await restart_after(bot, clock, KINDS[2], FRIDAY_DIGEST + LONG)
    shown = texts((await bot.slack.command("UALICE", "/circles", "deliveries")).last_reply())
    assert "Skipped while Circles was down" in shown and "1 digests" in shown
