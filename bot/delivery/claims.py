"""The outbox's two queries, built once per process: the rows due to send (a claim), and how many wait."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, or_, select, true
from sqlalchemy.orm import aliased

from bot.db.models import Member, Outbox, Team
from bot.db.statuses import OutboxStatus


@functools.cache
def claim_statement(postgres: bool, scoped: bool) -> Select[Any]:
    """Due rows with what sending them needs; built once (a tick runs it several times a minute).

    `scoped`: only the rows of one workspace (bound as `team`), for a sender whose token acts there only.
    """
    parent = aliased(Outbox)
    target = aliased(Outbox)
    person = aliased(Member)  # the addressee of a DM (a row whose channel is a user id)
    query = (
        select(
            Outbox,
            parent.sent_ts,
            target.sent_channel,
            target.sent_ts,
            Team.uninstalled_at,
            person.opted_out_at,
            person.is_deleted,
        )
        .join(Team, Team.team_id == Outbox.team_id)
        .outerjoin(parent, and_(parent.team_id == Outbox.team_id, parent.key == Outbox.thread_key))
        .outerjoin(target, and_(target.team_id == Outbox.team_id, target.key == Outbox.update_key))
        .outerjoin(person, and_(person.team_id == Outbox.team_id, person.user_id == Outbox.channel))
        .where(
            or_(
                and_(Outbox.status == OutboxStatus.PENDING, Outbox.not_before <= bindparam("now")),
                and_(Outbox.status == OutboxStatus.SENDING, Outbox.not_before <= bindparam("stale")),
            ),
            or_(Outbox.thread_key.is_(None), parent.sent_ts.is_not(None)),
            or_(Outbox.update_key.is_(None), target.sent_ts.is_not(None)),
            Outbox.team_id == bindparam("team") if scoped else true(),
        )
        .order_by(Outbox.id)
        .limit(bindparam("limit"))
    )
    return query.with_for_update(of=Outbox, skip_locked=True) if postgres else query


@functools.cache
def due_statement() -> Select[Any]:
    return select(func.count(Outbox.id), func.min(Outbox.not_before)).where(
        Outbox.status == OutboxStatus.PENDING, Outbox.not_before <= bindparam("now")
    )
