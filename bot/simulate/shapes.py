"""What a simulation is asked for and what it hands back: its options, the transcript's lines, the outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.services.insights import Insights
from bot.services.outcomes import OutcomeReport

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    members: int = 30
    circles: int = 3
    weeks: int = 6
    seed: int = 1
    out: Path = Path("circles-simulation")
    program: Path | None = None  # a mentorship program YAML to preview a cycle of


@dataclass
class Line:
    """One thing that happened, as the transcript and the report show it."""

    at: datetime
    where: str  # "#channel", "DM @name", "group DM …", or "" for actions
    who: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    only_for: str | None = None  # ephemeral: seen by this person only


@dataclass
class Outcome:
    lines: list[Line] = field(default_factory=list)
    insights: Insights | None = None
    outcomes: OutcomeReport | None = None  # the outcome report at the end of the run
    counts: dict[str, int] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    channel_names: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
