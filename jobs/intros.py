"""Intros: each channel's round when it is due (closing the last one, making the groups, telling
whoever set them up), each group's DM with its icebreaker, and the halfway "Did you meet?"."""

from __future__ import annotations

import structlog

from bot.deps import Deps
from bot.errors import SlackProblem
from bot.services import intros, outbox
from bot.slack.workspaces import TeamGateways
from bot.views import intros as views

log = structlog.get_logger(__name__)


async def run_intros(deps: Deps, gateway: TeamGateways) -> int:
    now = deps.clock.now()
    queued = 0
    async with deps.db.read() as session:
        due = await intros.configs_due(session, now)
    for config in due:
        workspace = await gateway.for_team(config.team_id)
        if workspace is None:
            continue
        try:  # who is in the channel now (a Slack read, before the transaction)
            people = await workspace.channel_members(config.channel_id)
        except SlackProblem as problem:
            log.warning("intro_channel_unreadable", channel=config.channel_id, error=str(problem))
            continue
        async with deps.db.session() as session:
            made = await intros.start_round(session, config.config_id, people, now)
            if made is None:
                continue
            await outbox.enqueue(
                session,
                team_id=made.team_id,
                key=f"intro:{config.config_id}:round:{made.number}:report",
                channel=made.organiser,
                message=views.round_report_dm(made),
                now=now,
            )
            for user_id in made.paused:
                await outbox.enqueue(
                    session,
                    team_id=made.team_id,
                    key=f"intro:{config.config_id}:paused:{user_id}:{made.number}",
                    channel=user_id,
                    message=views.paused_dm(made.channel_id),
                    now=now,
                )
            queued += 1 + len(made.paused)
    queued += await _open_groups(deps, gateway)
    async with deps.db.session() as session:
        for team_id, conversation, group_id in await intros.checkins_due(session, now):
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"intro:group:{group_id}:checkin",
                channel=conversation,
                message=views.did_you_meet(group_id),
                now=now,
            )
            queued += 1
    if queued:
        log.info("intro_messages_queued", count=queued)
    await deps.sender(gateway).drain(rounds=2)
    return queued


async def _open_groups(deps: Deps, gateway: TeamGateways) -> int:
    """Each new group's DM, opened outside any transaction, then its first message queued with the
    conversation recorded (a group left unopened by a crash is opened by the next tick)."""
    async with deps.db.read() as session:
        waiting = await intros.groups_to_open(session)
    opened = 0
    for group_id, team_id, users in waiting:
        workspace = await gateway.for_team(team_id)
        if workspace is None:
            continue
        try:
            conversation = await workspace.open_group(users)
        except SlackProblem as problem:
            log.warning("intro_group_unopened", group=group_id, error=str(problem))
            continue
        async with deps.db.session() as session:
            intro = await intros.record_conversation(session, group_id, conversation, deps.clock.now())
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"intro:group:{group_id}:hello",
                channel=conversation,
                message=views.group_intro(intro),
                now=deps.clock.now(),
            )
        opened += 1
    return opened
