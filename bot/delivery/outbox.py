"""The outbox sender: claims due rows, calls Slack with no transaction open, records the outcome.

Rows are written by `bot.services.outbox.enqueue` next to the state that caused them. A claim is
one short transaction; the Slack call happens outside any; the outcome is another short
transaction: sent (with the message's channel and ts, for threads and edits), retried later (rate
limits, Slack or network trouble, with exponential backoff), or failed with Slack's reason.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import Outbox
from bot.db.statuses import OutboxStatus
from bot.delivery.claims import claim_statement, due_statement
from bot.delivery.policy import DeliveryPolicy
from bot.errors import SlackProblem, SlackUnavailable
from bot.metrics import OUTBOX_DUE, OUTBOX_OLDEST_SECONDS, RECONCILED, RETRIES, SENDS
from bot.slack.gateway import PostedMessage, SlackGateway
from bot.slack.workspaces import TeamGateways, WorkspaceGateway

log = structlog.get_logger(__name__)

# Transient failures back off 30 s, 1, 2, 4 … minutes up to an hour: about six hours before giving up.
MAX_ATTEMPTS = 12
# How far before a doubtful attempt to look for its message: covers clock skew between us and Slack.
SEARCH_MARGIN = timedelta(hours=1)
# Methods whose repetition shows twice; views.publish and chat.update simply converge when repeated.
NOT_IDEMPOTENT = {"chat.postMessage", "files.upload"}
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


@dataclass
class Claimed:
    id: int
    team_id: str
    method: str
    channel: str
    payload: dict[str, object]
    attempts: int
    thread_ts: str | None
    target: tuple[str, str] | None  # (channel, ts) of the message a chat.update edits
    unconfirmed_since: datetime | None  # an earlier attempt may have reached Slack after this moment
    claimed_at: datetime  # our claim's time, kept in `not_before` while the claim is ours


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _ours(row: Claimed) -> tuple[Any, ...]:
    """The row as we claimed it: an outcome is recorded only if nobody re-armed or took it meanwhile
    (a Home view replaced by a newer one is sent again, not marked sent)."""
    return Outbox.id == row.id, Outbox.status == OutboxStatus.SENDING, Outbox.not_before == row.claimed_at


def _text_or_none(value: object) -> str | None:
    return str(value) if value else None


def marker(row: Claimed) -> str:
    """What a message carries to be found again: the row id (keys name people and dates, and
    metadata is visible to other apps in the conversation)."""
    return f"{row.team_id}:{row.id}"


class OutboxSender:
    """Sends due rows, each with the token of its own workspace.

    Built on a request's `WorkspaceGateway`, it claims that workspace's rows only; built on the jobs'
    gateways (the bot token's workspace, or every installation), it claims every workspace's rows and
    sends each with that workspace's token. No row is ever sent with another workspace's token.
    """

    def __init__(self, db: Database, gateways: TeamGateways, clock: Clock, policy: DeliveryPolicy):
        self.db = db
        self.gateways = gateways
        self._teams: dict[str, WorkspaceGateway | None] = {}  # per sender: one lookup per workspace
        self.clock = clock
        self.policy = policy
        self.limiter = policy.limiter

    async def deliver_due(self, limit: int = 200) -> DeliveryReport:
        report = DeliveryReport()
        # SQLite has no SKIP LOCKED: senders of the one process take turns claiming (jobs and
        # requests send concurrently). PostgreSQL replicas skip each other's locked rows instead.
        turn = self.policy.sqlite_claims if self.db.dialect == "sqlite" else contextlib.nullcontext()
        async with turn, self.db.session() as session:
            batch = await self._claim(session, self.clock.now(), limit)
        # One lane per conversation keeps each conversation's order; lanes run side by side, since
        # Slack's per-channel limit, not our round trips, should be what paces a fan-out.
        lanes: dict[str, list[Claimed]] = {}
        for row in batch:
            lanes.setdefault(row.channel, []).append(row)
        # SQLite has one writer at a time: lanes there would only queue for its lock.
        slots = asyncio.Semaphore(self.policy.lanes if self.db.parallel and self.db.dialect != "sqlite" else 1)

        async def lane(rows: list[Claimed]) -> None:
            for row in rows:
                async with slots:
                    await self._send(row, report)

        await asyncio.gather(*(lane(rows) for rows in lanes.values()))
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
        postgres = session.get_bind().dialect.name == "postgresql"
        scope = self.gateways.scope
        params: dict[str, object] = {"now": now, "stale": now - self.policy.lease, "limit": limit}
        if scope is not None:
            params["team"] = scope
        claimed: list[Claimed] = []
        skipped: dict[str, list[int]] = {}
        due = (await session.execute(due_statement(), {"now": now})).one()
        OUTBOX_DUE.set(due[0])
        OUTBOX_OLDEST_SECONDS.set((now - due[1]).total_seconds() if due[1] else 0)
        found = (await session.execute(claim_statement(postgres, scope is not None), params)).all()
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
                    thread_ts=thread_ts or _text_or_none(row.payload.get("thread_ts")),
                    target=(target_channel, target_ts) if target_ts else None,
                    unconfirmed_since=row.unconfirmed_since,
                    claimed_at=now,
                )
            )
        for reason, ids in skipped.items():
            # Nothing reaches a workspace that removed us, or a person who opted out or left.
            await session.execute(
                update(Outbox).where(Outbox.id.in_(ids)).values(status=OutboxStatus.SKIPPED, last_error=reason)
            )
        if claimed:
            await session.execute(
                update(Outbox)
                .where(Outbox.id.in_([c.id for c in claimed]))
                .values(status=OutboxStatus.SENDING, attempts=Outbox.attempts + 1, not_before=now)
            )
        return claimed

    async def _send(self, row: Claimed, report: DeliveryReport) -> None:
        doubtful = row.unconfirmed_since is not None
        # Fresh rows are taken and marked in one write; doubtful ones are marked after the lookup.
        if not await self._take(row, mark=not doubtful and row.method in NOT_IDEMPOTENT):
            return  # our claim ran out while earlier rows were sent, and another sender took this one
        try:
            gateway = await self._gateway_of(row.team_id)
        except SlackProblem as problem:  # Slack couldn't say whose token this is (auth.test, a rotation)
            await self._record_problem(row, problem, report, slack_answered=False)
            return
        if gateway is None:
            await self._skip(row, "uninstalled")
            return
        try:
            posted = await self._already_posted(gateway, row) if doubtful else None
        except SlackProblem as problem:
            await self._record_problem(row, problem, report, slack_answered=False)
            return
        if posted is None:
            if doubtful and row.method in NOT_IDEMPOTENT and not await self._take(row, mark=True):
                return  # taken over while we looked
            try:
                posted = await self._call_slack(gateway, row)
            except SlackProblem as problem:
                # An error answer (a code, a 429) means Slack posted nothing; no answer means maybe.
                answered = not isinstance(problem, SlackUnavailable) or problem.answered
                await self._record_problem(row, problem, report, slack_answered=answered)
                return
        await self._record_sent(row, posted)
        SENDS.labels(row.method, "sent").inc()
        report.sent += 1

    async def _gateway_of(self, team_id: str) -> WorkspaceGateway | None:
        if team_id not in self._teams:
            team = await self.gateways.for_team(team_id)
            self._teams[team_id] = team.for_outbox() if team is not None else None
        gateway = self._teams[team_id]
        if gateway is not None and gateway.team_id != team_id:
            raise AssertionError(f"a gateway of {gateway.team_id} was offered for {team_id}'s messages")
        return gateway

    async def _take(self, row: Claimed, *, mark: bool) -> bool:
        """Confirm the claim is still ours and renew it; with `mark`, record-then-send.

        A claim covers a whole batch, which can take longer than the lease to send (rate limits,
        Retry-After pauses), so each row is taken again right before its call: only if nobody has
        claimed it since (`not_before` still holds our claim's time). With `mark`, the row also gets
        `unconfirmed_since`, committed before the call, so a crash during the call leaves a trace:
        only rows in flight carry it, and the rest of a dead sender's batch is simply sent again.
        """
        now = self.clock.now()
        values: dict[str, object] = {"not_before": now}
        if mark:
            values["unconfirmed_since"] = now
        async with self.db.session() as session:
            result = await session.execute(update(Outbox).where(*_ours(row)).values(**values))
        row.claimed_at = now
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def _already_posted(self, gateway: SlackGateway, row: Claimed) -> PostedMessage | None:
        """After an attempt whose outcome we never heard, look in Slack before posting again.

        Slack has no idempotency key for chat.postMessage, so each message carries its outbox id as
        metadata, and a doubtful attempt is checked against the conversation's history since then
        (conversations.history/replies: only messages after the attempt, only our own marker).
        """
        if row.unconfirmed_since is None or row.method not in NOT_IDEMPOTENT:
            return None
        since = (row.unconfirmed_since - SEARCH_MARGIN).timestamp()
        await self.limiter.acquire(row.team_id, "conversations.history", row.channel)
        try:
            if row.method == "files.upload":
                found = await gateway.find_upload(row.channel, str(row.payload["filename"]), since, row.thread_ts)
            else:
                found = await gateway.find_marked(row.channel, marker(row), since, row.thread_ts)
        except SlackProblem as problem:
            if isinstance(problem, SlackUnavailable) or problem.code in TRANSIENT_ERRORS:
                raise  # still doubtful: look again on the next attempt
            # Can't look (e.g. installed before Circles asked for history scopes): rather a rare
            # duplicate than a lost message.
            log.warning("delivery_reconcile_unavailable", team_id=row.team_id, outbox_id=row.id, error=problem.code)
            return None
        RECONCILED.labels(row.method, "found" if found else "not_found").inc()
        log.info("delivery_reconciled", team_id=row.team_id, outbox_id=row.id, found=found is not None)
        return found

    async def _call_slack(self, gateway: SlackGateway, row: Claimed) -> PostedMessage:
        await self.limiter.acquire(row.team_id, row.method, row.channel)
        text = str(row.payload.get("text") or "")
        blocks: Any = row.payload.get("blocks")
        if row.method == "views.publish":
            return await gateway.publish_home(row.channel, row.payload["view"])  # type: ignore[arg-type]
        if row.method == "files.upload":
            channel = await gateway.open_dm(row.channel) if row.channel.startswith(("U", "W")) else row.channel
            return await gateway.upload_file(
                channel,
                str(row.payload["filename"]),
                str(row.payload["title"]),
                base64.b64decode(str(row.payload["content_b64"])),
                row.thread_ts,
                str(row.payload.get("alt_text") or ""),
            )
        if row.method == "chat.update" and row.target is not None:
            return await gateway.update_message(row.target[0], row.target[1], text, blocks)
        return await gateway.post_message(row.channel, text, blocks, row.thread_ts, marker=marker(row))

    async def _skip(self, row: Claimed, reason: str) -> None:
        async with self.db.session() as session:
            await session.execute(
                update(Outbox).where(*_ours(row)).values(status=OutboxStatus.SKIPPED, last_error=reason)
            )

    async def _record_sent(self, row: Claimed, posted: PostedMessage) -> None:
        now = self.clock.now()
        async with self.db.session() as session:
            await session.execute(
                update(Outbox)
                .where(*_ours(row))
                .values(
                    status=OutboxStatus.SENT,
                    sent_channel=posted.channel,
                    sent_ts=posted.ts,
                    sent_at=now,
                    last_error=None,
                    unconfirmed_since=None,
                )
            )

    async def _record_problem(
        self, row: Claimed, problem: SlackProblem, report: DeliveryReport, *, slack_answered: bool
    ) -> None:
        now = self.clock.now()
        settled = {"unconfirmed_since": None} if slack_answered else {}
        code = problem.code or "unreachable"
        transient = isinstance(problem, SlackUnavailable) or code in TRANSIENT_ERRORS
        retry_after = problem.retry_after if isinstance(problem, SlackUnavailable) else None
        async with self.db.session() as session:
            if retry_after is not None or (transient and row.attempts < MAX_ATTEMPTS):
                if retry_after is not None:
                    # Slack did nothing and said when to come back: hold the method, don't count an attempt.
                    self.limiter.pause(row.team_id, row.method, retry_after)
                    wait, attempts = timedelta(seconds=retry_after), row.attempts - 1
                else:
                    # Exponential backoff with jitter, so retries from many rows don't arrive together.
                    seconds = min(30 * 2 ** (row.attempts - 1), 3600)
                    wait, attempts = timedelta(seconds=seconds * random.uniform(0.8, 1.2)), row.attempts
                RETRIES.labels(row.method, code).inc()
                # Without an answer from Slack (5xx, dropped connection) `unconfirmed_since` stays: the
                # next attempt looks for the message before resending.
                await session.execute(
                    update(Outbox)
                    .where(*_ours(row))
                    .values(
                        status=OutboxStatus.PENDING,
                        attempts=attempts,
                        not_before=now + wait,
                        last_error=code,
                        **settled,
                    )
                )
                report.retried += 1
                return
            await session.execute(update(Outbox).where(*_ours(row)).values(status=OutboxStatus.FAILED, last_error=code))
            SENDS.labels(row.method, "failed").inc()
            report.failed += 1
            log.warning("delivery_failed", team_id=row.team_id, channel=row.channel, error=code)
            if code in UNREACHABLE_PERSON and row.channel.startswith(("U", "W")):
                await self.policy.on_unreachable(session, row.team_id, row.channel, code)
