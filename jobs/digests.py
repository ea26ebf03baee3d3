"""Weekly circle digests (with the participation chart) and circle anniversaries."""

from __future__ import annotations

from datetime import datetime, timedelta

import structlog
from sqlalchemy import extract, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Circle, CircleSchedule
from bot.deps import Deps
from bot.services import digest, grace, outbox
from bot.slack.workspaces import TeamGateways
from bot.views import celebrations
from bot.views import digest as digest_views
from bot.views.charts import participation_png

log = structlog.get_logger(__name__)


async def run_digests(deps: Deps, gateway: TeamGateways) -> int:
    now = deps.clock.now()
    posted = 0
    async with deps.db.session() as session:
        await _schedule_new_circles(session, now)
        due = (
            await session.execute(
                select(Circle, CircleSchedule.tz)
                .outerjoin(CircleSchedule, CircleSchedule.circle_id == Circle.id)
                .where(
                    Circle.digest_enabled.is_(True),
                    Circle.next_digest_at <= now,
                    Circle.channel_archived_at.is_(None),  # paused with its archived channel
                )
                .with_for_update(of=Circle, skip_locked=True)
            )
        ).all()
        for circle, tz in due:
            due_at = circle.next_digest_at
            assert due_at is not None
            circle.next_digest_at = digest.next_digest_at(circle, tz or "UTC", now)
            ref = f"digest:{circle.id}:{due_at.isoformat()}"
            if not await grace.on_time(session, circle.team_id, grace.Work.DIGEST, ref, due_at, now):
                # Too late to be this week's news: its week is folded into the next digest instead.
                circle.digest_missed_since = circle.digest_missed_since or due_at - timedelta(days=7)
                continue
            data = await digest.gather(session, circle.team_id, circle.id, now, since=circle.digest_missed_since)
            circle.digest_missed_since = None
            if data.is_empty and circle.digest_skip_empty:
                continue
            key = f"digest:{circle.id}:{data.week_start.isoformat()}"
            await outbox.enqueue(
                session,
                team_id=circle.team_id,
                key=key,
                channel=circle.channel_id,
                message=digest_views.digest_message(data),
                now=now,
            )
            if not data.is_empty:
                caption = digest_views.chart_caption(data)
                await outbox.enqueue(
                    session,
                    team_id=circle.team_id,
                    key=f"{key}:chart",
                    channel=circle.channel_id,
                    message=outbox.file_payload(
                        "participation.png", caption, participation_png(data.participation, caption), caption
                    ),
                    method="files.upload",
                    thread_key=key,
                    now=now,
                )
            posted += 1
        posted += await _anniversaries(session, now)
    if posted:
        log.info("digests_queued", count=posted)
    await deps.sender(gateway).drain(rounds=2)
    return posted


async def _schedule_new_circles(session: AsyncSession, now: datetime) -> None:
    """Circles created since the last tick get their first digest time."""
    rows = (
        await session.execute(
            select(Circle, CircleSchedule.tz)
            .outerjoin(CircleSchedule, CircleSchedule.circle_id == Circle.id)
            .where(Circle.next_digest_at.is_(None))
        )
    ).all()
    for circle, tz in rows:
        circle.next_digest_at = digest.next_digest_at(circle, tz or "UTC", now)


async def _anniversaries(session: AsyncSession, now: datetime) -> int:
    """A circle's birthday, posted once a year (the outbox key holds the year)."""
    count = 0
    born_today = select(Circle).where(
        extract("month", Circle.created_at) == now.month,
        extract("day", Circle.created_at) == now.day,
        extract("year", Circle.created_at) < now.year,
    )
    for circle in await session.scalars(born_today):
        years = now.year - circle.created_at.year
        await outbox.enqueue(
            session,
            team_id=circle.team_id,
            key=f"celebrate:anniversary:{circle.id}:{now.year}",
            channel=circle.channel_id,
            message=celebrations.anniversary(circle.name, years),
            now=now,
        )
        count += 1
    return count
