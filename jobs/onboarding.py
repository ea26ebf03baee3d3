"""Onboarding: each new hire's welcome once its delay has passed (with circles that fit them and are
not private, and a buddy from the pool if there is one), then the day-7 and day-30 check-ins."""

from __future__ import annotations

import structlog

from bot.deps import Deps
from bot.errors import SlackProblem, SlackUnavailable
from bot.services import onboarding, outbox
from bot.services.onboarding import Welcome
from bot.slack.workspaces import TeamGateways, WorkspaceGateway
from bot.views import onboarding as views

log = structlog.get_logger(__name__)
SUGGESTED = 3


async def run_onboarding(deps: Deps, gateway: TeamGateways) -> int:
    now = deps.clock.now()
    async with deps.db.read() as session:
        due = await onboarding.welcomes_due(session, now)
    queued = 0
    for welcome in due:
        workspace = await gateway.for_team(welcome.team_id)
        if workspace is None:
            continue
        try:  # Slack reads and the buddy group DM, before the transaction
            circles = await _public(workspace, welcome)
            buddy, conversation = await _buddy(deps, workspace, welcome)
        except SlackProblem as problem:
            log.warning("welcome_postponed", user=welcome.user_id, error=str(problem))
            continue
        async with deps.db.session() as session:
            if not await onboarding.mark_welcomed(session, welcome.team_id, welcome.user_id, now, buddy, conversation):
                continue
            await outbox.enqueue(
                session,
                team_id=welcome.team_id,
                key=f"onboarding:{welcome.user_id}:welcome",
                channel=welcome.user_id,
                message=views.welcome_dm(welcome, circles),
                now=now,
            )
            if buddy and conversation:
                await outbox.enqueue(
                    session,
                    team_id=welcome.team_id,
                    key=f"onboarding:{welcome.user_id}:buddy",
                    channel=conversation,
                    message=views.buddy_intro(welcome.user_id, buddy),
                    now=now,
                )
        queued += 1
    async with deps.db.session() as session:
        for check in await onboarding.checkins_due(session, now):
            await outbox.enqueue(
                session,
                team_id=check.team_id,
                key=f"onboarding:{check.onboarding_id}:{check.step}",
                channel=check.channel,
                message=views.checkin(check.text),
                now=now,
            )
            queued += 1
    if queued:
        log.info("onboarding_messages_queued", count=queued)
    await deps.sender(gateway).drain(rounds=2)
    return queued


async def _public(workspace: WorkspaceGateway, welcome: Welcome) -> list[tuple[int, str, str]]:
    """The best-ranked circles whose channel is public (a private circle is never suggested)."""
    found = []
    for circle in welcome.suggestions:
        if len(found) == SUGGESTED:
            break
        try:
            private = (await workspace.channel(circle[2])).is_private
        except SlackUnavailable:
            raise  # Slack is down: the welcome waits for the next tick
        except SlackProblem:
            continue  # a channel gone or out of reach: not suggested, and the welcome still goes
        if not private:
            found.append(circle)
    return found


async def _buddy(deps: Deps, workspace: WorkspaceGateway, welcome: Welcome) -> tuple[str | None, str | None]:
    if not welcome.buddy_pool:
        return None, None
    pool = await workspace.channel_members(welcome.buddy_pool)
    now = deps.clock.now()
    async with deps.db.session() as session:
        candidates = await onboarding.buddy_candidates(session, welcome.team_id, pool, now)
        newcomer = await onboarding.newcomer_candidate(session, welcome.team_id, welcome.user_id, now)
    buddy = onboarding.pick_buddy(newcomer, candidates, welcome.buddy_load)
    if buddy is None:
        return None, None
    return buddy.user_id, await workspace.open_group([welcome.user_id, buddy.user_id])
