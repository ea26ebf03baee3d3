"""The outbox sender: claims due rows, calls Slack with no transaction open, records the outcome.

Rows are written by `bot.services.outbox.enqueue` next to the state that caused them. A claim is
one short transaction; the Slack call happens outside any; the outcome is another short
transaction: sent (with the message's channel and ts, for threads and edits), retried later (rate
limits, Slack or network trouble, with exponential backoff), or failed with Slack's reason.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import Member, Outbox, Team
from bot.delivery import ratelimit
from bot.delivery.ratelimit import RateLimiter
from bot.errors import SlackProblem, SlackUnavailable
from bot.metrics import OUTBOX_DUE, OUTBOX_OLDEST_SECONDS, RETRIES, SENDS
from bot.services import checkins
from bot.slack.gateway import PostedMessage, SlackGateway

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 6
CLAIM_LEASE = timedelta(minutes=5)  # a row left "sending" by a crashed sender is retried after this
TRANSIENT_ERRORS = {
    "ratelimited",
    "rate_limited",
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
}
# Slack's answers that mean "this person can't get DMs from us any more".
UNREACHABLE_PERSON = {
    "user_not_found",
    "account_inactive",
    "cannot_dm_bot",
    "user_disabled",
    "channel_not_found",
}


@dataclass(frozen=True)
class Claimed:
    id: int
    team_id: str
    method: str
    channel: str
    payload: dict[str, object]
    attempts: int
    thread_ts: str | None
    target: tuple[str, str] | None  # (channel, ts) of the message a chat.update edits


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


class OutboxSender:
    def __init__(self, db: Database, gateway: SlackGateway, clock: Clock, limiter: RateLimiter | None = None):
        self.db = db
        self.gateway = gateway
        self.clock = clock
        self.limiter = limiter or ratelimit.current()

    async def deliver_due(self, limit: int = 200) -> DeliveryReport:
        report = DeliveryReport()
        async with self.db.session() as session:
            batch = await self._claim(session, self.clock.now(), limit)
        for row in batch:
            await self._send(row, report)
        return report

    async def drain(self, rounds: int = 20) -> DeliveryReport:
        """Deliver until nothing due is left (threads need their parent sent first)."""
        total = DeliveryReport()
        for _ in range(rounds):
            report = await self.deliver_due()
            total.sent += report.sent
            total.retried += report.retried
            total.failed += report.failed
            if report.sent == 0:
                break
        return total

    async def _claim(self, session: AsyncSession, now: datetime, limit: int) -> Sequence[Claimed]:
        parent = aliased(Outbox)
        target = aliased(Outbox)
        person = aliased(Member)  # the addressee of a DM (a row whose channel is a user id)
        query = (
            select(
                Outbox,
                parent.sent_ts,
                target.sent_channel,
                target.sent_ts,
                Team.uninstalled_at,
                person.opted_out_at,
                person.is_deleted,
            )
            .join(Team, Team.team_id == Outbox.team_id)
            .outerjoin(parent, and_(parent.team_id == Outbox.team_id, parent.key == Outbox.thread_key))
            .outerjoin(target, and_(target.team_id == Outbox.team_id, target.key == Outbox.update_key))
            .outerjoin(person, and_(person.team_id == Outbox.team_id, person.user_id == Outbox.channel))
            .where(
                or_(
                    and_(Outbox.status == "pending", Outbox.not_before <= now),
                    and_(Outbox.status == "sending", Outbox.not_before <= now - CLAIM_LEASE),
                ),
                or_(Outbox.thread_key.is_(None), parent.sent_ts.is_not(None)),
                or_(Outbox.update_key.is_(None), target.sent_ts.is_not(None)),
            )
            .order_by(Outbox.id)
            .limit(limit)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=Outbox, skip_locked=True)
        claimed: list[Claimed] = []
        skipped: dict[str, list[int]] = {}
        due = (
            await session.execute(
                select(func.count(Outbox.id), func.min(Outbox.not_before)).where(
                    Outbox.status == "pending", Outbox.not_before <= now
                )
            )
        ).one()
        OUTBOX_DUE.set(due[0])
        OUTBOX_OLDEST_SECONDS.set((now - due[1]).total_seconds() if due[1] else 0)
        found = (await session.execute(query)).all()
        for row, thread_ts, target_channel, target_ts, uninstalled, opted_out, deleted in found:
            # Home tabs still update for people who opted out: that's where they opt back in.
            muted = opted_out and row.method != "views.publish"
            reason = "uninstalled" if uninstalled else "opted_out" if muted else "deactivated" if deleted else None
            if reason:
                skipped.setdefault(reason, []).append(row.id)
                continue
            claimed.append(
                Claimed(
                    id=row.id,
                    team_id=row.team_id,
                    method=row.method,
                    channel=row.channel,
                    payload=row.payload,
                    attempts=row.attempts + 1,
                    thread_ts=thread_ts,
                    target=(target_channel, target_ts) if target_ts else None,
                )
            )
        for reason, ids in skipped.items():
            # Nothing reaches a workspace that removed us, or a person who opted out or left.
            await session.execute(update(Outbox).where(Outbox.id.in_(ids)).values(status="skipped", last_error=reason))
        if claimed:
            await session.execute(
                update(Outbox)
                .where(Outbox.id.in_([c.id for c in claimed]))
                .values(status="sending", attempts=Outbox.attempts + 1, not_before=now)
            )
        return claimed

    async def _send(self, row: Claimed, report: DeliveryReport) -> None:
        await self.limiter.acquire(row.team_id, row.method, row.channel)
        text = str(row.payload.get("text") or "")
        blocks = row.payload.get("blocks")
        try:
            if row.method == "views.publish":
                posted = await self.gateway.publish_home(row.channel, row.payload["view"])  # type: ignore[arg-type]
            elif row.method == "files.upload":
                channel = await self.gateway.open_dm(row.channel) if row.channel.startswith(("U", "W")) else row.channel
                posted = await self.gateway.upload_file(
                    channel,
                    str(row.payload["filename"]),
                    str(row.payload["title"]),
                    base64.b64decode(str(row.payload["content_b64"])),
                    row.thread_ts,
                    str(row.payload.get("alt_text") or ""),
                )
            elif row.method == "chat.update" and row.target is not None:
                posted = await self.gateway.update_message(row.target[0], row.target[1], text, blocks)  # type: ignore[arg-type]
            else:
                posted = await self.gateway.post_message(row.channel, text, blocks, row.thread_ts)  # type: ignore[arg-type]
        except SlackProblem as problem:
            await self._record_problem(row, problem, report)
            return
        await self._record_sent(row, posted)
        SENDS.labels(row.method, "sent").inc()
        report.sent += 1

    async def _record_sent(self, row: Claimed, posted: PostedMessage) -> None:
        now = self.clock.now()
        async with self.db.session() as session:
            await session.execute(
                update(Outbox)
                .where(Outbox.id == row.id)
                .values(
                    status="sent",
                    sent_channel=posted.channel,
                    sent_ts=posted.ts,
                    sent_at=now,
                    last_error=None,
                )
            )

    async def _record_problem(self, row: Claimed, problem: SlackProblem, report: DeliveryReport) -> None:
        now = self.clock.now()
        code = problem.code or "unreachable"
        transient = isinstance(problem, SlackUnavailable) or code in TRANSIENT_ERRORS
        async with self.db.session() as session:
            if transient and row.attempts < MAX_ATTEMPTS:
                # Exponential backoff with jitter, so retries from many rows don't arrive together.
                seconds = min(30 * 2 ** (row.attempts - 1), 3600)
                backoff = timedelta(seconds=seconds * random.uniform(0.8, 1.2))
                RETRIES.labels(row.method, code).inc()
                await session.execute(
                    update(Outbox)
                    .where(Outbox.id == row.id)
                    .values(status="pending", not_before=now + backoff, last_error=code)
                )
                report.retried += 1
                return
            await session.execute(update(Outbox).where(Outbox.id == row.id).values(status="failed", last_error=code))
            SENDS.labels(row.method, "failed").inc()
            report.failed += 1
            log.warning("delivery_failed", team_id=row.team_id, channel=row.channel, error=code)
            if code in UNREACHABLE_PERSON and row.channel.startswith(("U", "W")):
                await checkins.mark_unreachable(session, row.team_id, row.channel, code)
