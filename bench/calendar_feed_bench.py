"""Benchmark: calendar clients polling the feeds of 10,000 members on a real `circles serve`.

10,000 members in 500 weekly circles (two circles each, leaders and topics known for the next
meetings), each with a feed token. Calendar apps poll every few minutes; at one poll per member
per 5 minutes that is 33 requests/s. Measured side by side in one run on the same server, with the
same concurrency: full feeds (200), conditional polls that come back 304, random tokens (404), and
the floor, `/healthz` (one `SELECT 1`: what any request that touches the database costs). The
figure to read: the share of one core the expected polling takes (33 req/s over the capacity).
Failed requests are counted, never raised.

Run: `.venv/bin/python -m bench.calendar_feed_bench [--members 10000] [--seconds 5] [--database URL]`
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import httpx
from sqlalchemy import insert

from bench.common import circles_command, circles_env, double_process, free_port, process, sqlite_url, summary
from bot.config import normalise_database_url
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.db.models import CalendarFeed, Circle, CircleMembership, CircleSchedule, Meeting, Member, Team

CONCURRENCY = 8
POLLS_PER_SECOND_PER_MEMBER = 1 / 300  # every 5 minutes


async def seed(url: str, team_id: str, members: int) -> list[str]:
    """The workspace, straight into the tables (the app's own paths would take minutes for 10,000)."""
    db = Database.from_url(normalise_database_url(url))
    assert db.engine is not None
    await upgrade(db.engine)
    now = datetime.now(UTC)
    circles = max(members // 20, 1)
    tokens = [secrets.token_urlsafe(24) for _ in range(members)]
    async with db.engine.begin() as connection:
        await connection.execute(insert(Team), [{"team_id": team_id, "name": "Bench", "created_at": now}])
        await connection.execute(
            insert(Member),
            [
                {
                    "id": n + 1,
                    "team_id": team_id,
                    "user_id": f"UFEED{n:06d}",
                    "display_name": f"person {n}",
                    "tz": "Europe/Berlin",
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(members)
            ],
        )
        await connection.execute(
            insert(Circle),
            [
                {
                    "id": c + 1,
                    "team_id": team_id,
                    "name": f"Circle {c}",
                    "name_key": f"circle {c}",
                    "channel_id": f"CFEED{c:05d}",
                    "created_by": "UFEED000000",
                    "created_at": now,
                }
                for c in range(circles)
            ],
        )
        await connection.execute(
            insert(CircleSchedule),
            [
                {
                    "team_id": team_id,
                    "circle_id": c + 1,
                    "cadence": "weekly",
                    "weekday": c % 5,
                    "nth": 1,
                    "minute_of_day": 15 * 60,
                    "tz": "Europe/Berlin",
                    "duration_minutes": 60,
                    "meeting_link": "https://meet.example/x",
                    "start_date": date.today(),
                    "lead_days": 3,
                    "paused": False,
                    "sequence": 0,
                    "created_at": now,
                    "updated_at": now,
                }
                for c in range(circles)
            ],
        )
        await connection.execute(
            insert(CircleMembership),
            [
                {
                    "team_id": team_id,
                    "circle_id": (n + k * 7) % circles + 1,
                    "member_id": n + 1,
                    "role": "member",
                    "joined_at": now,
                    "rotation_credit": 0,
                }
                for n in range(members)
                for k in range(2)
                if k == 0 or circles > 1
            ],
        )
        await connection.execute(
            insert(Meeting),
            [
                {
                    "team_id": team_id,
                    "circle_id": c + 1,
                    "starts_at": _next_meeting(c, now),
                    "duration_minutes": 60,
                    "meeting_link": "https://meet.example/x",
                    "leader_member_id": c * 20 % members + 1,
                    "escalated": False,
                    "announced": False,
                    "reminded": False,
                    "created_at": now,
                }
                for c in range(circles)
            ],
        )
        await connection.execute(
            insert(CalendarFeed),
            [{"team_id": team_id, "member_id": n + 1, "token": tokens[n], "created_at": now} for n in range(members)],
        )
    await db.dispose()
    return tokens


def _next_meeting(circle: int, now: datetime) -> datetime:
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    day = now.astimezone(berlin).date()
    day += timedelta(days=(circle % 5 - day.weekday()) % 7 or 7)
    return datetime(day.year, day.month, day.day, 15, tzinfo=berlin).astimezone(UTC)


async def load(port: int, paths: list[tuple[str, dict[str, str]]], seconds: float) -> tuple[list[float], Counter[str]]:
    """Closed loop, CONCURRENCY clients for `seconds`: latencies and what the answers were."""
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    deadline = time.monotonic() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            path, headers = random.choice(paths)
            started = time.monotonic()
            try:
                response = await http.get(path, headers=headers)
            except httpx.HTTPError as error:
                outcomes[type(error).__name__] += 1
                continue
            latencies.append(time.monotonic() - started)
            outcomes[str(response.status_code)] += 1

    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        await asyncio.gather(*(client(http) for _ in range(CONCURRENCY)))
    return latencies, outcomes


async def main(args: argparse.Namespace) -> None:
    url = args.database or sqlite_url()
    async with double_process(users=2) as api_url:
        async with httpx.AsyncClient() as http:
            team_id = (await http.post(api_url + "auth.test", data={"token": "xoxb-circles-bench"})).json()["team_id"]
        tokens = await seed(url, team_id, args.members)
        port = free_port()
        env = circles_env(api_url, url, CIRCLES_PUBLIC_URL=f"http://127.0.0.1:{port}")
        async with process(circles_command(port), port, env):
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
                sample = [f"/calendar/{t}.ics" for t in random.sample(tokens, min(200, len(tokens)))]
                etags = {p: (await http.get(p)).headers.get("etag", "") for p in sample}
            runs = {
                "feed (200)": [(p, {}) for p in sample],
                "poll, unchanged (304)": [(p, {"If-None-Match": etags[p]}) for p in sample],
                "wrong token (404)": [(f"/calendar/{secrets.token_urlsafe(24)}.ics", {}) for _ in range(200)],
                "floor: /healthz": [("/healthz", {})],
            }
            results = {name: await load(port, paths, args.seconds) for name, paths in runs.items()}
    needed = args.members * POLLS_PER_SECOND_PER_MEMBER
    print(f"\ncalendar feeds: {args.members:,} members, polls every 5 min = {needed:.0f} req/s needed")
    print(f"{'request':<24}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'core share':>12}  answers")
    floor_rate = len(results["floor: /healthz"][0]) / args.seconds
    for name, (latencies, outcomes) in results.items():
        rate = len(latencies) / args.seconds
        p50, p99, _ = summary(latencies)
        share = f"{needed / rate:.0%}" if rate else "-"
        answers = ", ".join(f"{k} {v}" for k, v in outcomes.most_common())
        print(f"{name:<24}{rate:>8.0f}{p50:>9.1f}{p99:>9.1f}{share:>12}  {answers}")
    full = len(results["feed (200)"][0]) / args.seconds
    print(f"feed vs floor: {floor_rate / full:.1f}x the cost of the cheapest database request" if full else "")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--database", help="a database URL (default: a fresh SQLite file)")
    asyncio.run(main(parser.parse_args()))
