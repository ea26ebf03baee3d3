"""The outcome report, seeded through the real app with known answers: its figures equal the ones
worked out by hand below; groups under five show `<5`; someone who deletes their data leaves every
figure; the CSV reads back; the HTML is one file that a headless Chromium opens without errors;
`/circles admin outcomes` is for admins and sends the report and chart by DM."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.services import outcomes
from bot.services.mentorship import ProgramForm
from bot.views.outcome_report import to_html
from jobs.member_sync import sync_members
from tests.browser import console_errors, dump_dom
from tests.harness import Harness, texts

RUST = ["U01", "U02", "U03", "U04", "U05"]  # with Alice, who creates both circles: six people
GO = ["U06", "U07", "U08"]  # with Alice: four people
OTHERS = ["U09", "U10", "U11", "U12"]  # never take part (nor do Bob and Carol)


async def seeded(bot: Harness, clock: FixedClock) -> None:
    for user in RUST + GO + OTHERS:
        bot.double.workspace.add_user(user, user.lower(), real_name=f"Person {user}", tz="UTC")
    await sync_members(bot.deps, bot.deps.gateways(bot.client))
    await bot.slack.command("UALICE", "/circle", "create Rust")
    await bot.slack.command("UALICE", "/circle", "create Go")
    for user in RUST:
        await bot.slack.command(user, "/circle", "join rust")
        await bot.slack.command(user, "/goal", "set Ship a crate")
    for user in GO:
        await bot.slack.command(user, "/circle", "join go")
    await bot.slack.command("UALICE", "/goal", "set Review more")  # Alice: 1 goal, open
    for user in ("U01", "U02"):
        await bot.slack.command(user, "/goal", "done 1")
    await bot.slack.command("U06", "/goal", "set Learn generics")
    await bot.slack.command("U06", "/goal", "done 1")
    # A mentorship cycle: six enrolled, five end-of-cycle answers (skill before → after).
    flows = bot.deps.mentorship(bot.client, bot.team_id)
    await flows.create_program(bot.team_id, "UALICE", ProgramForm("Spring", "", 6, 30, clock.now().date(), []))
    [program] = await flows.programs(bot.team_id)
    for user in ["U01", "U02", "U03", "U04", "U05", "U06"]:
        await flows.join(bot.team_id, user, "Spring")
    answers = {
        "U01": (2, 4, "yes", 5),
        "U02": (1, 3, "yes", 4),
        "U03": (3, 3, "no", 2),
        "U04": (2, 3, "yes", 4),
        "U05": (3, 5, "yes", 5),
    }
    for user, (before, after, again, useful) in answers.items():
        await flows.save_survey(
            bot.team_id,
            user,
            program.id,
            "end",
            {"useful": useful, "fit": 4, "continue": again, "before": before, "after": after},
        )
    # Seven months on: U01 and U11 have left the company (deactivated in Slack).
    clock.advance(timedelta(days=210))
    for user in ("U01", "U11"):
        bot.double.workspace.users[user].deleted = True
    await sync_members(bot.deps, bot.deps.gateways(bot.client))
    # This half year's goals: five set in Rust (the first ones are older than six months), two done.
    for user in ("UALICE", "U02", "U03", "U04", "U05"):
        await bot.slack.command(user, "/goal", "set Write a macro")
    for user in ("U02", "U03"):
        await bot.slack.command(user, "/goal", "done 2")


async def computed(bot: Harness, clock: FixedClock) -> outcomes.OutcomeReport:
    async with bot.deps.db.session() as session:
        return await outcomes.report(session, bot.team_id, clock.now())


async def test_the_figures_equal_the_hand_computed_ones(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await seeded(bot, clock)
    report = await computed(bot, clock)
    rust = next(s for s in report.circles if s.name == "Rust")
    go = next(s for s in report.circles if s.name == "Go")
    [spring] = report.programs

    # Rust: 6 people; goals of the last 6 months: 5, of which 2 done.
    assert rust.people == 6 and rust.figures["goal_completion"] == outcomes.Figure(0.4, 5)
    assert report.overall.figures["goal_completion"] == outcomes.Figure(0.4, 5)
    assert rust.figures["retained_6m"].value == pytest.approx(5 / 6)  # U01 left the company
    assert rust.figures["taking_part_3m"].value == 1.0  # nobody left the circle
    # Go: 4 people, so every figure about them is withheld.
    assert go.people == 4 and go.figures["retained_6m"].value is None and go.figures["retained_6m"].n == 4
    # Overall: 9 participants, 8 still here; everyone else: Bob, Carol, UGONE (deactivated from the
    # start), U09-U12 (U11 left): 5 of 7.
    overall = report.overall
    assert overall.people == 9
    assert overall.figures["retained_6m"].value == pytest.approx(8 / 9)
    assert overall.figures["others_retained_6m"].value == pytest.approx(5 / 7)
    # Spring: skill change after - before = 2, 2, 0, 1, 2 → mean 1.4 from 5; would continue 4 of 5.
    assert spring.figures["skill_growth"].value == pytest.approx(1.4) and spring.figures["skill_growth"].n == 5
    assert spring.skill_changes == {0: 1, 1: 1, 2: 3}
    assert spring.figures["would_recommend"].value == pytest.approx(0.8)
    assert spring.figures["usefulness"].value == pytest.approx(4.0)  # (5 + 4 + 2 + 4 + 5) / 5

    # The CSV reads back, with `<5` where a group is too small.
    rows = list(csv.DictReader(io.StringIO(outcomes.to_csv(report))))
    by = {(r["name"], r["metric"]): r for r in rows}
    assert float(by[("Rust", "retained_6m")]["value"]) == pytest.approx(5 / 6, abs=1e-3)
    assert by[("Go", "retained_6m")]["value"] == "<5" and by[("Go", "people")]["value"] == "<5"
    assert by[("Spring", "skill_change_+2")]["value"] == "3"
    assert "U0" not in outcomes.to_csv(report) and "Person" not in to_html(report)  # no names anywhere


async def test_someone_who_deletes_their_data_leaves_every_figure(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await seeded(bot, clock)
    await bot.slack.command("U05", "/circles", "delete-my-data")
    confirm = next(
        v for v in reversed(bot.double.workspace.views.values()) if v["callback_id"] == "delete_my_data_modal"
    )
    await bot.slack.submit_view("U05", confirm["id"], {})
    report = await computed(bot, clock)
    rust = next(s for s in report.circles if s.name == "Rust")
    [spring] = report.programs
    assert rust.people == 5 and report.overall.people == 8
    assert spring.figures["skill_growth"].n == 4 and spring.figures["skill_growth"].value is None  # now <5
    assert rust.figures["retained_6m"].value == pytest.approx(4 / 5)


async def test_admins_get_the_report_in_slack_and_others_are_refused(timed_bot: Harness, clock: FixedClock) -> None:
    bot = timed_bot
    await seeded(bot, clock)
    refused = await bot.slack.command("UBOB", "/circles", "admin outcomes")
    assert "admin" in texts(refused.last_reply()).lower() and not [m for m in bot.dms("UBOB") if m.files]
    shown = texts((await bot.slack.command("UALICE", "/circles", "admin outcomes")).last_reply())
    assert "Circles outcomes" in shown and "*Rust* (6)" in shown and "*Go* (<5)" in shown
    names = sorted(bot.double.workspace.files[f]["name"] for m in bot.dms("UALICE") for f in m.files)
    assert names[0] == "circles-engagement.png" and names[1].startswith("circles-outcomes-")


async def test_the_html_report_opens_in_a_headless_browser_with_every_section(
    timed_bot: Harness, clock: FixedClock, tmp_path: Path
) -> None:
    bot = timed_bot
    await seeded(bot, clock)
    page = tmp_path / "report.html"
    page.write_text(to_html(await computed(bot, clock), "Circles Test"), encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and 'src="data:image/png;base64,' in text  # one file, readable offline
    result = await asyncio.to_thread(dump_dom, page)
    for section in (
        'id="overall"',
        'id="skill-growth"',
        'id="engagement"',
        'id="retention"',
        'id="circles"',
        'id="programs"',
    ):
        assert section in result.stdout, section
    assert console_errors(result) == []


def test_circles_report_writes_html_csv_and_json_and_the_csv_reads_back(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bot.cli import cli
    from tests.databases import sqlite_with_a_workspace

    url = sqlite_with_a_workspace(tmp_path / "report.db")
    runner = CliRunner()
    for fmt in ("html", "csv", "json"):
        result = runner.invoke(
            cli, ["report", "--format", fmt, "--out", str(tmp_path / "out")], env={"DATABASE_URL": url}
        )
        assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "circles-outcomes-T9.csv").read_text())))
    assert rows[0] == {
        "scope": "overall",
        "name": "All participants",
        "metric": "people",
        "value": "<5",
        "n": "",
        "meaning": "people taking part",
    }
    assert {r["metric"] for r in rows} >= {"skill_growth", "goal_completion", "retained_6m", "others_retained_6m"}
    assert "Circles outcomes: Nine" in (tmp_path / "out" / "circles-outcomes-T9.html").read_text()
    assert runner.invoke(cli, ["report", "--format", "pdf"], env={"DATABASE_URL": url}).exit_code == 2


async def test_meeting_attendance_is_the_share_of_members_who_said_they_would_come(
    timed_bot: Harness, clock: FixedClock
) -> None:
    from tests.test_circle_rhythm import at, rust_circle, thursday_six

    bot = timed_bot
    for user in ("U01", "U02", "U03"):
        bot.double.workspace.add_user(user, user.lower(), tz="UTC")
    circle = await rust_circle(bot)  # Alice, Bob and Carol; Thursdays 18:00 Berlin
    for user in ("U01", "U02", "U03"):
        await bot.slack.command(user, "/circle", "join rust")
    await at(bot, clock, thursday_six(0) - timedelta(hours=2))  # the meeting-day reminder, with RSVPs
    reminder = bot.double.workspace.posts_in(circle.channel_id)[-1]
    for user in ("UBOB", "UCAROL", "U01"):
        await bot.slack.click_button_in(user, reminder.blocks, "meeting_rsvp_yes", message={"ts": reminder.ts})
    await bot.slack.click_button_in("U02", reminder.blocks, "meeting_rsvp_no", message={"ts": reminder.ts})
    await at(bot, clock, thursday_six(0) + timedelta(hours=2))
    rust = next(s for s in (await computed(bot, clock)).circles if s.name == "Rust")
    assert rust.figures["meeting_attendance"] == outcomes.Figure(0.5, 6)  # 3 of 6 said they'd come
