"""One catch-up rule for every kind of scheduled work.

After downtime, work that came due while the bot was down goes out once, late, if it is at most
`CATCH_UP_GRACE` late (and before its own deadline, e.g. a meeting's start); past that it is skipped
and recorded in `missed_work` (admins see the counts in `/circles deliveries`), never sent later.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.dialect import insert_for
from bot.db.models import MissedWork

CATCH_UP_GRACE = timedelta(hours=6)


class Work(StrEnum):
    """The kinds of scheduled work the rule applies to (the `kind` of a `missed_work` row)."""

    CHECKIN_PROMPT = "checkin_prompt"
    CHECKIN_REMINDER = "checkin_reminder"
    DIGEST = "digest"
    LEADER_REQUEST = "leader_request"
    ANNOUNCEMENT = "announcement"
    MEETING_REMINDER = "meeting_reminder"
    MENTOR_NUDGE = "mentor_nudge"
    MENTOR_SURVEY = "mentor_survey"


def in_time(due_at: datetime, now: datetime, deadline: datetime | None = None) -> bool:
    return now - due_at <= CATCH_UP_GRACE and (deadline is None or now < deadline)


async def on_time(
    session: AsyncSession,
    team_id: str,
    kind: Work,
    ref: str,
    due_at: datetime,
    now: datetime,
    deadline: datetime | None = None,
) -> bool:
    """True: do it now (late or not). False: too late, recorded once as missed; the caller skips it."""
    if in_time(due_at, now, deadline):
        return True
    await session.execute(
        insert_for(session)(MissedWork)
        .values(team_id=team_id, kind=str(kind), ref=ref[:200], due_at=due_at, recorded_at=now)
        .on_conflict_do_nothing(index_elements=["team_id", "kind", "ref"])
    )
    return False


async def missed_since(session: AsyncSession, team_id: str, since: datetime) -> dict[str, int]:
    """How much work of each kind was skipped as too late since `since`."""
    rows = await session.execute(
        select(MissedWork.kind, func.count())
        .where(MissedWork.team_id == team_id, MissedWork.recorded_at >= since)
        .group_by(MissedWork.kind)
    )
    return {kind: int(count) for kind, count in rows.all()}
