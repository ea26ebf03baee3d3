"""The APScheduler instance the server starts and stops with the app."""

from __future__ import annotations

from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.slack.gateway import SlackGateway
from jobs.member_sync import sync_members


def build_scheduler(deps: Deps, client: AsyncWebClient) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        sync_members,
        "interval",
        minutes=deps.settings.member_sync_interval_minutes,
        args=[deps, SlackGateway(client)],
        id="member_sync",
        next_run_time=datetime.now(UTC),  # once at start-up, then on the interval
        coalesce=True,
        max_instances=1,
        misfire_grace_time=300,
    )
    return scheduler
