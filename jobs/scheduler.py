"""The APScheduler instance the server starts and stops with the app."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from apscheduler.events import EVENT_JOB_SUBMITTED, JobSubmissionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.metrics import JOB_LAG_SECONDS, JOB_RUNS, JOB_SECONDS
from jobs.badges import run_badges
from jobs.checkins import run_checkins
from jobs.circle_channels import reconcile_circle_channels
from jobs.delivery import deliver
from jobs.digests import run_digests
from jobs.events import run_events
from jobs.intros import run_intros
from jobs.lifecycle import purge_uninstalled
from jobs.meetings import run_meetings
from jobs.member_sync import sync_members
from jobs.mentorship import run_mentorship
from jobs.onboarding import run_onboarding
from jobs.outcomes import run_outcomes

log = structlog.get_logger(__name__)


def observed(name: str, job: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """Count each run and time it, and log failures (a failed run is retried by the next tick)."""

    async def run(*args: Any) -> Any:
        started = time.perf_counter()
        try:
            with structlog.contextvars.bound_contextvars(job=name, run_id=uuid.uuid4().hex[:12]):
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


def _record_lag(event: JobSubmissionEvent) -> None:
    """Lag: from when a run was due to when it was handed to the event loop (a busy or paused process)."""
    if event.scheduled_run_times:
        late = (datetime.now(UTC) - event.scheduled_run_times[0]).total_seconds()
        JOB_LAG_SECONDS.labels(event.job_id).observe(max(late, 0.0))


def build_scheduler(deps: Deps, client: AsyncWebClient) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    gateway = deps.gateways(client)
    # (job, trigger, trigger options, arguments). Ticks run every minute on the minute, so prompts land at
    # the member's chosen minute; every job is idempotent, so a late or repeated run does no harm.
    tick = deps.settings.circles_tick_seconds
    # Each job also runs once at start-up: work that fell due while the process was down goes out
    # at once, and the first run's cost (compiling its queries) is paid before traffic, not on the
    # first minute under load (a 100 ms stall of replies on PostgreSQL at 200 req/s).
    now = {"next_run_time": datetime.now(UTC)}
    minutely = ("interval", {"seconds": tick, **now}) if tick else ("cron", {"second": 0, **now})
    schedule: list[tuple[Callable[..., Awaitable[Any]], str, dict[str, Any], list[Any]]] = [
        (run_checkins, *minutely, [deps, gateway]),
        (run_meetings, *minutely, [deps, gateway]),
        (run_events, *minutely, [deps, gateway]),
        (run_digests, *(minutely if tick else ("cron", {"second": 30, **now})), [deps, gateway]),
        (run_mentorship, *(minutely if tick else ("cron", {"minute": "*/10", **now})), [deps, gateway]),
        (run_intros, *(minutely if tick else ("cron", {"minute": "2-59/10", **now})), [deps, gateway]),
        (run_onboarding, *(minutely if tick else ("cron", {"minute": "7-59/10", **now})), [deps, gateway]),
        (run_outcomes, *(minutely if tick else ("cron", {"minute": "5-59/10", **now})), [deps, gateway]),
        (deliver, "interval", {"seconds": min(tick or 5, 5)}, [deps, gateway]),
        (purge_uninstalled, "interval", {"hours": 1}, [deps]),
        (run_badges, "interval", {"hours": 1, **now}, [deps, gateway]),
        (reconcile_circle_channels, "interval", {"hours": 1}, [deps, gateway]),
        (sync_members, "interval", {"minutes": deps.settings.member_sync_interval_minutes, **now}, [deps, gateway]),
    ]
    scheduler.add_listener(_record_lag, EVENT_JOB_SUBMITTED)
    for job, trigger, options, args in schedule:
        name = job.__name__
        scheduler.add_job(
            observed(name, job),
            trigger,
            args=args,
            id=name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=300,
            **options,
        )
    return scheduler
