"""A whole mentorship cycle through the Slack double: profiles, a program, enrolment, the preview,
lock/break, publishing, 1:1 nudges, at-risk, help alerts, surveys, and the next cycle's history rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.clock import FixedClock
from bot.db.models import MentorPair, MentorProgram, SurveyResponse
from bot.views import mentorship as views
from tests.harness import Harness, texts
from tests.test_checkins import sync_profiles

PROFILES: dict[str, dict[str, Any]] = {
    "UALICE": {
        "role": "mentor",
        "offers": "sql, leadership",
        "wants": "",
        "dept": "Eng",
        "seniority": "4",
        "capacity": "2",
    },
    "UBOB": {"role": "mentee", "offers": "", "wants": "sql", "dept": "Design", "seniority": "2", "capacity": "1"},
    "UCAROL": {
        "role": "mentee",
        "offers": "",
        "wants": "leadership",
        "dept": "Sales",
        "seniority": "1",
        "capacity": "1",
    },
    "UDAN": {"role": "mentor", "offers": "sql", "wants": "", "dept": "Design", "seniority": "5", "capacity": "1"},
}


def newest_view(bot: Harness, callback_id: str) -> dict[str, Any]:
    return next(v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == callback_id)


async def fill_profile(bot: Harness, user: str) -> None:
    profile = PROFILES[user]
    await bot.slack.command(user, "/mentor", "profile")
    view = newest_view(bot, views.PROFILE_ID)
    submitted = await bot.slack.submit_view(
        user,
        view["id"],
        {
            views.P.ROLE: profile["role"],
            views.P.OFFERS: profile["offers"],
            views.P.WANTS: profile["wants"],
            views.P.INTERESTS: "chess, climbing",
            views.P.TRACK: "technical",
            views.P.DEPARTMENT: profile["dept"],
            views.P.SENIORITY: profile["seniority"],
            views.P.CAPACITY: profile["capacity"],
        },
    )
    assert not submitted.response.content, submitted.response.content


@pytest.fixture
async def team(timed_bot: Harness) -> Harness:
    bot = timed_bot
    bot.double.workspace.add_user("UDAN", "dan", tz="Europe/London")
    bot.double.workspace.users["UALICE"].status_text = ""
    for user in ("UDAN",):
        bot.double.workspace.channels["CGENERAL"].members.add(user)
    await sync_profiles(bot)  # Alice is a workspace admin
    return bot


async def test_a_whole_cycle(team: Harness, clock: FixedClock) -> None:
    bot = team
    # Alice starts a cycle; everyone in #general is invited.
    opened = await bot.slack.command("UALICE", "/mentor", "program")
    program_view = newest_view(bot, views.PROGRAM_ID)
    past = await bot.slack.submit_view(
        "UALICE", program_view["id"], {views.G.NAME: "Spring", views.G.DEADLINE: "2026-10-01"}
    )
    assert "after today" in past.json()["errors"][views.G.DEADLINE]
    await bot.slack.submit_view(
        "UALICE",
        program_view["id"],
        {
            views.G.NAME: "Spring",
            views.G.DEADLINE: "2026-10-26",
            views.G.GOALS: "Grow SQL and leadership",
            views.G.CHANNELS: ["CGENERAL"],
        },
    )
    assert "open for enrolment until Oct 26" in texts(bot.double.responses_to(opened.response_url)[-1])  # type: ignore[arg-type]
    invited = {
        u for u in ("UALICE", "UBOB", "UCAROL", "UDAN") if any("enrolment is open" in m.text for m in bot.dms(u))
    }
    assert invited == {"UALICE", "UBOB", "UCAROL", "UDAN"}

    # Enrolment: the Join button opens the profile form for those without one.
    for user in PROFILES:
        invitation = next(m for m in bot.dms(user) if "enrolment is open" in m.text)
        await bot.slack.click_button_in(user, invitation.blocks, "mentor_join", message={"ts": invitation.ts})
        await fill_profile(bot, user)

    # Nobody else enrolled: the reminder the day before goes to no one; at the deadline the admin gets the proposal.
    clock.advance(datetime(2026, 10, 25, 9, tzinfo=UTC) - clock.now())
    await bot.mentorship_tick()
    clock.advance(datetime(2026, 10, 26, 0, 10, tzinfo=UTC) - clock.now())
    await bot.mentorship_tick()
    proposal = next(m for m in reversed(bot.dms("UALICE")) if "Proposed matches" in m.text)
    shown = texts({"blocks": proposal.blocks})
    assert "3 pairs*, 0 unmatched" in shown or "2 pairs" in shown
    assert "<@UALICE> → <@UCAROL>" in shown and "can help with leadership" in shown
    assert "Quality vs random pairing" in shown

    # Alice locks Dan → Bob, breaks Alice → Bob (if proposed), re-runs, and publishes.
    await bot.slack.command("UALICE", "/mentor", "lock Spring <@UDAN|dan> <@UBOB|bob>")
    rerun = await bot.slack.command("UALICE", "/mentor", "preview Spring")
    rerun_text = texts(rerun.last_reply())
    assert "<@UDAN> → <@UBOB>" in rerun_text and "locked by an admin" in rerun_text
    refused = await bot.slack.command("UBOB", "/mentor", "publish Spring")
    assert "Only Circles admins" in texts(refused.last_reply())
    published = await bot.slack.command("UALICE", "/mentor", "publish Spring")
    assert "Published 2 pairs" in texts(published.last_reply())

    pairs = {(p.mentor_member_id, p.mentee_member_id): p for p in await bot.rows(MentorPair)}
    assert all(p.status == "active" and p.conversation_id for p in pairs.values())
    groups = [c for c in bot.double.workspace.channels.values() if c.is_mpim]
    assert sorted(sorted(g.members - {bot.double.workspace.bot_user_id}) for g in groups) == [
        ["UALICE", "UCAROL"],
        ["UBOB", "UDAN"],
    ]
    from tests.test_home_privacy import open_home

    assert "*Spring*: <@UDAN> mentors you" in texts(await open_home(bot, "UBOB"))
    insights = texts((await bot.slack.command("UALICE", "/circles", "admin")).last_reply())
    assert "Mentorship pairs on track / at risk:* <5 / <5" in insights  # two pairs are four people: suppressed
    intro = bot.double.workspace.messages_in(groups[0].id)[0]
    assert "meet" in intro.text and "Suggested first agenda" in intro.text and "chess" in intro.text

    # A month on: a nudge; Bob says they met; Carol asks for help (the admin hears privately).
    clock.advance(timedelta(days=30))
    await bot.mentorship_tick()
    bob_group = next(g for g in groups if "UBOB" in g.members)
    carol_group = next(g for g in groups if "UCAROL" in g.members)
    nudge = bot.double.workspace.messages_in(bob_group.id)[-1]
    assert "mentorship 1:1" in nudge.text
    met = await bot.slack.click_button_in(
        "UBOB", nudge.blocks, "mentor_met", message={"ts": nudge.ts}, channel_id=bob_group.id
    )
    assert "noted" in texts(met.last_reply())
    carol_nudge = bot.double.workspace.messages_in(carol_group.id)[-1]
    await bot.slack.click_button_in(
        "UCAROL", carol_nudge.blocks, "mentor_help", message={"ts": carol_nudge.ts}, channel_id=carol_group.id
    )
    assert any("<@UCAROL> asked for help" in m.text for m in bot.dms("UALICE"))
    stranger = await bot.slack.click_button_in("UBOB", carol_nudge.blocks, "mentor_met", message={"ts": carol_nudge.ts})
    assert "isn't yours" in texts(stranger.last_reply())

    # Two more months without meeting: Alice and Carol's pair is at risk (Bob and Dan met, so they are not).
    for _ in range(2):
        clock.advance(timedelta(days=30))
        await bot.mentorship_tick()
    at_risk = {p.mentee_member_id: p.missed for p in await bot.rows(MentorPair)}
    assert any("missed two meetings" in m.text for m in bot.dms("UALICE"))
    assert sorted(at_risk.values()) == [1, 2]
    assert sorted(p.meetings_held for p in await bot.rows(MentorPair)) == [0, 1]  # Bob's "We met" counts

    # Mid-cycle survey (the program is 6 months long; we're 3 months in).
    survey_invite = next(m for m in bot.dms("UBOB") if "Half way through" in m.text)
    rate = [e for b in survey_invite.blocks if b["type"] == "actions" for e in b["elements"]]
    assert ("skills_rate", "mid") in {(e["action_id"], e.get("value")) for e in rate}  # a skills checkpoint
    await bot.slack.click_button_in("UBOB", survey_invite.blocks, "mentor_survey", message={"ts": survey_invite.ts})
    await bot.slack.submit_view(
        "UBOB", newest_view(bot, views.SURVEY_ID)["id"], {"sv_useful": "5", "sv_comment": "Great"}
    )
    [answer] = await bot.rows(SurveyResponse)
    assert (answer.kind, answer.answers["useful"], answer.answers["comment"]) == ("mid", 5, "Great")
    await bot.mentorship_tick()
    assert sum("Half way through" in m.text for m in bot.dms("UBOB")) == 1  # each survey once

    # End of cycle: the end survey, and the program is over (the tick runs minutes after the end).
    [program] = await bot.rows(MentorProgram)
    assert program.published_at is not None
    clock.advance(program.published_at + timedelta(days=30 * 6, minutes=10) - clock.now())
    await bot.mentorship_tick()
    assert any("has ended" in m.text for m in bot.dms("UCAROL"))
    [program] = await bot.rows(MentorProgram)
    assert program.status == "ended"
    mine = texts((await bot.slack.command("UBOB", "/mentor", "me")).last_reply())
    assert "mentored by <@UDAN>" in mine


async def test_next_cycle_never_repeats_a_pair(team: Harness, clock: FixedClock) -> None:
    bot = team
    for user in ("UALICE", "UBOB"):
        await fill_profile(bot, user)
    flows = bot.deps.mentorship(bot.client, bot.team_id)
    from bot.services.mentorship import ProgramForm

    for cycle, deadline in (("One", "2026-10-20"), ("Two", "2026-10-21")):
        await flows.create_program(
            bot.team_id,
            "UALICE",
            ProgramForm(cycle, "", 6, 30, datetime.fromisoformat(deadline).date(), []),
        )
        for user in ("UALICE", "UBOB"):
            await flows.join(bot.team_id, user, cycle)
        proposal = await flows.preview(bot.team_id, "UALICE", cycle)
        if cycle == "One":
            assert [(p.mentor.user_id, p.mentee.user_id) for p in proposal.result.pairs] == [("UALICE", "UBOB")]
            await flows.publish(bot.team_id, "UALICE", cycle)
        else:
            assert proposal.result.pairs == []
            assert "paired in an earlier cycle" in proposal.result.unmatched[0][1]


async def test_profile_form_rules(team: Harness) -> None:
    bot = team
    await bot.slack.command("UBOB", "/mentor", "profile")
    view = newest_view(bot, views.PROFILE_ID)
    no_wants = await bot.slack.submit_view("UBOB", view["id"], {views.P.ROLE: "mentee", views.P.WANTS: ""})
    assert "at least one skill you want" in no_wants.json()["errors"][views.P.WANTS]
    no_offers = await bot.slack.submit_view("UBOB", view["id"], {views.P.ROLE: "mentor", views.P.OFFERS: ""})
    assert "at least one skill you can offer" in no_offers.json()["errors"][views.P.OFFERS]
    me = await bot.slack.submit_view("UBOB", view["id"], {views.P.WANTS: "sql", views.P.AVOID: ["UBOB"]})
    assert "can't avoid yourself" in me.json()["errors"][views.P.AVOID]
    assert "`/mentor lock" in texts((await bot.slack.command("UALICE", "/mentor", "lock Spring")).last_reply())
    assert "no mentorship program" in texts((await bot.slack.command("UALICE", "/mentor", "preview Nope")).last_reply())


async def test_a_cycle_from_yaml_invites_on_the_next_run(team: Harness) -> None:
    bot = team
    from datetime import date

    from bot.services import mentorship
    from bot.services.mentorship import ProgramForm

    async with bot.deps.db.session() as session:  # what `circles program create` does
        now = bot.deps.clock.now()
        await mentorship.create_program(
            session,
            bot.team_id,
            "UALICE",
            ProgramForm("From git", "", 6, 30, date(2026, 11, 30), ["CGENERAL"]),
            now.date(),
            now,
        )
    await bot.mentorship_tick()
    assert all(any("enrolment is open" in m.text for m in bot.dms(u)) for u in ("UBOB", "UCAROL", "UDAN"))
    await bot.mentorship_tick()
    assert sum("enrolment is open" in m.text for m in bot.dms("UBOB")) == 1
    await bot.deps.mentorship(bot.client, bot.team_id).join(bot.team_id, "UBOB", "From git")
    bot.deps.clock.advance(datetime(2026, 11, 29, 12, tzinfo=UTC) - bot.deps.clock.now())  # type: ignore[attr-defined]
    await bot.mentorship_tick()
    await bot.mentorship_tick()
    reminded = {u for u in ("UALICE", "UBOB", "UCAROL", "UDAN") if any("closes tomorrow" in m.text for m in bot.dms(u))}
    assert reminded == {"UALICE", "UCAROL", "UDAN"}  # everyone invited but Bob, who enrolled; once each
    assert all(sum("closes tomorrow" in m.text for m in bot.dms(u)) == 1 for u in reminded)


def test_program_cli(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    from sqlalchemy import insert
    from typer.testing import CliRunner

    from bot.cli import cli
    from bot.db.engine import create_engine
    from bot.db.migrate import upgrade
    from bot.db.models import Team

    url = f"sqlite+aiosqlite:///{tmp_path / 'programs.db'}"

    async def seed() -> None:
        engine = create_engine(url)
        await upgrade(engine)
        async with engine.begin() as connection:
            await connection.execute(insert(Team).values(team_id="T1", name="One", created_at=datetime.now(UTC)))
        await engine.dispose()

    asyncio.run(seed())
    spec = tmp_path / "spring.yaml"
    spec.write_text(
        "name: Spring 2099\ngoals: Grow\nlength_months: 6\ncadence: monthly\n"
        "enrolment_deadline: 2099-03-01\nchannels: [C1]\n"
    )
    runner = CliRunner()
    env = {"DATABASE_URL": url}
    created = runner.invoke(cli, ["program", "create", str(spec), "--team", "T1", "--admin", "U1"], env=env)
    assert created.exit_code == 0, created.output
    again = runner.invoke(cli, ["program", "create", str(spec), "--team", "T1", "--admin", "U1"], env=env)
    assert again.exit_code == 2 and "already exists" in again.output
    matched = runner.invoke(cli, ["program", "match", "Spring 2099", "--team", "T1"], env=env)
    assert matched.exit_code == 0 and "0 pairs, 0 unmatched" in matched.output and "quality:" in matched.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("goals: no name\n")
    assert (
        runner.invoke(cli, ["program", "create", str(broken), "--team", "T1", "--admin", "U1"], env=env).exit_code == 2
    )


def seed_teams(url: str, *teams: tuple[str, str]) -> None:
    import asyncio

    from sqlalchemy import insert

    from bot.db.engine import create_engine
    from bot.db.migrate import upgrade
    from bot.db.models import Team

    async def seed() -> None:
        engine = create_engine(url)
        await upgrade(engine)
        async with engine.begin() as connection:
            for team_id, name in teams:
                await connection.execute(insert(Team).values(team_id=team_id, name=name, created_at=datetime.now(UTC)))
        await engine.dispose()

    asyncio.run(seed())


def test_the_cli_needs_no_team_id_with_one_workspace(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from bot.cli import cli

    url = f"sqlite+aiosqlite:///{tmp_path / 'one.db'}"
    seed_teams(url, ("T1", "Acme"))
    spec = tmp_path / "spring.yaml"
    spec.write_text(
        "name: Spring 2099\ngoals: Grow\nlength_months: 6\ncadence: monthly\nenrolment_deadline: 2099-03-01\n"
    )
    runner = CliRunner()
    env = {"DATABASE_URL": url}
    created = runner.invoke(cli, ["program", "create", str(spec), "--admin", "U1"], env=env)
    assert created.exit_code == 0, created.output
    assert "workspace T1 (Acme)" in created.stderr  # says which workspace it chose
    matched = runner.invoke(cli, ["program", "match", "spring 2099"], env=env)  # the name in any case
    assert matched.exit_code == 0 and "0 pairs, 0 unmatched" in matched.stdout, matched.output
    exported = runner.invoke(cli, ["export", "--out", str(tmp_path / "out")], env=env)
    assert exported.exit_code == 0 and (tmp_path / "out" / "circles-insights-T1.csv").exists()


def test_the_cli_lists_the_workspaces_when_there_are_several(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from bot.cli import cli

    url = f"sqlite+aiosqlite:///{tmp_path / 'two.db'}"
    seed_teams(url, ("T1", "Acme"), ("T2", "Globex"))
    runner = CliRunner()
    env = {"DATABASE_URL": url}
    for args in (["program", "match", "Spring"], ["export", "--out", str(tmp_path / "out")]):
        refused = runner.invoke(cli, args, env=env)
        assert refused.exit_code == 2
        assert (
            "several workspaces" in refused.stderr and "T1  Acme" in refused.stderr and "T2  Globex" in refused.stderr
        )
    unknown = runner.invoke(cli, ["export", "--team", "T9"], env=env)
    assert unknown.exit_code == 2 and "no workspace T9" in unknown.stderr and "T2  Globex" in unknown.stderr
    chosen = runner.invoke(cli, ["export", "--team", "T2", "--out", str(tmp_path / "out")], env=env)
    assert chosen.exit_code == 0 and (tmp_path / "out" / "circles-insights-T2.csv").exists()
