"""Fixtures: one migrated database per run and backend, a transaction rolled back per test, the
Slack double on a free port, and the real app served over ASGI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.clock import Clock, FixedClock, SystemClock
from bot.db.engine import Database
from bot.deps import Deps
from bot.manifest import bot_scopes, load_manifest
from bot.server import create_asgi
from bot.slack.client import create_client
from bot.slack_double import SlackDouble, SlackSpec, find_spec_dir
from bot.slack_double.requests import SlackClientSide
from tests.databases import migrated, postgres_url
from tests.harness import SIGNING_SECRET, TOKEN, Harness, test_settings

SPEC = SlackSpec.discover()
SPEC_MISSING = (
    "../shared/slack-spec/ is absent, so calls to the Slack double are not checked against Slack's "
    "spec (set CIRCLES_SLACK_SPEC_DIR to its location to enable the checks)"
)
POSTGRES_URL, POSTGRES_MISSING = postgres_url()


def pytest_report_header() -> list[str]:
    postgres = f"postgresql at {POSTGRES_URL}" if POSTGRES_URL else f"postgresql skipped: {POSTGRES_MISSING}"
    return [f"slack-spec: {find_spec_dir() or SPEC_MISSING}", f"databases: sqlite, {postgres}"]


@pytest.fixture(scope="session")
def slack_spec() -> SlackSpec:
    if SPEC is None:
        pytest.skip(SPEC_MISSING)
    return SPEC


@pytest_asyncio.fixture(scope="session", params=["sqlite", "postgresql"])
async def migrated_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[AsyncEngine]:
    async with migrated(request.param, tmp_path_factory.mktemp("db"), POSTGRES_URL, POSTGRES_MISSING) as engine:
        yield engine


@pytest_asyncio.fixture
async def db(migrated_engine: AsyncEngine) -> AsyncIterator[Database]:
    """Everything a test writes happens inside one outer transaction that is rolled back."""
    async with migrated_engine.connect() as connection:
        outer = await connection.begin()
        sessions = async_sessionmaker(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
        try:
            yield Database(sessions)
        finally:
            if outer.is_active:
                await outer.rollback()


def populate(double: SlackDouble) -> None:
    ws = double.workspace
    ws.add_user("UALICE", "alice", real_name="Alice Adams", tz="America/New_York", tz_offset=-18000, is_admin=True)
    ws.add_user("UBOB", "bob", real_name="Bob Brown", tz="Europe/Berlin", tz_offset=3600)
    ws.add_user("UCAROL", "carol", real_name="Carol Chen", tz="Asia/Kolkata", tz_offset=19800)
    ws.add_user("UGONE", "gone", deleted=True)
    ws.add_user("UHELPER", "helperbot", is_bot=True)
    general = ws.add_channel("general", members={"UALICE", "UBOB", "UCAROL", ws.bot_user_id})
    ws.channels["CGENERAL"] = ws.channels.pop(general.id)
    ws.channels["CGENERAL"].id = "CGENERAL"


@pytest_asyncio.fixture
async def double() -> AsyncIterator[SlackDouble]:
    slack = SlackDouble(spec=SPEC, token=TOKEN, scopes=bot_scopes(load_manifest()))
    populate(slack)
    await slack.start()
    try:
        yield slack
    finally:
        await slack.stop()
    assert not slack.violations, "calls that Slack would refuse:\n" + "\n".join(slack.violations)


async def make_harness(
    db: Database, double: SlackDouble, clock: Clock | None = None, **settings: Any
) -> AsyncIterator[Harness]:
    config = test_settings(double, **settings)
    deps = Deps(settings=config, db=db, clock=clock or SystemClock())
    client = create_client(config)
    asgi = create_asgi(config, deps=deps, client=client, run_scheduler=False)
    transport = httpx.ASGITransport(app=asgi)
    async with httpx.AsyncClient(transport=transport, base_url="http://circles.test") as http:
        try:
            yield Harness(SlackClientSide(http, double, SIGNING_SECRET), double, deps, http, client)
        finally:
            await deps.responses.close()


@pytest_asyncio.fixture
async def bot(db: Database, double: SlackDouble) -> AsyncIterator[Harness]:
    async for harness in make_harness(db, double):
        yield harness


# Monday 19 October 2026, midnight UTC: two weeks before the US leaves daylight-saving time.
START = datetime(2026, 10, 19, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest_asyncio.fixture
async def timed_bot(db: Database, double: SlackDouble, clock: FixedClock) -> AsyncIterator[Harness]:
    """The bot on a clock the test moves (scheduled work runs when the test ticks it)."""
    async for harness in make_harness(db, double, clock):
        yield harness
