"""App Home, admin insights and privacy: dashboards, suppression, CSV, data rights, uninstall."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import String, Text, select
from sqlalchemy.types import JSON

from bot.clock import FixedClock
from bot.db.models import Base, Checkin, Kudos, Member, Outbox, Team
from bot.services import insights
from bot.services.checkins import CheckinAnswer
from tests.harness import Harness, texts
from tests.test_checkins import local_ten, sync_profiles


def last_home(bot: Harness, user: str) -> dict[str, Any]:
    calls = [c for c in bot.double.calls_to("views.publish") if c.args.get("user_id") == user and c.ok]
    assert calls, f"no Home published for {user}"
    return calls[-1].args["view"]


async def open_home(bot: Harness, user: str) -> dict[str, Any]:
    response = await bot.slack.event({"type": "app_home_opened", "user": user, "tab": "home", "channel": "D1"})
    assert response.status_code == 200
    return last_home(bot, user)


async def test_home_onboards_first_and_then_shows_the_dashboard(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    first = await open_home(bot, "UBOB")
    assert "Welcome to Circles" in texts(first) and "You're not in a circle yet" in texts(first)

    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UBOB", "/circle", "join rust")  # Bob has visited: his Home refreshes by itself
    refreshed = last_home(bot, "UBOB")
    assert "*Rust*" in texts(refreshed) and "Welcome to Circles" not in texts(refreshed)

    from tests.test_circle_rhythm import schedule

    await schedule(bot, "UALICE", "Rust", {"schedule_weekday": "3", "schedule_time": "18:00", "schedule_tz": "UTC"})
    await bot.slack.command("UBOB", "/goal", "set Read the async book by dec 31")
    await bot.slack.command("UALICE", "/kudos", "<@UBOB> for the clear explanation")
    clock.advance(timedelta(hours=1))
    await bot.meetings_tick()  # Thursday's leader is asked (the organiser, Alice: she joined first)
    home = await open_home(bot, "UBOB")
    shown = texts(home)
    assert "Next meeting: Thu Oct 22, 18:00 (UTC)" in shown
    assert "#1 Read the async book" in shown and "due Dec 31" in shown
    assert "Check-in streak: *0*" in shown and "Next check-in: Mon Oct 19, 10:00 (UTC)" in shown
    assert "Kudos received: *1*" in shown and "the clear explanation" in shown
    assert "Admin: this week" not in shown  # Bob isn't an admin
    # The double validated each published view against the Block Kit home-view schema.


async def test_home_lists_are_capped_and_quick_actions_work(timed_bot: Harness) -> None:
    bot = timed_bot
    for n in range(20):
        await bot.slack.command("UBOB", "/goal", f"set Goal number {n}")
    home = await open_home(bot, "UBOB")
    assert len(home["blocks"]) <= 100
    assert "See all 20 goals" in texts(home)
    done = await bot.slack.click_button_in("UBOB", home["blocks"], "home_goal_done", value="3", view=home)
    assert done.response.status_code == 200
    assert "#3 Goal number 2" not in texts(last_home(bot, "UBOB"))
    browse = await bot.slack.click_button_in("UBOB", home["blocks"], "home_browse_circles", view=home)
    assert browse.response.status_code == 200
    assert "Learning circles" in texts({"blocks": bot.dms("UBOB")[-1].blocks})


@pytest.fixture
async def team(timed_bot: Harness) -> Harness:
    await sync_profiles(timed_bot)  # Alice is a workspace admin
    return timed_bot


async def test_admin_insights_permission_suppression_and_csv(team: Harness, clock: FixedClock) -> None:
    bot = team
    refused = texts((await bot.slack.command("UBOB", "/circles", "admin")).last_reply())
    assert "Only Circles admins" in refused

    people = [f"UP{n}" for n in range(6)]
    for user in people:
        bot.double.workspace.add_user(user, user.lower())
    await bot.slack.command("UALICE", "/circle", "create Rust")
    flows = bot.deps.checkins(bot.client, bot.team_id)
    for user in people[:4]:  # four people check in this week: too few to show
        await bot.slack.command(user, "/circle", "join rust")
        checkin_id, _ = await flows.start(bot.team_id, user)
        await flows.answer(bot.team_id, user, checkin_id, CheckinAnswer(progress={}, learned="something"))
    reply = texts((await bot.slack.command("UALICE", "/circles", "admin")).last_reply())
    assert "*Active members:* <5" in reply
    for user in people[4:]:  # two more: six people, shown
        await bot.slack.command(user, "/goal", "set A goal to count")
        checkin_id, _ = await flows.start(bot.team_id, user)
        await flows.answer(bot.team_id, user, checkin_id, CheckinAnswer(progress={}, learned="something"))
    reply = texts((await bot.slack.command("UALICE", "/circles", "admin")).last_reply())
    assert "*Active members:* 6" in reply
    assert "*Goals set / completed:* <5 / <5" in reply  # two people set goals

    uploads = [m for m in bot.dms("UALICE") if m.files]
    content = bot.double.workspace.files[uploads[-1].files[0]]["content"].decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert tuple(rows[0]) == insights.COLUMNS
    overall = [r for r in rows if r["scope"] == "All circles"]
    rust = [r for r in rows if r["scope"] == "Rust"]
    assert len(overall) == len(rust) == insights.WEEKS
    assert overall[-1]["active_members"] == "6" and overall[-1]["goals_set"] == "<5"
    assert overall[-2]["active_members"] == "<5"  # last week: nobody
    assert rust[-1]["active_members"] == "<5"  # only the four members of Rust checked in


async def test_csv_values_against_seeded_history(team: Harness, clock: FixedClock) -> None:
    bot = team
    people = [f"UQ{n}" for n in range(5)]
    for user in people:
        bot.double.workspace.add_user(user, user.lower())
        await bot.slack.command(user, "/goal", "set Weekly practice")
    await sync_profiles(bot)
    for week in range(3):  # three weekly prompts; everyone answers weeks 0 and 2, nobody week 1
        await clock_tick(bot, clock, local_ten(datetime(2026, 10, 19) + timedelta(weeks=week), "UTC"))
        if week != 1:
            for user in people:
                await answer_open(bot, user)
    clock.advance(timedelta(days=2))
    async with bot.deps.db.session() as session:
        figures = await insights.compute(session, bot.team_id, clock.now())
    rates = [w.checkin_response_rate for w in figures.overall[-3:]]
    assert rates == [1.0, 0.0, 1.0]
    assert [w.active_members for w in figures.overall[-3:]] == [5, None, 5]
    exported = insights.to_json(figures)
    assert exported[-1]["scope"] == "All circles" and exported[-1]["checkin_response_rate"] == 1.0


async def clock_tick(bot: Harness, clock: FixedClock, moment: datetime) -> None:
    clock.advance(moment - clock.now())
    await bot.tick()


async def answer_open(bot: Harness, user: str) -> None:
    flows = bot.deps.checkins(bot.client, bot.team_id)
    checkin_id, _ = await flows.start(bot.team_id, user)
    await flows.answer(bot.team_id, user, checkin_id, CheckinAnswer(progress={}, learned="practice"))


async def test_privacy_shows_and_exports_my_data(team: Harness) -> None:
    bot = team
    await bot.slack.command("UBOB", "/goal", "set Learn SQL window functions")
    await answer_open(bot, "UBOB")
    shown = texts((await bot.slack.command("UBOB", "/circles", "privacy")).last_reply())
    assert "*Goals* (1)" in shown and "*Check-ins* (1)" in shown and "Who sees it" in shown

    said = texts((await bot.slack.command("UBOB", "/circles", "export-my-data")).last_reply())
    assert "JSON file" in said
    [upload] = [m for m in bot.dms("UBOB") if m.files]
    data = json.loads(bot.double.workspace.files[upload.files[0]]["content"])
    assert data["user_id"] == "UBOB"
    assert data["goals"][0]["title"] == "Learn SQL window functions"
    assert data["checkins"][0]["learned"] == "practice"
    assert data["profile"]["tz"] == "Europe/Berlin"


async def test_delete_my_data_leaves_no_personal_rows_in_any_table(team: Harness, clock: FixedClock) -> None:
    bot = team
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UBOB", "/circle", "join rust")
    await bot.slack.command("UBOB", "/goal", "set Learn lifetimes")
    await bot.slack.command("UBOB", "/goal", "update 1 40% chapter 10")
    await answer_open(bot, "UBOB")
    await bot.slack.command("UBOB", "/circle", "share rust https://example.com/bob note from bob")
    await bot.slack.command("UBOB", "/circle", "topic add Bob's topic")
    await bot.slack.command("UALICE", "/kudos", "<@UBOB> for a great question")
    await bot.slack.command("UBOB", "/kudos", "<@UALICE> for the answer")
    await bot.slack.command("UALICE", "/circles", "kudos-reaction :clap:")
    bob_message = bot.double.workspace.post_as("UALICE", "CGENERAL", "thanks all")
    await bot.slack.event(
        {
            "type": "reaction_added",
            "user": "UBOB",
            "reaction": "clap",
            "item_user": "UALICE",
            "item": {"type": "message", "channel": "CGENERAL", "ts": bob_message.ts},
        }
    )
    [bob] = await bot.rows(Member, Member.user_id == "UBOB")

    opened = await bot.slack.command("UBOB", "/circles", "delete-my-data")
    view = next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "delete_my_data_modal")
    await bot.slack.submit_view("UBOB", view["id"], {})
    assert "your data is erased" in texts(bot.double.responses_to(opened.response_url)[-1])  # type: ignore[arg-type]

    leftovers = await personal_rows(bot, bob.id, "UBOB")
    assert leftovers == []
    kudos = await bot.rows(Kudos)
    assert len(kudos) == 3  # Alice's kudos still count: anonymously, without text
    assert all(k.message == "" for k in kudos if k.giver_member_id is None or k.receiver_member_id is None)
    received_by_alice = [k for k in kudos if k.receiver_member_id is not None]
    assert len(received_by_alice) == 2


async def personal_rows(bot: Harness, member_id: int, user_id: str) -> list[str]:
    """Every row of every table (from the metadata, so new tables are covered) that points at the person."""
    found = []
    async with bot.deps.db.session() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                refers_to_member = any(fk.column.table.name == "member" for fk in column.foreign_keys)
                if refers_to_member or (table.name == "member" and column.name == "id"):
                    hits = await session.scalar(select(column).where(column == member_id).limit(1))
                elif isinstance(column.type, String | Text | JSON):
                    rows = (await session.execute(select(column))).scalars().all()
                    hits = next((v for v in rows if v is not None and user_id in json.dumps(v, default=str)), None)
                else:
                    continue
                if hits is not None:
                    found.append(f"{table.name}.{column.name}")
    return found


async def test_opt_out_stops_dms_rotations_and_prompts(team: Harness, clock: FixedClock) -> None:
    bot = team
    await bot.slack.command("UBOB", "/goal", "set Something")
    said = texts((await bot.slack.command("UBOB", "/circles", "opt-out")).last_reply())
    assert "You're opted out" in said
    await clock_tick(bot, clock, local_ten(datetime(2026, 10, 19), "Europe/Berlin"))
    assert [c for c in bot.double.calls_to("chat.postMessage") if c.args.get("channel") == "UBOB"] == []
    await bot.slack.command("UALICE", "/kudos", "<@UBOB> for the help")
    skipped = await bot.rows(Outbox, Outbox.channel == "UBOB", Outbox.status == "skipped")
    assert [row.last_error for row in skipped] == ["opted_out"]
    home = await open_home(bot, "UBOB")
    assert "You opted out" in texts(home)  # Home still works: that's where you opt back in
    await bot.slack.click_button_in("UBOB", home["blocks"], "home_opt_in", view=home)
    await clock_tick(bot, clock, local_ten(datetime(2026, 10, 26), "Europe/Berlin"))
    assert [c for c in bot.double.calls_to("chat.postMessage") if c.args.get("channel") == "UBOB"]


async def test_uninstall_stops_posting_at_once_and_purges_after_grace(team: Harness, clock: FixedClock) -> None:
    bot = team
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UBOB", "/goal", "set Something")
    await bot.slack.event({"type": "app_uninstalled"})
    posts_before = len(bot.double.calls_to("chat.postMessage"))
    await clock_tick(bot, clock, local_ten(datetime(2026, 10, 19), "Europe/Berlin"))
    assert len(bot.double.calls_to("chat.postMessage")) == posts_before
    assert {row.last_error for row in await bot.rows(Outbox, Outbox.status == "skipped")} == {"uninstalled"}

    from jobs.lifecycle import purge_uninstalled

    clock.advance(timedelta(days=29))
    assert await purge_uninstalled(bot.deps) == []
    clock.advance(timedelta(days=2))
    assert await purge_uninstalled(bot.deps) == [bot.team_id]
    assert await bot.rows(Team) == [] and await bot.rows(Member) == [] and await bot.rows(Checkin) == []


async def test_a_member_deleted_from_slack_is_treated_as_opted_out(team: Harness) -> None:
    bot = team
    await bot.slack.command("UBOB", "/goal", "set Something")
    bot.double.workspace.users["UBOB"].deleted = True
    await sync_profiles(bot)
    await bot.slack.command("UALICE", "/kudos", "<@UCAROL> for the help")  # still works for others
    from bot.services import outbox

    async with bot.deps.db.session() as session:
        await outbox.enqueue(
            session,
            team_id=bot.team_id,
            key="test:dm",
            channel="UBOB",
            message={"text": "hi"},
            now=bot.deps.clock.now(),
        )
    await bot.deps.sender(bot.deps.gateways(bot.client)).deliver_due()
    [row] = await bot.rows(Outbox, Outbox.key == "test:dm")
    assert (row.status, row.last_error) == ("skipped", "deactivated")


def test_cli_export_writes_csv_and_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from bot.cli import cli
    from tests.databases import sqlite_with_a_workspace

    url = sqlite_with_a_workspace(tmp_path / "export.db")
    runner = CliRunner()
    for fmt in ("csv", "json"):
        result = runner.invoke(
            cli, ["export", "--format", fmt, "--out", str(tmp_path / "out")], env={"DATABASE_URL": url}
        )
        assert result.exit_code == 0, result.output
        written = (tmp_path / "out" / f"circles-insights-T9.{fmt}").read_text()
        assert ("scope,week_start" in written) if fmt == "csv" else json.loads(written)[0]["scope"] == "All circles"
    assert runner.invoke(cli, ["export", "--format", "xml"], env={"DATABASE_URL": url}).exit_code == 2


def test_readme_data_map_matches_the_code() -> None:
    from pathlib import Path

    from bot.services.privacy import DATA_MAP

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for kind in DATA_MAP:
        assert f"| {kind.name} | {kind.fields} | {kind.why} | {kind.who_sees} | {kind.kept} |" in readme, kind.name


async def test_housekeeping_forgets_old_event_ids(team: Harness, clock: FixedClock) -> None:
    from bot.db.models import ProcessedEvent
    from jobs.lifecycle import purge_uninstalled

    await team.slack.event({"type": "team_join", "user": team.double.workspace.users["UBOB"].to_api(team.team_id)})
    assert len(await team.rows(ProcessedEvent)) == 1
    clock.advance(timedelta(days=2))
    await purge_uninstalled(team.deps)
    assert await team.rows(ProcessedEvent) == []


async def test_circles_help_shows_everyones_privacy_commands(team: Harness) -> None:
    shown = texts((await team.slack.command("UBOB", "/circles", "help")).last_reply())
    assert "`/circles delete-my-data`" in shown and "`/circles opt-out`" in shown
    assert "Circles settings" in shown  # then what admins can change
