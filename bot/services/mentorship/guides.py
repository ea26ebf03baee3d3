"""What a program gives its pairs and mentors: a guide for each 1:1 (first: expectations and goals;
middle: progress and obstacles; last: reflection and next steps), the guide mentors get when the
cycle is published, and the end-of-cycle thanks to mentors."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member, MentorPair, MentorProgram
from bot.db.statuses import PairState, ProgramStatus

FIRST = (
    "First 1:1: expectations and goals. What does each of you hope for from these months? Agree on one to "
    "three goals (the *Agree our goals* button), how often you'll meet, and what success would look like."
)
MIDDLE = (
    "Progress and obstacles. What moved since last time? What's in the way, and what's one small step before "
    "the next 1:1? Mentors: ask more than you tell."
)
LAST = (
    "Last 1:1: reflection and next steps. Look back at the goals you agreed: what changed, what surprised you, "
    "and what comes next? Say thank you; keep in touch if you'd like to."
)
MENTOR_GUIDE = (
    "Thank you for mentoring! Three habits that help most:\n"
    "• *The first session*: listen first. Ask what they hope for, agree one to three goals together, and how "
    "often you'll meet.\n"
    '• *Listening*: ask open questions ("what have you tried?"), then wait; resist solving it for them.\n'
    "• *Goals*: keep them small and visible; each 1:1, look at one goal and one next step."
)


def sessions_in(program: MentorProgram) -> int:
    return max(1, math.ceil(program.length_months * 30 / program.cadence_days))


def session_guide(program: MentorProgram, session_number: int) -> str:
    """The guide for the nth 1:1: the program's own (the nth, the last one repeating), else the defaults."""
    own = [g for g in (program.session_guides or []) if g.strip()]
    if own:
        return own[min(session_number, len(own)) - 1]
    if session_number <= 1:
        return FIRST
    return LAST if session_number >= sessions_in(program) else MIDDLE


def mentor_guide(program: MentorProgram) -> str:
    return program.mentor_guide.strip() or MENTOR_GUIDE


@dataclass
class Thanks:
    program_id: int
    team_id: str
    program: str
    channel: str | None  # the program's first channel, if it has one
    thanked: list[str] = field(default_factory=list)  # named in public
    privately: list[str] = field(default_factory=list)  # mentors who keep recognition to themselves: a DM


async def thanks_due(session: AsyncSession, now: datetime) -> list[Thanks]:
    """Ended cycles not thanked yet, marked now: each mentor whose pair ran to the end."""
    due = []
    for program in await session.scalars(
        select(MentorProgram).where(MentorProgram.status == ProgramStatus.ENDED, MentorProgram.thanked_at.is_(None))
    ):
        program.thanked_at = now
        mentors = (
            await session.execute(
                select(Member.user_id, Member.public_recognition)
                .join(MentorPair, MentorPair.mentor_member_id == Member.id)
                .where(MentorPair.program_id == program.id, MentorPair.status == PairState.ACTIVE)
                .distinct()
                .order_by(Member.user_id)
            )
        ).all()
        thanks = Thanks(program.id, program.team_id, program.name, (program.channel_ids or [None])[0])
        for user_id, public in mentors:
            (thanks.thanked if public and thanks.channel else thanks.privately).append(user_id)
        due.append(thanks)
    await session.flush()
    return due
