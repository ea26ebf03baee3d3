"""Giving kudos (command, shortcut, reaction) and reading the leaderboard."""

from __future__ import annotations

from bot.clock import Clock
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.errors import AlreadyExists, InvalidInput
from bot.services import directory, kudos, members, outbox, team_settings
from bot.services.kudos import GivenKudos, KudosRequest, MyKudos, Ranked
from bot.slack.workspaces import WorkspaceGateway
from bot.views import kudos as kudos_views
from bot.workflows.home import HomeRefresh


class KudosWorkflows:
    def __init__(self, db: Database, gateway: WorkspaceGateway, clock: Clock, sender: OutboxSender, home: HomeRefresh):
        self.db = db
        self.gateway = gateway
        self.clock = clock
        self.sender = sender  # this workspace's messages only (built on the same gateway)
        self.home = home

    async def _learn_unknown(self, team_id: str, user_ids: list[str]) -> None:
        """Fetch profiles we haven't synced yet, so bots and deactivated accounts are recognised."""
        async with self.db.session() as session:
            unknown = [u for u in user_ids if await members.get_member(session, team_id, u) is None]
        profiles = []
        for user_id in unknown:  # rare: the directory sync normally knows everyone
            profile = await self.gateway.profile(user_id)
            if profile is None:
                raise InvalidInput(f"I can't find <@{user_id}> in this workspace. Pick someone from the @ list.")
            profiles.append(profile)
        if profiles:
            async with self.db.session() as session:
                await directory.apply_profiles(session, team_id, profiles, self.clock.now())

    async def give(self, team_id: str, request: KudosRequest) -> GivenKudos:
        await self._learn_unknown(team_id, request.receivers)
        # Slack first (never inside the transaction): can the kudos be posted where they were given?
        postable = bool(request.channel_id) and await self.gateway.can_post(str(request.channel_id))
        now = self.clock.now()
        async with self.db.session() as session:
            given = await kudos.give(session, team_id, request, now, postable=postable)
            if given.post_channel:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"kudos:{given.source_ref}:post",
                    channel=given.post_channel,
                    message=kudos_views.kudos_post(given),
                    now=now,
                    thread_ts=given.post_thread_ts,
                )
            for receiver in given.receivers:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"kudos:{given.source_ref}:dm:{receiver}",
                    channel=receiver,
                    message=kudos_views.kudos_dm(given),
                    now=now,
                )
            await self.home.queue(session, team_id, given.receivers, now)
        await self.sender.deliver_due()
        return given

    async def give_by_reaction(
        self, team_id: str, giver: str, reaction: str, author: str | None, channel: str, ts: str
    ) -> None:
        """An admin-chosen reaction on someone's message counts as kudos to its author (same daily limit)."""
        async with self.db.session() as session:
            settings = await team_settings.get(session, team_id, self.clock.now())
            chosen = settings.kudos_reaction
        if not chosen or reaction != chosen or not author or author == giver:
            return
        request = KudosRequest(
            giver=giver,
            receivers=[author],
            message=f"reacted with :{reaction}: to their message",
            value=None,
            source="reaction",
            source_ref=f"reaction:{channel}:{ts}:{giver}",
        )
        try:
            await self.give(team_id, request)
        except AlreadyExists:
            return  # the same reaction event delivered twice
        except InvalidInput as refused:
            async with self.db.session() as session:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"kudos:{request.source_ref}:refused",
                    channel=giver,
                    message=kudos_views.reply_text(f"Your :{reaction}: didn't count as kudos: {refused}"),
                    now=self.clock.now(),
                )
            await self.sender.deliver_due()

    async def leaderboard(self, team_id: str, period: str) -> tuple[list[Ranked], list[Ranked]]:
        async with self.db.read() as session:
            return await kudos.leaderboard(session, team_id, period, self.clock.now())

    async def mine(self, team_id: str, user_id: str) -> MyKudos:
        async with self.db.session() as session:
            return await kudos.mine(session, team_id, user_id, self.clock.now())

    async def values(self, team_id: str) -> list[str]:
        async with self.db.session() as session:
            return list((await team_settings.get(session, team_id, self.clock.now())).company_values)
