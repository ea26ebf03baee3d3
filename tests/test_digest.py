"""Channel digests and celebrations: content against seeded data, limits, the chart, query count, once-only."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FixedClock
from bot.db.engine import Database
from bot.db.models import Checkin, Circle, CircleMembership, Kudos, Member, Resource, Team
from bot.services import digest
from bot.services.checkins import CheckinAnswer
from tests.harness import Harness, texts
from tests.test_checkins import sync_profiles

FRIDAY_DIGEST = datetime(2026, 10, 23, 16, tzinfo=UTC)  # Friday 16:00 in the circle's zone (UTC here)


async def check_in(bot: Harness, user: str, learned: str, shareable: bool) -> None:
    flows = bot.deps.checkins(bot.client, bot.team_id)
    checkin_id, _ = await flows.start(bot.team_id, user)
    await flows.answer(bot.team_id, user, checkin_id, CheckinAnswer(progress={}, learned=learned, shareable=shareable))


async def at(bot: Harness, clock: FixedClock, moment: datetime) -> None:
    clock.advance(moment - clock.now())
    await bot.digests_tick()


def digests_in(bot: Harness, channel: str) -> list:  # type: ignore[type-arg]
    return [m for m in bot.double.workspace.messages_in(channel) if m.text.endswith("weekly digest")]


async def test_digest_content_chart_and_once_per_week(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await sync_profiles(bot)
    await bot.slack.command("UALICE", "/circle", "create Rust")
    for user in ("UBOB", "UCAROL"):
        await bot.slack.command(user, "/circle", "join rust")
    circle = await bot.circle("Rust")
    assert circle is not None
    from tests.test_circle_rhythm import schedule

    _, saved = await schedule(
        bot, "UALICE", "Rust", {"schedule_weekday": "3", "schedule_time": "18:00", "schedule_tz": "UTC"}
    )
    assert not saved.response.content  # Alice's "today" (New York) is a day behind the meeting's (UTC): accepted
    await bot.digests_tick()  # the circle gets its first digest time: Friday 16:00

    await check_in(bot, "UBOB", "Traits finally make sense", shareable=True)
    await check_in(bot, "UCAROL", "My private reflection", shareable=False)
    await bot.slack.command("UALICE", "/kudos", "<@UBOB> for the great pairing session")
    await bot.slack.command("UBOB", "/circle", "share rust https://doc.rust-lang.org/book Ownership chapter")
    await bot.slack.command("UALICE", "/goal", "set Ship the CLI in rust")
    from bot.db.models import Goal

    async with bot.deps.db.session() as session:  # make the goal one the circle may see
        goal = (await session.execute(__import__("sqlalchemy").select(Goal))).scalar_one()
        goal.visibility = "circle"
    await bot.slack.command("UALICE", "/goal", "done 1")

    await at(bot, clock, FRIDAY_DIGEST - timedelta(minutes=1))
    assert digests_in(bot, circle.channel_id) == []
    await at(bot, clock, FRIDAY_DIGEST)
    await bot.digests_tick()  # a second run (or a restart) in the same minute posts nothing twice
    [posted] = digests_in(bot, circle.channel_id)
    shown = texts({"blocks": posted.blocks})
    assert "2 of 3 members checked in this week (+2 vs last week)" in shown
    assert "<@UBOB>: Traits finally make sense" in shown
    assert "My private reflection" not in shown
    assert "<@UALICE>: Ship the CLI" in shown
    assert "<@UALICE> → <@UBOB>: the great pairing session" in shown
    assert "https://doc.rust-lang.org/book (Ownership chapter)" in shown
    assert "1 member hasn't checked in for a while" in shown
    next_thursday = int(datetime(2026, 10, 29, 18, tzinfo=UTC).timestamp())
    assert f"Next meeting:* <!date^{next_thursday}^" in shown and "leader to be confirmed" in shown
    celebrated = [m for m in bot.double.workspace.messages_in(circle.channel_id) if "completed a goal" in m.text]
    assert len(celebrated) == 1 and "Ship the CLI" in celebrated[0].text

    [chart] = [m for m in bot.double.workspace.messages_in(circle.channel_id) if m.files]
    assert chart.thread_ts == posted.ts
    png = bot.double.workspace.files[chart.files[0]]["content"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (600, 250)

    await at(bot, clock, FRIDAY_DIGEST + timedelta(days=7))
    assert len(digests_in(bot, circle.channel_id)) == 2


async def test_empty_week_gets_a_note_or_is_skipped(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    for name in ("Quiet", "Silent"):
        await bot.slack.command("UALICE", "/circle", f"create {name}")
    skipped = texts((await bot.slack.command("UALICE", "/circle", "digest Silent skip-empty on")).last_reply())
    assert "Empty weeks get skipped" in skipped
    await bot.digests_tick()
    await at(bot, clock, FRIDAY_DIGEST)
    quiet, silent = await bot.circle("Quiet"), await bot.circle("Silent")
    [note] = digests_in(bot, quiet.channel_id)  # type: ignore[union-attr]
    assert "A quiet week" in texts({"blocks": note.blocks})
    assert not [m for m in bot.double.workspace.messages_in(quiet.channel_id) if m.files]  # type: ignore[union-attr]
    assert digests_in(bot, silent.channel_id) == []  # type: ignore[union-attr]


async def test_digest_settings_and_preview(timed_bot: Harness) -> None:
    bot = timed_bot
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UBOB", "/circle", "join rust")
    moved = texts((await bot.slack.command("UALICE", "/circle", "digest rust monday 09:30")).last_reply())
    assert "every Monday at 09:30 (UTC)" in moved
    refused = texts((await bot.slack.command("UBOB", "/circle", "digest rust off")).last_reply())
    assert "Only Circles admins" in refused  # Bob is neither the organiser nor an admin
    preview = (await bot.slack.command("UBOB", "/circle", "digest rust preview")).last_reply()
    assert "Rust: the week of" in texts(preview)


async def test_long_sections_are_truncated_and_the_message_stays_valid(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await bot.slack.command("UALICE", "/circle", "create Busy")
    busy = await bot.circle("Busy")
    assert busy is not None
    for n in range(12):
        user = f"UMEMBER{n:02d}"
        bot.double.workspace.add_user(user, f"member{n}")
        await bot.slack.command(user, "/circle", "join busy")
        await check_in(bot, user, f"Learned thing number {n} " + "x" * 400, shareable=True)
        await bot.slack.command(user, "/circle", f"share busy https://example.com/{n} " + "note " * 50)
    await bot.digests_tick()
    await at(bot, clock, FRIDAY_DIGEST)
    [posted] = digests_in(bot, busy.channel_id)
    shown = texts({"blocks": posted.blocks})
    assert shown.count("_and 7 more_") == 2  # highlights and resources: 5 shown each
    assert len(posted.blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in posted.blocks)
    # The double validated the message against Block Kit when it was posted (a violation fails the test).


async def test_digest_queries_do_not_grow_with_the_circle(db: Database, migrated_engine: AsyncEngine) -> None:
    now = datetime(2026, 10, 23, 16, tzinfo=UTC)
    async with db.session() as session:
        await session.execute(insert(Team).values(team_id="TBIG", name="Big", created_at=now))
        circle_id = (
            await session.execute(
                insert(Circle)
                .values(
                    team_id="TBIG",
                    name="Big",
                    name_key="big",
                    description="",
                    channel_id="CBIG",
                    created_by="U0",
                    created_at=now,
                )
                .returning(Circle.id)
            )
        ).scalar_one()
        member_rows = [
            {
                "team_id": "TBIG",
                "user_id": f"U{n:04d}",
                "display_name": f"m{n}",
                "real_name": "",
                "tz": "UTC",
                "tz_offset": 0,
                "is_bot": False,
                "is_deleted": False,
                "is_admin": False,
                "is_owner": False,
                "status_text": "",
                "status_emoji": "",
                "created_at": now,
                "updated_at": now,
            }
            for n in range(200)
        ]
        ids = (await session.execute(insert(Member).values(member_rows).returning(Member.id))).scalars().all()
        await session.execute(
            insert(CircleMembership).values(
                [
                    {
                        "team_id": "TBIG",
                        "circle_id": circle_id,
                        "member_id": m,
                        "role": "member",
                        "joined_at": now,
                        "rotation_credit": 0,
                    }
                    for m in ids
                ]
            )
        )
        checkins = [
            {
                "team_id": "TBIG",
                "member_id": m,
                "period_date": (now - timedelta(weeks=w)).date(),
                "scheduled": True,
                "status": "answered",
                "prompted_at": now - timedelta(weeks=w, hours=1),
                "answered_at": now - timedelta(weeks=w),
                "reminders_sent": 0,
                "learned": "stuff",
                "blockers": "",
                "shareable": w == 0,
            }
            for m in ids
            for w in range(6)
        ]
        await session.execute(insert(Checkin).values(checkins))
        await session.execute(
            insert(Kudos).values(
                [
                    {
                        "team_id": "TBIG",
                        "giver_member_id": ids[n],
                        "receiver_member_id": ids[n + 1],
                        "message": "thanks",
                        "circle_id": circle_id,
                        "source": "command",
                        "source_ref": f"k{n}",
                        "created_at": now - timedelta(days=1),
                    }
                    for n in range(100)
                ]
            )
        )
        await session.execute(
            insert(Resource).values(
                [
                    {
                        "team_id": "TBIG",
                        "circle_id": circle_id,
                        "url": f"https://e.com/{n}",
                        "note": "",
                        "shared_by": "U0001",
                        "created_at": now - timedelta(days=2),
                    }
                    for n in range(50)
                ]
            )
        )
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(migrated_engine.sync_engine, "before_cursor_execute", count)
    try:
        async with db.session() as session:
            data = await digest.gather(session, "TBIG", circle_id, now)
    finally:
        event.remove(migrated_engine.sync_engine, "before_cursor_execute", count)
    assert data.members == 200 and data.participation[-1].answered == 200
    assert len(data.highlights) == 200 and len(data.kudos) == 100 and len(data.resources) == 50
    assert data.streaks[0][1] == 6
    queries = [s for s in statements if not s.upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN"))]
    assert len(queries) <= 10, queries


async def test_celebrations_fire_once(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UBOB", "/circle", "join rust")
    circle = await bot.circle("Rust")
    assert circle is not None
    # Five weekly check-ins in a row: a first-check-in and a 5-streak celebration, once each.
    from tests.test_checkins import at as tick_at
    from tests.test_checkins import local_ten

    for week in range(7):
        await tick_at(bot, clock, local_ten(datetime(2026, 10, 19) + timedelta(weeks=week), "UTC"))
        await check_in(bot, "UBOB", f"Week {week}", shareable=False)
    posts = [m.text for m in bot.double.workspace.messages_in(circle.channel_id)]
    assert sum("first check-in" in p for p in posts) == 1
    assert sum("5 times in a row" in p for p in posts) == 1
    # A circle's birthday, once however often the job runs that day.
    await at(bot, clock, datetime(2027, 10, 19, 9, tzinfo=UTC))
    await at(bot, clock, datetime(2027, 10, 19, 15, tzinfo=UTC))
    birthdays = [m for m in bot.double.workspace.messages_in(circle.channel_id) if ":birthday:" in m.text]
    assert len(birthdays) == 1 and "1 year old today" in birthdays[0].text
