"""Benchmark: one scheduler tick (check-ins, meetings, digests) at 10k and 100k members, and a digest.

Seeds a workspace of N members in N/20 circles of 20, every member with a weekly check-in at a time
spread over the week (so about N/10,080 prompts fall due each minute), every circle with a meeting
rhythm and a weekly digest. After a warm-up tick it times ticks at the next minutes and counts their
SQL queries. The baseline is the same tick at a tenth of the size, measured in the same run: the
query count must not grow with the size, and the tick must stay under 1 s.

Then it builds the weekly digest of a 200-member circle (queries, chart, Block Kit) against a
20-member circle's as the baseline.

Run: `.venv/bin/python -m bench.scheduler_bench [--members 100000] [--database URL]`
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import event, insert

from bench.common import TOKEN
from bot.clock import FixedClock
from bot.config import Settings
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.db.models import Checkin, CheckinSchedule, Circle, CircleMembership, CircleSchedule, Member, Team
from bot.deps import Deps
from bot.services import digest
from bot.slack.workspaces import BotTokenGateways, TeamGateways
from bot.slack_double import SlackDouble
from bot.views.charts import participation_png
from bot.views.digest import chart_caption, digest_message
from jobs.checkins import run_checkins
from jobs.digests import run_digests
from jobs.meetings import run_meetings

START = datetime(2026, 10, 19, 6, tzinfo=UTC)  # a Monday morning
TICKS = 5
PROMPTS_PER_MINUTE = 10  # 100k weekly check-ins spread evenly: 100,000 / 10,080 minutes
TEAM = "T0CIRCLES"
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/Los_Angeles", "Australia/Sydney", "UTC"]


@dataclass
class Counted:
    queries: int = 0


def count_queries(db: Database) -> Counted:
    counted = Counted()

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")  # type: ignore[union-attr]
    def _count(*_: object) -> None:
        counted.queries += 1

    return counted


def due_at(n: int, per_minute: int, rng: random.Random) -> datetime:
    """The same work falls due in each measured minute whatever the size; the rest later in the week."""
    if n < per_minute * (TICKS + 1):
        return START + timedelta(minutes=n // per_minute)
    return START + timedelta(days=1, minutes=rng.randrange(6 * 24 * 60))


async def seed(db: Database, members: int, rng: random.Random) -> None:
    now = START - timedelta(days=30)
    circles = members // 20
    async with db.session() as session:
        await session.execute(insert(Team).values(team_id=TEAM, name="Bench", created_at=now))
        await session.execute(
            insert(Member),
            [
                {
                    "team_id": TEAM,
                    "user_id": f"U{n:06d}",
                    "display_name": f"member{n}",
                    "real_name": f"Member {n}",
                    "tz": ZONES[n % len(ZONES)],
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(members)
            ],
        )
        await session.execute(
            insert(Circle),
            [
                {
                    "team_id": TEAM,
                    "name": f"Circle {c}",
                    "name_key": f"circle {c}",
                    "channel_id": f"C{c:06d}",
                    "created_by": f"U{c * 20:06d}",
                    "created_at": now,
                    "next_digest_at": due_at(c, 1, rng),
                }
                for c in range(circles)
            ],
        )
        await session.execute(
            insert(CircleMembership),
            [
                {"team_id": TEAM, "circle_id": n // 20 + 1, "member_id": n + 1, "joined_at": now}
                for n in range(circles * 20)
            ],
        )
        await session.execute(
            insert(CircleSchedule),
            [
                {
                    "team_id": TEAM,
                    "circle_id": c + 1,
                    "cadence": "weekly",
                    "weekday": c % 5,
                    "minute_of_day": 17 * 60,
                    "tz": ZONES[c % len(ZONES)],
                    "start_date": date(2027, 1, 4),
                    "created_at": now,
                    "updated_at": now,
                }
                for c in range(circles)
            ],
        )
        await session.execute(
            insert(CheckinSchedule),
            [
                {
                    "team_id": TEAM,
                    "member_id": n + 1,
                    "weekday": (n // 1440) % 7,
                    "minute_of_day": n % 1440,
                    "anchor_date": date(2026, 10, 19),
                    "created_at": now,
                    "updated_at": now,
                    "next_prompt_at": due_at(n, PROMPTS_PER_MINUTE, rng),
                }
                for n in range(members)
            ],
        )


async def tick(deps: Deps, gateway: TeamGateways) -> None:
    await run_checkins(deps, gateway)
    await run_meetings(deps, gateway)
    await run_digests(deps, gateway)


async def measure_ticks(members: int, database: str | None, double: SlackDouble) -> tuple[float, float, int]:
    url = database or f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='circles-bench-')}/tick.db"
    db = Database.from_url(url)
    await upgrade(db.engine)  # type: ignore[arg-type]
    await seed(db, members, random.Random(members))
    clock = FixedClock(START)
    settings = Settings(_env_file=None, slack_bot_token=TOKEN, slack_api_url=double.api_url, rate_limits=False)  # type: ignore[call-arg]
    deps = Deps(settings=settings, db=db, clock=clock)
    gateway = BotTokenGateways(AsyncWebClient(token=TOKEN, base_url=double.api_url))
    await tick(deps, gateway)  # warm-up: caches, the first digest/meeting planning
    counted = count_queries(db)
    timings = []
    for _ in range(TICKS):
        clock.advance(timedelta(minutes=1))
        counted.queries = 0
        started = time.perf_counter()
        await tick(deps, gateway)
        timings.append(time.perf_counter() - started)
    await db.dispose()
    return sorted(timings)[len(timings) // 2], max(timings), counted.queries // TICKS


async def measure_digest(circle_size: int) -> tuple[float, int]:
    db = Database.from_url(f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='circles-bench-')}/digest.db")
    await upgrade(db.engine)  # type: ignore[arg-type]
    await seed(db, circle_size, random.Random(1))
    async with db.session() as session:
        week = [START - timedelta(days=d) for d in range(56)]
        await session.execute(
            insert(Checkin),
            [
                {
                    "team_id": TEAM,
                    "member_id": m + 1,
                    "period_date": day.date(),
                    "status": "answered",
                    "prompted_at": day,
                    "answered_at": day,
                    "learned": f"Learned thing {m}",
                    "shareable": True,
                }
                for m in range(circle_size)
                for day in week[::7]
            ],
        )
        if circle_size > 20:  # everyone in circle 1 (the seed puts 20 in each circle)
            await session.execute(
                insert(CircleMembership),
                [
                    {"team_id": TEAM, "circle_id": 1, "member_id": m + 1, "joined_at": START}
                    for m in range(20, circle_size)
                ],
            )
    async with db.session() as session:  # warm-up (matplotlib's first figure)
        participation_png((await digest.gather(session, TEAM, 1, START)).participation, "warm-up")
    counted = count_queries(db)
    started = time.perf_counter()
    for _ in range(5):
        async with db.session() as session:
            data = await digest.gather(session, TEAM, 1, START)
        digest_message(data)
        participation_png(data.participation, chart_caption(data))
    elapsed = (time.perf_counter() - started) / 5
    await db.dispose()
    return elapsed, counted.queries // 5


async def main(args: argparse.Namespace) -> None:
    double = SlackDouble(token=TOKEN)
    for n in range(args.members):
        double.workspace.add_user(f"U{n:06d}", f"member{n}")
    for c in range(args.members // 20):
        channel = double.workspace.add_channel(f"circle-{c}", members={double.workspace.bot_user_id})
        double.workspace.channels[f"C{c:06d}"] = double.workspace.channels.pop(channel.id)
        double.workspace.channels[f"C{c:06d}"].id = f"C{c:06d}"
    await double.start()
    rows = []
    for members in (args.members // 10, args.members):
        median, worst, queries = await measure_ticks(members, args.database, double)
        rows.append((members, median, worst, queries))
    small_digest, large_digest = await measure_digest(20), await measure_digest(200)
    await double.stop()

    base = rows[0]
    print(f"\nscheduler tick (check-ins + meetings + digests, sends included), {args.database or 'SQLite'}")
    print(f"(every tick: {PROMPTS_PER_MINUTE} check-in prompts and 1 digest fall due and are sent)")
    print(f"{'members':>9}{'circles':>9}{'median s':>10}{'worst s':>9}{'queries':>9}{'time / base':>13}")
    for members, median, worst, queries in rows:
        print(f"{members:>9}{members // 20:>9}{median:>10.3f}{worst:>9.3f}{queries:>9}{median / base[1]:>12.2f}x")
    print("goals: tick < 1 s at 100k members / 5k circles; queries independent of size")
    print(
        f"\ndigest: 20 members {small_digest[0] * 1000:.0f} ms ({small_digest[1]} queries), "
        f"200 members {large_digest[0] * 1000:.0f} ms ({large_digest[1]} queries), "
        f"ratio {large_digest[0] / small_digest[0]:.2f}x"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--database", help="SQLAlchemy URL of an empty database (default: a fresh SQLite file)")
    asyncio.run(main(parser.parse_args()))
