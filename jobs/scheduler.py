"""The APScheduler instance the server starts and stops with the app."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.metrics import JOB_RUNS, JOB_SECONDS
from bot.slack.gateway import SlackGateway
from jobs.checkins import run_checkins
from jobs.delivery import deliver
from jobs.digests import run_digests
from jobs.lifecycle import purge_uninstalled
from jobs.meetings import run_meetings
from jobs.member_sync import sync_members
from jobs.mentorship import run_mentorship

log = structlog.get_logger(__name__)


def observed(name: str, job: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """Count each run and time it, and log failures (a failed run is retried by the next tick)."""

    async def run(*args: Any) -> Any:
        started = time.perf_counter()
        try:
            result = await job(*args)
        except Exception:
            JOB_RUNS.labels(name, "error").inc()
            log.exception("job_failed", job=name)
            return None
        finally:
            JOB_SECONDS.labels(name).observe(time.perf_counter() - started)
        JOB_RUNS.labels(name, "ok").inc()
        return result

    return run


def build_scheduler(deps: Deps, client: AsyncWebClient) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    gateway = SlackGateway(client)
    # Every minute on the minute: prompts land at the member's chosen minute, not up to a minute late.
    scheduler.add_job(
        observed("run_checkins", run_checkins),
        "cron",
        second=0,
        args=[deps, gateway],
        id="checkins",
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        observed("run_meetings", run_meetings),
        "cron",
        second=0,
        args=[deps, gateway],
        id="meetings",
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        observed("run_digests", run_digests),
        "cron",
        second=30,
        args=[deps, gateway],
        id="digests",
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        observed("run_mentorship", run_mentorship),
        "cron",
        minute="*/10",
        args=[deps, gateway],
        id="mentorship",
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        observed("purge_uninstalled", purge_uninstalled),
        "interval",
        hours=1,
        args=[deps],
        id="purge",
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        observed("deliver", deliver),
        "interval",
        seconds=5,
        args=[deps, gateway],
        id="delivery",
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        observed("sync_members", sync_members),
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
