"""Keeping each circle in step with its Slack channel: membership events, archiving, renames, and the
periodic reconciliation from `conversations.members` for whatever events were missed."""

from __future__ import annotations

import structlog

from bot.clock import Clock
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.errors import SlackProblem
from bot.services import circle_channels, outbox
from bot.services.circle_channels import ArchiveChange, Joined
from bot.slack.workspaces import WorkspaceGateway
from bot.views import circle_messages
from bot.workflows.home import HomeRefresh

log = structlog.get_logger(__name__)


class CircleChannelWorkflows:
    def __init__(self, db: Database, clock: Clock, home: HomeRefresh, sender: OutboxSender | None = None):
        self.db = db
        self.clock = clock
        self.home = home
        self.sender = sender  # an event's: its workspace's welcomes and notes go out at once

    async def joined(self, team_id: str, channel_id: str, user_id: str) -> int:
        now = self.clock.now()
        async with self.db.session() as session:
            joined = await circle_channels.join(session, team_id, channel_id, user_id, now)
            await _welcome(session, team_id, joined)
            if joined:
                await self.home.queue(session, team_id, [user_id], now)
        if joined and self.sender is not None:
            await self.sender.deliver_due()
        return len(joined)

    async def left(self, team_id: str, channel_id: str, user_id: str) -> int:
        async with self.db.session() as session:
            left = await circle_channels.leave(session, team_id, channel_id, user_id, self.clock.now())
            if left:
                await self.home.queue(session, team_id, [user_id], self.clock.now())
            return left

    async def archived(self, team_id: str, channel_id: str, archived: bool) -> int:
        now = self.clock.now()
        async with self.db.session() as session:
            changes = await circle_channels.set_archived(session, team_id, channel_id, archived, now)
            for change in changes:
                await _tell_organiser(session, team_id, change, now)
        if changes and self.sender is not None:
            await self.sender.deliver_due()
        return len(changes)

    async def renamed(self, team_id: str, channel_id: str, name: str) -> None:
        async with self.db.session() as session:
            await circle_channels.rename(session, team_id, channel_id, name)

    async def reconcile(self, gateway: WorkspaceGateway) -> tuple[int, int]:
        """One workspace: each circle against its channel's members (Slack calls outside transactions)."""
        team_id = gateway.team_id
        bot_user_id = (await gateway.identity()).bot_user_id
        async with self.db.session() as session:
            targets = await circle_channels.reconcile_targets(session, team_id)
        added = removed = 0
        for circle_id, channel_id in targets:
            try:
                in_channel = await gateway.channel_members(channel_id)
                name = (await gateway.channel(channel_id)).name
            except SlackProblem as problem:  # a channel the bot can't see any more: left as it is
                log.info("circle_reconcile_skipped", team_id=team_id, circle_id=circle_id, error=problem.code)
                continue
            async with self.db.session() as session:
                joined, left = await circle_channels.reconcile(
                    session, team_id, circle_id, set(in_channel), bot_user_id, self.clock.now()
                )
                await circle_channels.rename(session, team_id, channel_id, name)
                await _welcome(session, team_id, joined)
                await self.home.queue(session, team_id, [j.user_id for j in joined], self.clock.now())
            added, removed = added + len(joined), removed + left
        if added or removed:
            log.info("circles_reconciled", team_id=team_id, added=added, removed=removed)
        return added, removed


async def _welcome(session, team_id: str, joined: list[Joined]) -> None:  # type: ignore[no-untyped-def]
    for join in joined:
        await outbox.enqueue(
            session,
            team_id=team_id,
            key=f"circle:{join.circle.id}:channel-welcome:{join.user_id}:{join.joined_at.isoformat()}",
            channel=join.user_id,
            message=circle_messages.channel_join_welcome(join.circle),
            now=join.joined_at,
        )


async def _tell_organiser(session, team_id: str, change: ArchiveChange, now) -> None:  # type: ignore[no-untyped-def]
    state = "archived" if change.archived else "unarchived"
    await outbox.enqueue(
        session,
        team_id=team_id,
        key=f"circle:{change.circle.id}:{state}:{now.isoformat()}",
        channel=change.organiser,
        message=circle_messages.channel_archived_note(change.circle, change.archived),
        now=now,
    )
