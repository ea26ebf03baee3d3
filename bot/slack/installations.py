"""Several workspaces ("Add to Slack"): installations in our database, tokens encrypted, per-team clients.

Bolt's OAuth flow writes installations through slack_sdk's SQLAlchemy installation store (tables made
by our Alembic migrations); this module encrypts the tokens on the way in and out, and gives jobs
and the outbox the client of each workspace, refreshing rotating tokens before they expire.
"""

from __future__ import annotations

import copy
import logging
from typing import Any, TypeVar

import structlog
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.crypto import TokenCipher
from bot.manifest import bot_scopes, load_manifest
from bot.slack.client import create_client
from bot.slack.workspaces import WorkspaceGateway

log = structlog.get_logger(__name__)

TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
ROTATE_MINUTES_BEFORE_EXPIRY = 120
T = TypeVar("T", Installation, Bot)


class EncryptedInstallationStore(AsyncSQLAlchemyInstallationStore):
    """slack_sdk's store, with every token encrypted at rest by `CIRCLES_ENCRYPTION_KEY`."""

    def __init__(self, client_id: str, engine: AsyncEngine, cipher: TokenCipher):
        super().__init__(client_id=client_id, engine=engine)
        self.cipher = cipher

    def _sealed(self, record: T) -> T:
        sealed = copy.copy(record)
        for name in TOKEN_FIELDS:
            if hasattr(sealed, name):
                setattr(sealed, name, self.cipher.encrypt(getattr(sealed, name)))
        return sealed

    def _opened(self, record: T | None) -> T | None:
        if record is None:
            return None
        for name in TOKEN_FIELDS:
            if hasattr(record, name):
                setattr(record, name, self.cipher.decrypt(getattr(record, name)))
        return record

    async def async_save(self, installation: Installation) -> None:
        await super().async_save(self._sealed(installation))

    async def async_save_bot(self, bot: Bot) -> None:
        await super().async_save_bot(self._sealed(bot))

    async def async_find_bot(self, **kwargs: Any) -> Bot | None:
        return self._opened(await super().async_find_bot(**kwargs))

    async def async_find_installation(self, **kwargs: Any) -> Installation | None:
        return self._opened(await super().async_find_installation(**kwargs))


def installation_store(settings: Settings, engine: AsyncEngine) -> EncryptedInstallationStore:
    assert settings.slack_client_id and settings.circles_encryption_key
    return EncryptedInstallationStore(settings.slack_client_id, engine, TokenCipher(settings.circles_encryption_key))


def oauth_settings(settings: Settings, store: EncryptedInstallationStore, client: AsyncWebClient) -> AsyncOAuthSettings:
    """Bolt's OAuth flow on /slack/install and /slack/oauth_redirect, storing into our database."""
    engine = store.engine
    oauth = AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=sorted(bot_scopes(load_manifest())),
        installation_store=store,
        state_store=AsyncSQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine),
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE_EXPIRY,
    )
    # Bolt's default authorize refreshes rotating tokens with a client of its own, aimed at slack.com;
    # ours goes where every other call goes (SLACK_API_URL).
    oauth.authorize = AsyncInstallationStoreAuthorize(
        logger=logging.getLogger("circles.oauth"),
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        installation_store=store,
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE_EXPIRY,
        client=client,
    )
    return oauth


class InstalledGateways:
    """The gateway of each workspace that installed Circles, for jobs and the outbox."""

    def __init__(self, settings: Settings, store: EncryptedInstallationStore, client: AsyncWebClient):
        self.settings = settings
        self.store = store
        self.rotator = AsyncTokenRotator(
            client_id=settings.slack_client_id or "", client_secret=settings.slack_client_secret or "", client=client
        )

    @property
    def scope(self) -> str | None:
        return None  # every installed workspace, each with its own token

    async def for_team(self, team_id: str) -> WorkspaceGateway | None:
        installation = await self.store.async_find_installation(enterprise_id=None, team_id=team_id)
        if installation is None or not installation.bot_token:
            return None  # uninstalled: nothing is sent there
        refreshed = await self.rotator.perform_token_rotation(
            installation=installation, minutes_before_expiration=ROTATE_MINUTES_BEFORE_EXPIRY
        )
        if refreshed is not None:
            await self.store.async_save(refreshed)
            installation = refreshed
            log.info("token_rotated", team_id=team_id)
        return WorkspaceGateway(create_client(self.settings, installation.bot_token), team_id)

    async def each_team(self) -> list[WorkspaceGateway]:
        gateways = []
        for team_id in await self.team_ids():
            gateway = await self.for_team(team_id)
            if gateway is not None:
                gateways.append(gateway)
        return gateways

    async def team_ids(self) -> list[str]:
        table = self.store.installations
        async with self.store.engine.connect() as connection:
            rows = await connection.execute(
                select(table.c.team_id).where(table.c.client_id == self.store.client_id, table.c.bot_token.is_not(None))
            )
            return sorted({row.team_id for row in rows if row.team_id})
