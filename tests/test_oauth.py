"""Several workspaces: "Add to Slack" through Bolt's OAuth flow against the double's oauth.v2.access,
encrypted tokens, state checks, token rotation, uninstall, and no reads or writes across teams."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.crypto import new_key
from bot.db.engine import Database
from bot.db.models import SLACK_INSTALLATIONS, Circle, Goal, Kudos, Member, Outbox, Team
from bot.deps import Deps
from bot.server import create_asgi
from bot.services import members, outbox
from bot.slack.client import create_client
from bot.slack.installations import InstalledGateways, installation_store
from bot.slack_double import SlackDouble
from bot.slack_double.requests import SlackClientSide
from bot.slack_double.workspace import Workspace
from bot.views.events.ids import Callback, EventAction, Field
from jobs.member_sync import sync_members
from tests import harness
from tests.conftest import POSTGRES_MISSING, POSTGRES_URL
from tests.databases import migrated
from tests.harness import SIGNING_SECRET, eventually, texts

CLIENT_ID, CLIENT_SECRET = "111.222", "oauth-client-secret"
SECOND = {"U2ANNA": "anna", "U2BEN": "ben", "U2CAT": "cat"}


@dataclass
class Installed:
    double: SlackDouble
    deps: Deps
    http: httpx.AsyncClient
    second: Workspace

    def slack(self, workspace: Workspace) -> SlackClientSide:
        return SlackClientSide(self.http, self.double, SIGNING_SECRET, workspace)

    async def install(self, workspace: Workspace, user: str) -> httpx.Response:
        """Click "Add to Slack", approve in Slack, come back: the whole round trip but Slack's page."""
        page = await self.http.get("/slack/install")
        state = re.search(r"state=([^&\"]+)", page.text).group(1)  # type: ignore[union-attr]
        return await self.http.get(
            "/slack/oauth_redirect", params={"code": self.double.authorize(workspace, user), "state": state}
        )

    async def stored_tokens(self) -> list[str]:
        async with self.deps.db.engine.connect() as connection:  # type: ignore[union-attr]
            return [row.bot_token for row in await connection.execute(select(SLACK_INSTALLATIONS.c.bot_token))]


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def oauth_engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A database of the test's own: installations are committed by slack_sdk's store, not rolled back."""
    async with migrated(request.param, tmp_path, POSTGRES_URL, POSTGRES_MISSING) as engine:
        yield engine


async def make_installed(double: SlackDouble, engine: AsyncEngine, **double_options: Any) -> AsyncIterator[Installed]:
    double.install_app(CLIENT_ID, CLIENT_SECRET, **double_options)
    double.revoke(double.token)  # no bot token: every workspace's token comes from an installation
    second = double.add_workspace("T0SECOND", "Second Co")
    for user_id, name in SECOND.items():
        second.add_user(user_id, name, tz="Asia/Tokyo")
    general = second.add_channel("general", members={*SECOND, second.bot_user_id})
    second.channels["CSECONDGEN"] = second.channels.pop(general.id)
    second.channels["CSECONDGEN"].id = "CSECONDGEN"
    config = harness.test_settings(
        double,
        slack_bot_token=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        circles_encryption_key=new_key(),
    )
    config.check_credentials()
    db = Database(async_sessionmaker(engine, expire_on_commit=False), engine)
    deps = Deps(settings=config, db=db, installations=installation_store(config, engine))
    asgi = create_asgi(config, deps=deps, client=create_client(config), run_scheduler=False)
    # https: the OAuth state cookie is Secure.
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="https://circles.test") as http:
        try:
            yield Installed(double, deps, http, second)
        finally:
            await deps.responses.close()  # the lifespan would; ASGITransport runs none


@pytest_asyncio.fixture
async def installed(double: SlackDouble, oauth_engine: AsyncEngine) -> AsyncIterator[Installed]:
    async for setup in make_installed(double, oauth_engine):
        yield setup


async def test_install_stores_encrypted_tokens_and_serves_that_workspace(installed: Installed) -> None:
    bot = installed
    before = await bot.slack(bot.double.workspace).command("UALICE", "/circle", "list")
    assert "isn't installed in this workspace" in texts(before.last_reply())  # nothing to authorise with

    done = await bot.install(bot.double.workspace, "UALICE")
    assert done.status_code == 200 and "Thank you" in done.text
    [exchange] = bot.double.calls_to("oauth.v2.access")
    assert exchange.ok and exchange.args["client_id"] == CLIENT_ID
    [token] = bot.double.tokens_of(bot.double.workspace)
    [stored] = await bot.stored_tokens()
    assert stored.startswith("enc:v1:") and token not in stored  # encrypted at rest

    created = await bot.slack(bot.double.workspace).command("UALICE", "/circle", "create Rust")
    assert "*Rust* is ready" in texts(created.last_reply())
    assert {c.team_id for c in bot.double.calls if c.method == "conversations.create"} == {"T0CIRCLES"}


async def test_a_bad_or_reused_state_is_refused(installed: Installed) -> None:
    bot = installed

    async def come_back(state: str) -> httpx.Response:
        code = bot.double.authorize(bot.second, "U2ANNA")
        return await bot.http.get("/slack/oauth_redirect", params={"code": code, "state": state})

    async def state_of_a_new_install() -> str:
        page = await bot.http.get("/slack/install")
        return re.search(r"state=([^&\"]+)", page.text).group(1)  # type: ignore[union-attr]

    await state_of_a_new_install()
    assert (await come_back("forged")).status_code == 400
    state = await state_of_a_new_install()
    assert (await come_back(state)).status_code == 200
    bot.http.cookies.set("slack-app-oauth-state", state)  # the browser still agrees, but the store
    assert (await come_back(state)).status_code in (400, 401)  # consumed that state on first use
    assert len(await bot.stored_tokens()) == 1  # only the one good round trip installed anything


async def test_uninstall_forgets_the_tokens_and_stops_sending(installed: Installed) -> None:
    bot = installed
    await bot.install(bot.double.workspace, "UALICE")
    await bot.install(bot.second, "U2ANNA")
    event = await bot.slack(bot.second).event({"type": "app_uninstalled"})
    assert event.status_code == 200
    gateways = InstalledGateways(bot.deps.settings, bot.deps.installations, create_client(bot.deps.settings))  # type: ignore[arg-type]
    assert await gateways.for_team("T0SECOND") is None
    assert await gateways.for_team("T0CIRCLES") is not None
    async with bot.deps.db.session() as session:
        team = await session.get(Team, "T0SECOND")
        assert team is not None and team.uninstalled_at is not None
    assert len(await bot.stored_tokens()) == 1


def refreshes(double: SlackDouble) -> int:
    return len([c for c in double.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"])


async def test_token_rotation_refreshes_before_expiry(double: SlackDouble, oauth_engine: AsyncEngine) -> None:
    async for bot in make_installed(double, oauth_engine, token_rotation=True, token_lifetime=600):
        await bot.install(bot.double.workspace, "UALICE")
        [first] = double.tokens_of(double.workspace)
        assert first.startswith("xoxe.xoxb-")
        # Ten minutes left, within Bolt's two-hour window: the next request refreshes the token first.
        created = await bot.slack(double.workspace).command("UALICE", "/circle", "create Rust")
        assert "*Rust* is ready" in texts(created.last_reply())
        assert refreshes(double) == 1
        double.revoke(first)  # the old token expires
        [current] = double.tokens_of(double.workspace)
        assert current != first
        listed = await bot.slack(double.workspace).command("UBOB", "/circle", "list")
        assert "Rust" in texts(listed.last_reply())  # served with the new token
        # Jobs and the outbox get the refreshed token too (and refresh it themselves when it nears expiry).
        gateways = InstalledGateways(bot.deps.settings, bot.deps.installations, create_client(bot.deps.settings))  # type: ignore[arg-type]
        before = refreshes(double)
        team = await gateways.for_team("T0CIRCLES")
        assert team is not None
        assert (await team.identity()).team_id == "T0CIRCLES"
        assert refreshes(double) == before + 1  # the job side refreshed the (again short-lived) token itself
        assert all(token.startswith("enc:v1:") for token in await bot.stored_tokens())


def calls_with_the_wrong_ids(bot: Installed) -> list[tuple[str, str | None, set[str]]]:
    """Web API calls made with one workspace's token that name people or channels of another."""
    wrong = []
    for call in bot.double.calls:
        if call.team_id is None:
            continue
        first, second = bot.double.workspace, bot.second
        own, other = (first, second) if call.team_id == first.team_id else (second, first)
        mentioned = set(re.findall(r"\b[UCDGW][A-Z0-9]{2,}\b", json.dumps(call.args)))
        # Each workspace numbers its new channels from 1, so an id both know is not foreign.
        foreign = mentioned & (set(other.users) | set(other.channels)) - set(own.users) - set(own.channels)
        if foreign:
            wrong.append((call.method, call.team_id, foreign))
    return wrong


async def leave_a_due_row(bot: Installed, team_id: str, user_id: str, key: str) -> None:
    """A DM of `team_id` that is due now, as a retry after a 5xx would be."""
    async with bot.deps.db.session() as session:
        await members.ensure_team(session, team_id, datetime.now(UTC))
        await outbox.enqueue(
            session, team_id=team_id, key=key, channel=user_id, message={"text": f"due {key}"}, now=datetime.now(UTC)
        )
        await session.execute(
            update(Outbox).where(Outbox.team_id == team_id, Outbox.key == key).values(attempts=1, last_error="http_500")
        )


async def test_a_request_in_one_workspace_never_sends_another_workspaces_messages(installed: Installed) -> None:
    bot = installed
    await bot.install(bot.double.workspace, "UALICE")
    await bot.install(bot.second, "U2ANNA")
    started = await bot.slack(bot.second).command("U2ANNA", "/goal", "set Learn Go", channel_id="CSECONDGEN")
    await eventually(started.replies)
    await leave_a_due_row(bot, "T0SECOND", "U2BEN", "retry:after:500")
    first = bot.slack(bot.double.workspace)

    listed = await first.command("UALICE", "/circle", "list")
    await eventually(listed.replies)
    assert (await first.event({"type": "app_home_opened", "user": "UALICE", "tab": "home"})).status_code == 200
    await eventually(lambda: "UALICE" in bot.double.workspace.home_views)
    exported = await first.command("UALICE", "/circles", "export-my-data")
    await eventually(exported.replies)
    await eventually(lambda: bot.double.workspace.files)

    assert calls_with_the_wrong_ids(bot) == []  # nothing of the second workspace went out with the first's token
    [waiting] = [r for r in await rows_of(bot, "T0SECOND") if r.key == "retry:after:500"]
    assert waiting.status == "pending"  # the first workspace's senders left it alone

    jobs = bot.deps.sender(bot.deps.gateways(create_client(bot.deps.settings)))
    await jobs.deliver_due()
    sends = [c for c in bot.double.calls_to("chat.postMessage") if "due retry:after:500" in json.dumps(c.args)]
    assert [(c.team_id, c.ok) for c in sends] == [("T0SECOND", True)]  # once, with the second's own token
    assert [m.text for m in bot.second.dms_to("U2BEN")] == ["due retry:after:500"]
    async with bot.deps.db.session() as session:
        ben = await session.scalar(select(Member).where(Member.team_id == "T0SECOND", Member.user_id == "U2BEN"))
        assert ben is None or ben.opted_out_at is None


async def rows_of(bot: Installed, team_id: str) -> list[Outbox]:
    async with bot.deps.db.session() as session:
        return list(await session.scalars(select(Outbox).where(Outbox.team_id == team_id)))


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["first", "second"]),
        st.sampled_from(["create", "join", "goal", "kudos", "list"]),
        st.integers(0, 2),
        st.sampled_from(["Rust", "Go", "Design"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
async def test_two_workspaces_never_see_each_other(
    installed: Installed, operations: list[tuple[str, str, int, str]]
) -> None:
    bot = installed
    if not await bot.stored_tokens():
        await bot.install(bot.double.workspace, "UALICE")
        await bot.install(bot.second, "U2ANNA")
    people = {"first": ["UALICE", "UBOB", "UCAROL"], "second": list(SECOND)}
    for step, (team, operation, who, name) in enumerate(operations):
        # Both workspaces have messages due while either one's commands run (retries, a busy tick).
        for team_id, person in (("T0CIRCLES", "UBOB"), ("T0SECOND", "U2BEN")):
            await leave_a_due_row(bot, team_id, person, f"due:{uuid.uuid4().hex}:{step}")
        workspace = bot.double.workspace if team == "first" else bot.second
        user, other = people[team][who], people[team][(who + 1) % 3]
        text = {
            "create": ("/circle", f"create {name}"),
            "join": ("/circle", f"join {name}"),
            "goal": ("/goal", f"set Learn {name}"),
            "kudos": ("/kudos", f"<@{other}|x> for help with {name}"),
            "list": ("/circle", "list"),
        }[operation]
        home = "CGENERAL" if team == "first" else "CSECONDGEN"  # where each workspace's people type
        reply = await bot.slack(workspace).command(user, *text, channel_id=home)
        assert reply.response.status_code == 200
        await eventually(reply.replies)

    # Slack side: every call made with a workspace's token names only that workspace's people and channels.
    assert calls_with_the_wrong_ids(bot) == []
    failed = [(r.team_id, r.last_error) for t in ("T0CIRCLES", "T0SECOND") for r in await rows_of(bot, t)]
    assert [f for f in failed if f[1] in ("channel_not_found", "user_not_found")] == []
    # Our side: rows of one team only ever name that team's people.
    async with bot.deps.db.session() as session:
        for team_id, users in (("T0CIRCLES", set(bot.double.workspace.users)), ("T0SECOND", set(bot.second.users))):
            members = set(await session.scalars(select(Member.user_id).where(Member.team_id == team_id)))
            assert members <= users
            owners = set(await session.scalars(select(Circle.created_by).where(Circle.team_id == team_id)))
            assert owners <= users
            goals = await session.scalars(select(Goal.member_id).join(Member).where(Goal.team_id != Member.team_id))
            assert list(goals) == []
            for person in (Kudos.giver_member_id, Kudos.receiver_member_id):
                crossed = await session.scalars(
                    select(Kudos.id).join(Member, Member.id == person).where(Kudos.team_id != Member.team_id)
                )
                assert list(crossed) == []
            sent_to = set(await session.scalars(select(Outbox.channel).where(Outbox.team_id == team_id)))
            workspace = bot.double.workspace if team_id == "T0CIRCLES" else bot.second
            assert sent_to <= users | set(workspace.channels)


async def test_an_event_in_one_workspace_is_invisible_and_unanswerable_in_another(installed: Installed) -> None:
    """Two installations at once: the first's event id, pressed from the second, is not found there."""
    bot = installed
    await bot.install(bot.double.workspace, "UALICE")
    await bot.install(bot.second, "U2ANNA")
    first, second = bot.slack(bot.double.workspace), bot.slack(bot.second)
    await sync_members(bot.deps, bot.deps.gateways(create_client(bot.deps.settings)))  # who is an admin
    opened = await first.command("UALICE", "/circles", "event")
    assert opened.response.status_code == 200, opened.response.text
    form = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == Callback.EVENT)
    values = {
        Field.TITLE: "All-hands AMA",
        Field.DAY: "2099-01-15",
        Field.TIME: "15:00",
        Field.TZ: "UTC",
        Field.AUDIENCE: "workspace",
        Field.CHANNEL: "CGENERAL",
    }
    created = await first.submit_view("UALICE", form["id"], values)
    assert not created.response.content
    [event] = await eventually(lambda: [m for m in bot.double.workspace.posts_in("CGENERAL") if m.blocks])
    answer_buttons = next(b for b in event.blocks if b.get("type") == "actions")

    pressed = await second.click_button_in(
        "U2ANNA", [answer_buttons], EventAction.GOING, message={"ts": "1.0"}, channel_id="CSECONDGEN"
    )
    await eventually(pressed.replies)
    assert "That event no longer exists" in texts(pressed.last_reply())
    listed = await second.command("U2ANNA", "/circles", "events", channel_id="CSECONDGEN")
    await eventually(listed.replies)
    assert "No upcoming events" in texts(listed.last_reply())
    assert calls_with_the_wrong_ids(bot) == []
