"""`circles simulate`: the real app end to end against the built-in double, the same transcript for the
same seed (in this process and in a fresh one), and a report a browser opens without errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from typer.testing import CliRunner

from bot.cli import cli
from bot.simulate import Options, Outcome, run
from tests.browser import console_errors, dump_dom

PROGRAM = """\
name: Spring mentoring
goals: Grow SQL and leadership
length_months: 6
cadence: monthly
enrolment_deadline: 2027-03-01
channels: [CGENERAL]
"""
ARGS = {"members": 8, "circles": 2, "weeks": 1, "seed": 3}


@pytest_asyncio.fixture(scope="module")
async def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Outcome, Path, Path]:
    folder = tmp_path_factory.mktemp("simulation")
    program = folder / "spring.yaml"
    program.write_text(PROGRAM, encoding="utf-8")
    return await run(Options(**ARGS, out=folder / "out", program=program))  # type: ignore[arg-type]


async def test_a_short_simulation_runs_the_whole_program(simulated: tuple[Outcome, Path, Path]) -> None:
    outcome, report, transcript = simulated
    assert outcome.violations == []  # every Slack call the app made passed the spec checks
    assert {"check-ins", "kudos", "RSVPs", "mentorship profiles", "event answers"} <= set(outcome.counts)
    text = transcript.read_text(encoding="utf-8")
    for seen in (
        "/circle create Rust",  # members act through commands, buttons and modals
        "Welcome @",  # channel welcome posts
        "Time for your check-in",  # check-in DMs at local times
        "friendly nudge",  # reminders for those who didn't answer
        "It's your turn to lead",  # leader rotation
        "Next Rust meeting",  # announcements
        "checked in:",  # shared answers in the weekly thread
        "Proposed matches for Spring mentoring",  # the program preview
        "group DM",  # mentorship introductions
        "Rust: hands-on workshop: 0/4 going",  # a program event's invitation in the circle's channel
        "on the waitlist",  # past its places, Going waits
    ):
        assert seen in text, seen
    assert "<@U" not in text  # people are named as members would see them
    html = report.read_text(encoding="utf-8")
    assert "Program metrics" in html and "#circle-rust" in html and "<script" not in html
    assert 'id="outcomes"' in html and 'id="skill-growth"' in html and 'id="programs"' in html  # the outcome report


def test_the_same_seed_gives_the_same_transcript_in_a_fresh_process(
    simulated: tuple[Outcome, Path, Path], tmp_path: Path
) -> None:
    _, _, transcript = simulated
    program = tmp_path / "spring.yaml"
    program.write_text(PROGRAM, encoding="utf-8")
    circles = Path(sys.executable).with_name("circles")
    options = [f"--{name}={value}" for name, value in ARGS.items()]
    result = subprocess.run(
        [str(circles), "simulate", *options, "--out", str(tmp_path / "again"), "--program", str(program)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "week 1/1 done" in result.stdout and "Report:" in result.stdout  # progress while it runs
    assert (tmp_path / "again" / "transcript.txt").read_text(encoding="utf-8") == transcript.read_text(encoding="utf-8")


def test_the_report_opens_in_a_headless_browser(simulated: tuple[Outcome, Path, Path]) -> None:
    _, report, _ = simulated
    result = dump_dom(report)
    assert "What members saw" in result.stdout and "#circle-rust" in result.stdout  # rendered, not an error page
    assert console_errors(result) == []


def test_a_bad_program_file_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("goals: [no name]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["simulate", "--program", str(broken), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.startswith(f"circles: {broken} isn't a valid program file")
    assert result.output.count("\n") == 1
