"""Keeping App Home current after a change, for the people it concerns."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps


async def refresh_home(deps: Deps, client: AsyncWebClient, team_id: str, *user_ids: str) -> None:
    await deps.home(client, team_id).refresh(team_id, user_ids)
