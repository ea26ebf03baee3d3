"""Benchmark: 10,000 check-in DMs through the outbox against the Slack double enforcing a rate limit.

The double answers HTTP 429 with Retry-After over `--limit` chat.postMessage calls a second (Slack's
workspace-wide posting limit is not published; pick the one you expect). The baseline is the
limit-imposed minimum, `messages / limit` seconds. Goals: time <= 1.1x the minimum, 429 share <= 1 %,
0 lost, 0 duplicate.

Run: `.venv/bin/python -m bench.delivery_bench [--messages 10000] [--limit 100] [--database URL]`
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import func, select

from bench.common import TOKEN
from bot.clock import SystemClock
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.db.models import Outbox
from bot.delivery.outbox import OutboxSender
from bot.delivery.policy import DeliveryPolicy
from bot.delivery.ratelimit import RateLimiter
from bot.services import outbox
from bot.services.members import ensure_team
from bot.slack.workspaces import BotTokenGateways
from bot.slack_double import SlackDouble


async def main(args: argparse.Namespace) -> None:
    double = SlackDouble(token=TOKEN)
    people = [double.workspace.add_user(f"U{n:06d}", f"member{n}").id for n in range(args.messages)]
    double.limit("chat.postMessage", per_second=args.limit, burst=args.limit)
    await double.start()
    url = args.database or f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='circles-bench-')}/delivery.db"
    db = Database.from_url(url)
    await upgrade(db.engine)  # type: ignore[arg-type]
    now = datetime.now(UTC)
    async with db.session() as session:
        await ensure_team(session, double.workspace.team_id, now)
        for user in people:
            await outbox.enqueue(
                session,
                team_id=double.workspace.team_id,
                key=f"bench:{user}",
                channel=user,
                message={"text": f"Time for your check-in, {user}"},
                now=now,
            )

    client = AsyncWebClient(token=TOKEN, base_url=double.api_url)
    limiter = RateLimiter(workspace_posts_per_second=args.limit)
    sender = OutboxSender(db, BotTokenGateways(client), SystemClock(), DeliveryPolicy(limiter=limiter))
    started = time.perf_counter()
    while await _unsent(db):
        report = await sender.deliver_due(limit=500)
        if report.sent == 0:
            await asyncio.sleep(0.05)  # rows waiting out a Retry-After
    elapsed = time.perf_counter() - started

    calls = double.calls_to("chat.postMessage")
    limited = sum(1 for call in calls if call.error == "ratelimited")
    delivered = Counter(m.text for m in double.workspace.messages)
    expected = {f"Time for your check-in, {user}" for user in people}
    lost = len(expected - delivered.keys())
    duplicates = sum(count - 1 for count in delivered.values() if count > 1)
    minimum = (args.messages - args.limit) / args.limit  # the first `limit` go out as a burst
    await double.stop()
    await db.dispose()

    print(f"\n{args.messages} DMs, Slack double limited to {args.limit:g} chat.postMessage/s ({url.split(':')[0]})")
    print(f"time               {elapsed:8.1f} s")
    print(f"limit-imposed min  {minimum:8.1f} s    ratio {elapsed / minimum:.2f}x (goal <= 1.1x)")
    print(f"429 answers        {limited:8d}      share {limited / len(calls):.2%} of {len(calls)} calls (goal <= 1 %)")
    print(f"lost / duplicate   {lost:8d} / {duplicates}  (goal 0 / 0)")


async def _unsent(db: Database) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count(Outbox.id)).where(Outbox.status != "sent")) or 0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--limit", type=float, default=100)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    asyncio.run(main(parser.parse_args()))
