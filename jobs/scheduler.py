"""The APScheduler instance the server starts and stops with the app."""

from __future__ import annotations

from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.slack.gateway import SlackGateway
from jobs.checkins import run_checkins
from jobs.delivery import deliver
from jobs.digests import run_digests
from jobs.lifecycle import purge_uninstalled
from jobs.meetings import run_meetings
from jobs.member_sync import sync_members
from jobs.mentorship import run_mentorship


def build_scheduler(deps: Deps, client: AsyncWebClient) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    gateway = SlackGateway(client)
    # Every minute on the minute: prompts land at the member's chosen minute, not up to a minute late.
    scheduler.add_job(
        run_checkins, "cron", second=0, args=[deps, gateway], id="checkins", coalesce=True, max_instances=1
    )
    scheduler.add_job(
        run_meetings, "cron", second=0, args=[deps, gateway], id="meetings", coalesce=True, max_instances=1
    )
    scheduler.add_job(
        run_digests, "cron", second=30, args=[deps, gateway], id="digests", coalesce=True, max_instances=1
    )
    scheduler.add_job(
        run_mentorship, "cron", minute="*/10", args=[deps, gateway], id="mentorship", coalesce=True, max_instances=1
    )
    scheduler.add_job(purge_uninstalled, "interval", hours=1, args=[deps], id="purge", coalesce=True, max_instances=1)
    scheduler.add_job(
        deliver, "interval", seconds=5, args=[deps, gateway], id="delivery", coalesce=True, max_instances=1
    )
    scheduler.add_job(
        sync_members,
        "interval",
        minutes=deps.settings.member_sync_interval_minutes,
        args=[deps, gateway],
        id="member_sync",
        next_run_time=datetime.now(UTC),  # once at start-up, then on the interval
        coalesce=True,
        max_instances=1,
        misfire_grace_time=300,
    )
    return scheduler
