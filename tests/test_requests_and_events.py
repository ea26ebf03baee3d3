"""Signed requests, ack-first listeners, events, the member sync job, and the HTTP endpoints."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import pytest
import pytest_asyncio

from bot.db.engine import Database
from bot.db.models import Circle, Member
from bot.slack_double import SlackDouble
from bot.slack_double.requests import signed_headers
from handlers import inflight
from jobs.member_sync import sync_members
from tests.conftest import make_harness
from tests.harness import SIGNING_SECRET, Harness, eventually, texts


def command_body(text: str) -> bytes:
    return urlencode(
        {
            "team_id": "T0CIRCLES",
            "user_id": "UALICE",
            "command": "/circle",
            "text": text,
            "channel_id": "CGENERAL",
            "response_url": "http://127.0.0.1:9/never",
            "trigger_id": "1.2",
        }
    ).encode()


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(
            lambda body: signed_headers("wrong-secret", body, "application/x-www-form-urlencoded"),
            id="forged",
        ),
        pytest.param(
            lambda body: signed_headers(
                SIGNING_SECRET, body, "application/x-www-form-urlencoded", timestamp=int(time.time()) - 6 * 60
            ),
            id="stale",
        ),
        pytest.param(lambda body: {"Content-Type": "application/x-www-form-urlencoded"}, id="unsigned"),
    ],
)
async def test_bad_signatures_get_401_and_run_nothing(bot: Harness, headers) -> None:  # type: ignore[no-untyped-def]
    body = command_body("create Sneaky")
    response = await bot.http.post("/slack/events", content=body, headers=headers(body))
    assert response.status_code == 401
    assert await bot.rows(Circle) == []
    assert bot.double.calls_to("conversations.create") == []


async def test_a_replayed_request_is_refused_and_runs_once(bot: Harness) -> None:
    body = command_body("create Replayed")
    headers = signed_headers(SIGNING_SECRET, body, "application/x-www-form-urlencoded")
    first = await bot.http.post("/slack/events", content=body, headers=headers)
    replayed = await bot.http.post("/slack/events", content=body, headers=headers)  # captured and re-sent
    assert (first.status_code, replayed.status_code) == (200, 401)
    assert len(bot.double.calls_to("conversations.create")) == 1
    fresh = signed_headers(SIGNING_SECRET, command_body("list"), "application/x-www-form-urlencoded")
    assert (await bot.http.post("/slack/events", content=command_body("list"), headers=fresh)).status_code == 200


async def test_tampered_body_is_refused(bot: Harness) -> None:
    signed = signed_headers(SIGNING_SECRET, command_body("list"), "application/x-www-form-urlencoded")
    response = await bot.http.post("/slack/events", content=command_body("create Sneaky"), headers=signed)
    assert response.status_code == 401


@pytest_asyncio.fixture
async def background_bot(db: Database, double: SlackDouble) -> AsyncIterator[Harness]:
    """The production setting: Bolt answers Slack as soon as ack() runs and keeps working after."""
    async for harness in make_harness(db, double, process_before_response=False):
        yield harness
        await inflight.drain()  # the listeners share the test's connection: let them finish first


async def test_commands_are_acked_before_slow_slack_work(background_bot: Harness) -> None:
    bot = background_bot
    created = await bot.slack.command("UALICE", "/circle", "create Rust")
    await eventually(created.replies)  # the first listener has finished (tests share one connection)
    release = bot.double.hold("conversations.invite")

    reply = await bot.slack.command("UBOB", "/circle", "join rust")

    # Slack got its answer while the invite is still blocked inside the double.
    assert reply.response.status_code == 200
    assert reply.replies() == []
    release.set()
    await eventually(reply.replies)
    assert "You joined *Rust*" in texts(reply.last_reply())


async def test_errors_after_ack_still_reach_the_user(background_bot: Harness) -> None:
    reply = await background_bot.slack.command("UBOB", "/circle", "join nothing-here")
    assert reply.response.status_code == 200
    await eventually(reply.replies)
    assert "no circle called *nothing-here*" in texts(reply.last_reply())


async def test_user_change_event_updates_time_zone(bot: Harness) -> None:
    await bot.slack.command("UBOB", "/circle", "list")  # Bob exists as a bare row now
    user = bot.double.workspace.users["UBOB"]
    user.tz, user.tz_offset = "Pacific/Auckland", 46800

    response = await bot.slack.event({"type": "user_change", "user": user.to_api(bot.team_id)})

    assert response.status_code == 200
    [bob] = await bot.rows(Member, Member.user_id == "UBOB")
    assert (bob.tz, bob.tz_offset, bob.display_name) == ("Pacific/Auckland", 46800, "bob")


async def test_team_join_event_adds_the_member(bot: Harness) -> None:
    newcomer = bot.double.workspace.add_user("UNEW", "newbie", tz="America/Los_Angeles")
    await bot.slack.event({"type": "team_join", "user": newcomer.to_api(bot.team_id)})
    [row] = await bot.rows(Member, Member.user_id == "UNEW")
    assert row.tz == "America/Los_Angeles" and row.team_id == bot.team_id


async def test_member_sync_pages_through_users_list(bot: Harness) -> None:
    for number in range(430):
        bot.double.workspace.add_user(f"UX{number:04d}", f"person{number}", tz="Europe/Berlin")

    synced = await sync_members(bot.deps, bot.deps.gateways(bot.client))

    everyone = len(bot.double.workspace.users)
    assert synced == everyone
    assert len(bot.double.calls_to("users.list")) == 3  # 200 + 200 + the rest
    rows = {m.user_id: m for m in await bot.rows(Member, Member.team_id == bot.team_id)}
    assert len(rows) == everyone
    assert rows["UCAROL"].tz == "Asia/Kolkata"
    assert rows["UGONE"].is_deleted and rows["UHELPER"].is_bot and rows["UALICE"].is_admin

    bot.double.workspace.users["UCAROL"].tz = "Europe/London"
    await sync_members(bot.deps, bot.deps.gateways(bot.client))
    [carol] = await bot.rows(Member, Member.user_id == "UCAROL")
    assert carol.tz == "Europe/London"


async def test_url_verification_and_health_and_metrics(bot: Harness) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}).encode()
    challenge = await bot.slack.post(body, "application/json")
    assert challenge.json() == {"challenge": "abc123"}

    health = await bot.http.get("/healthz")
    assert health.status_code == 200 and health.json() == {"status": "ok"}

    await bot.slack.command("UALICE", "/circle", "help")
    metrics = await bot.http.get("/metrics")
    assert metrics.status_code == 200
    assert "circles_slack_response_seconds_count" in metrics.text


async def test_a_retried_event_is_acknowledged_but_applied_once(bot: Harness) -> None:
    newcomer = bot.double.workspace.add_user("UNEW", "newbie", tz="America/Los_Angeles")
    first = await bot.slack.event({"type": "team_join", "user": newcomer.to_api(bot.team_id)}, event_id="Ev0001")
    newcomer.tz = "Asia/Tokyo"  # a different payload under the same event id: it must not be applied
    retry = await bot.slack.event(
        {"type": "team_join", "user": newcomer.to_api(bot.team_id)}, event_id="Ev0001", retry_num=1
    )
    assert first.status_code == retry.status_code == 200
    [row] = await bot.rows(Member, Member.user_id == "UNEW")
    assert row.tz == "America/Los_Angeles"
    await bot.slack.event({"type": "user_change", "user": newcomer.to_api(bot.team_id)}, event_id="Ev0002")
    [row] = await bot.rows(Member, Member.user_id == "UNEW")
    assert row.tz == "Asia/Tokyo"  # a new event id is a new event


async def test_job_runs_are_counted_and_failures_contained() -> None:
    from prometheus_client import REGISTRY

    from jobs.scheduler import observed

    async def fine() -> int:
        return 7

    async def broken() -> None:
        raise RuntimeError("database went away")

    before_ok = REGISTRY.get_sample_value("circles_job_runs_total", {"job": "t", "result": "ok"}) or 0
    before_error = REGISTRY.get_sample_value("circles_job_runs_total", {"job": "t", "result": "error"}) or 0
    assert await observed("t", fine)() == 7
    assert await observed("t", broken)() is None  # logged and counted; the scheduler keeps going
    assert REGISTRY.get_sample_value("circles_job_runs_total", {"job": "t", "result": "ok"}) == before_ok + 1
    assert REGISTRY.get_sample_value("circles_job_runs_total", {"job": "t", "result": "error"}) == before_error + 1


def test_the_scheduler_runs_every_job_family(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.config import Settings
    from bot.deps import build_deps
    from bot.slack.client import create_client
    from jobs.scheduler import build_scheduler

    settings = Settings(_env_file=None, slack_bot_token="xoxb-1", database_url=f"sqlite:///{tmp_path / 'x.db'}")
    jobs = {job.id: job for job in build_scheduler(build_deps(settings), create_client(settings)).get_jobs()}
    assert set(jobs) == {
        "run_checkins",
        "run_meetings",
        "run_events",
        "run_digests",
        "run_mentorship",
        "run_outcomes",
        "run_intros",
        "run_onboarding",
        "run_badges",
        "deliver",
        "purge_uninstalled",
        "sync_members",
        "reconcile_circle_channels",
    }
    assert all(job.max_instances == 1 and job.coalesce for job in jobs.values())


async def test_the_minute_jobs_and_the_member_sync_also_run_at_start_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from bot.config import Settings
    from bot.deps import build_deps
    from bot.slack.client import create_client
    from jobs.scheduler import build_scheduler

    settings = Settings(_env_file=None, slack_bot_token="xoxb-1", database_url=f"sqlite:///{tmp_path / 'x.db'}")
    scheduler = build_scheduler(build_deps(settings), create_client(settings))
    scheduler.start(paused=True)
    try:
        soon = datetime.now(UTC) + timedelta(seconds=1)
        at_start = {job.id for job in scheduler.get_jobs() if job.next_run_time <= soon}
    finally:
        scheduler.shutdown(wait=False)
    assert at_start == {
        "run_checkins",
        "run_meetings",
        "run_events",
        "run_digests",
        "run_mentorship",
        "run_outcomes",
        "run_intros",
        "run_onboarding",
        "run_badges",
        "sync_members",
    }


async def test_replies_reuse_one_connection_to_slack(bot: Harness) -> None:
    """`respond()` goes over a kept-alive connection, not a new one per reply (bot/slack/response_urls.py)."""
    for _ in range(3):
        reply = await bot.slack.command("UBOB", "/circle", "list")
        assert "learning circles" in texts(reply.last_reply()).lower()
    peers = {post.peer for post in bot.double.workspace.responses}
    assert len(bot.double.workspace.responses) == 3
    assert len(peers) == 1 and "" not in peers, peers
