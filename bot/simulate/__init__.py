"""`circles simulate`: see what members will experience, with no Slack workspace and no network."""

from __future__ import annotations

from pathlib import Path

from bot.simulate.report import write
from bot.simulate.runner import Simulation
from bot.simulate.shapes import Options, Outcome, Progress

__all__ = ["Options", "Outcome", "run"]


async def run(options: Options, progress: Progress = lambda _: None) -> tuple[Outcome, Path, Path]:
    outcome = await Simulation(options, progress).run()
    report, transcript = write(outcome, options)
    return outcome, report, transcript
