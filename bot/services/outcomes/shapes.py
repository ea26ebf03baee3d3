"""The outcome report as plain data: figures with their n, by scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

MIN_PEOPLE = 5

# Every figure the report can hold, in the order it shows them, with what it means.
METRICS: dict[str, str] = {
    "skill_growth": "Skill growth: mean change in self-rated skill (after minus before, 1-5)",
    "goal_completion": "Goal completion: goals done of goals set (last 6 months)",
    "checkin_response": "Check-in engagement: prompts answered (last 4 weeks)",
    "confidence": "Check-in confidence (1-5, last 4 weeks)",
    "meeting_attendance": "Meeting attendance: members who said they'd come, per meeting (last 12 weeks)",
    "retained_3m": "Retention: still in the workspace 3 months after joining",
    "retained_6m": "Retention: still in the workspace 6 months after joining",
    "taking_part_3m": "Still taking part 3 months after joining",
    "meetings_per_pair": "Mentorship 1:1s held per pair",
    "pairs_at_risk": "Pairs at risk (missed their last 1:1s)",
    "usefulness": "Evaluation: usefulness (1-5)",
    "fit": "Evaluation: pair fit (1-5)",
    "would_recommend": "Would recommend / continue",
    "others_retained_3m": "Everyone else: still in the workspace 3 months after Circles first saw them",
    "others_retained_6m": "Everyone else: still in the workspace 6 months after Circles first saw them",
}
SHARES = {
    "goal_completion",
    "checkin_response",
    "meeting_attendance",
    "retained_3m",
    "retained_6m",
    "taking_part_3m",
    "pairs_at_risk",
    "would_recommend",
    "others_retained_3m",
    "others_retained_6m",
}


@dataclass(frozen=True)
class Figure:
    """A value and the number of people it is drawn from; `value` is None below five (`<5`)."""

    value: float | None
    n: int

    @classmethod
    def of(cls, value: float | None, n: int) -> Figure:
        return cls(value if n >= MIN_PEOPLE and value is not None else None, n)

    @property
    def withheld(self) -> bool:
        return self.value is None and self.n > 0


@dataclass
class Scope:
    kind: str  # overall | circle | program
    name: str
    people: int
    figures: dict[str, Figure] = field(default_factory=dict)
    # Weekly check-in response rate, oldest first (None: fewer than five people asked that week).
    engagement: list[tuple[date, float | None]] = field(default_factory=list)
    # How many people changed their skill rating by each step (-4..+4); empty below five people.
    skill_changes: dict[int, int] = field(default_factory=dict)


@dataclass
class OutcomeReport:
    team_id: str
    generated_at: datetime
    overall: Scope
    circles: list[Scope] = field(default_factory=list)
    programs: list[Scope] = field(default_factory=list)

    @property
    def scopes(self) -> list[Scope]:
        return [self.overall, *self.circles, *self.programs]
