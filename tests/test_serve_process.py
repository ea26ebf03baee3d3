"""`circles serve`, the README's run command, as a real process on a real port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest_asyncio

from bot.slack_double import SlackDouble
from bot.slack_double.requests import SlackClientSide
from tests.harness import SIGNING_SECRET, eventually, texts
from tests.processes import serve


@pytest_asyncio.fixture
async def served(double: SlackDouble, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(double, tmp_path, f"sqlite:///{tmp_path / 'served.db'}", LOG_LEVEL="INFO") as process:
        # SQLite mode is one process, and says so.
        assert "Using SQLite: run one `circles serve` process" in process.output.read_text()
        yield process.http


async def test_serve_migrates_syncs_members_and_answers_signed_commands(
    served: httpx.AsyncClient, double: SlackDouble
) -> None:
    # The scheduler started with the app and ran the member sync once.
    await eventually(lambda: double.calls_to("users.list"))
    slack = SlackClientSide(served, double, SIGNING_SECRET)

    created = await slack.command("UALICE", "/circle", "create Rust")
    assert created.response.status_code == 200
    await eventually(created.replies)  # ack first, the reply follows from the background
    assert "*Rust* is ready" in texts(created.last_reply())

    listed = await slack.command("UBOB", "/circle", "list")
    await eventually(listed.replies)
    assert "Rust" in texts(listed.last_reply())

    # /metrics of the real process: ack latency, job runs and their lag, outbox depth and age.
    metrics = ""
    for _ in range(100):
        metrics = (await served.get("/metrics")).text
        # Every job runs at start-up now: wait for the member sync's own run, not the first job's.
        if 'circles_job_runs_total{job="sync_members",result="ok"}' in metrics:
            break
        await asyncio.sleep(0.1)
    for name in (
        "circles_slack_response_seconds_count",
        'circles_job_runs_total{job="sync_members",result="ok"}',
        'circles_job_lag_seconds_count{job="sync_members"}',
        "circles_outbox_due",
        "circles_outbox_oldest_due_seconds",
    ):
        assert name in metrics, name
