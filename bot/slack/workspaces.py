"""Which workspace a token acts for: a token only ever acts for its own workspace.

A request's `WorkspaceGateway` is bound to the request's team; jobs get `TeamGateways`, which hand
out one `WorkspaceGateway` per workspace (the bot token's one here, each installation's in
`bot.slack.installations`). Outbox senders are built on these, so none can send a workspace's
message with another's token.
"""

from __future__ import annotations

from typing import Protocol

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.client import outbox_client
from bot.slack.gateway import SlackGateway


class TeamGateways(Protocol):
    """The gateways a sender may use, by workspace: a token only ever acts for its own workspace.

    `scope` is the one workspace these gateways can act for (a request's), or None for every
    workspace with a token (the jobs'); `for_team` answers None for a workspace it holds no token of.
    """

    @property
    def scope(self) -> str | None: ...

    async def for_team(self, team_id: str) -> WorkspaceGateway | None: ...

    async def each_team(self) -> list[WorkspaceGateway]: ...


class WorkspaceGateway(SlackGateway):
    """A gateway whose token acts for one known workspace: a request's, or one installation's.

    It is also the `TeamGateways` of a request: a sender built on it claims only this workspace's
    outbox rows and has no gateway for any other.
    """

    def __init__(self, client: AsyncWebClient, team_id: str):
        super().__init__(client)
        self.team_id = team_id

    @property
    def scope(self) -> str | None:
        return self.team_id

    async def for_team(self, team_id: str) -> WorkspaceGateway | None:
        return self if team_id == self.team_id else None

    async def each_team(self) -> list[WorkspaceGateway]:
        return [self]

    def for_outbox(self) -> WorkspaceGateway:
        """This gateway without blind retries: the outbox retries itself, looking before it resends."""
        return WorkspaceGateway(outbox_client(self.client), self.team_id)


class BotTokenGateways:
    """Single-workspace mode, for jobs: the one bot token, acting for the workspace `auth.test` names."""

    def __init__(self, client: AsyncWebClient):
        self.client = client
        self._workspace: WorkspaceGateway | None = None

    @property
    def scope(self) -> str | None:
        return None  # rows of any team are looked at; those of another workspace get no gateway

    async def _resolve(self) -> WorkspaceGateway:
        if self._workspace is None:
            identity = await SlackGateway(self.client).identity()
            self._workspace = WorkspaceGateway(self.client, identity.team_id)
        return self._workspace

    async def for_team(self, team_id: str) -> WorkspaceGateway | None:
        workspace = await self._resolve()
        return workspace if workspace.team_id == team_id else None

    async def each_team(self) -> list[WorkspaceGateway]:
        return [await self._resolve()]
