"""Mentorship over time: reminders before the deadline, proposals at it, 1:1 nudges, feedback surveys."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.db.models import MentorProgram
from bot.db.statuses import ProgramStatus
from bot.deps import Deps
from bot.services import mentor_goals, mentorship, outbox
from bot.services.mentorship import guides
from bot.slack.workspaces import TeamGateways
from bot.views import mentor_goals as goal_views
from bot.views import mentorship as views
from bot.workflows.mentorship import MentorshipWorkflows


async def run_mentorship(deps: Deps, gateway: TeamGateways) -> int:
    now = deps.clock.now()
    # Cycles created from a YAML file (`circles program create`) get their invitations here.
    async with deps.db.session() as session:
        enrolling = await session.scalars(select(MentorProgram).where(MentorProgram.status == ProgramStatus.ENROLLING))
        uninvited = [(p.id, p.team_id) for p in enrolling if p.channel_ids and not p.invited_user_ids]
    for program_id, team_id in uninvited:
        team = await gateway.for_team(team_id)
        if team is not None:
            flows = MentorshipWorkflows(deps.db, team, deps.clock, deps.settings.admin_ids, deps.sender(team))
            await flows.send_invitations(program_id)
    today: date = now.date()  # deadlines are dates in UTC
    queued = 0
    async with deps.db.session() as session:
        enrolling = list(
            await session.scalars(select(MentorProgram).where(MentorProgram.status == ProgramStatus.ENROLLING))
        )
        for program in enrolling:
            if program.enrolment_deadline <= today:
                proposal = await mentorship.propose(session, program, now)
                program.status = ProgramStatus.PROPOSED
                await outbox.enqueue(
                    session,
                    team_id=program.team_id,
                    key=f"mentor:{program.id}:proposal",
                    channel=program.admin_user_id,
                    message=views.preview(proposal),
                    now=now,
                )
                queued += 1
            elif program.enrolment_deadline - today <= mentorship.REMIND_BEFORE_DEADLINE:
                enrolled = await mentorship.enrolled_user_ids(session, program)
                for user_id in sorted(set(program.invited_user_ids) - enrolled):
                    await outbox.enqueue(
                        session,
                        team_id=program.team_id,
                        key=f"mentor:{program.id}:remind:{user_id}",
                        channel=user_id,
                        message=views.reminder(mentorship.summary(program)),
                        now=now,
                    )
                    queued += 1
        for nudge in await mentorship.nudges_due(session, now):
            # The pair's group DM: the goals the mentee shared with this mentor, to talk about.
            shared = [
                m
                for m in await mentor_goals.shared_with(session, nudge.team_id, nudge.mentor)
                if m.mentee == nudge.mentee
            ]
            await outbox.enqueue(
                session,
                team_id=nudge.team_id,
                key=f"mentor:pair:{nudge.pair_id}:nudge:{nudge.sequence}",
                channel=nudge.conversation_id,
                message=goal_views.with_shared_goals(views.nudge(nudge), shared),
                now=now,
            )
            if nudge.at_risk:
                await outbox.enqueue(
                    session,
                    team_id=nudge.team_id,
                    key=f"mentor:pair:{nudge.pair_id}:at-risk",
                    channel=nudge.admin_user_id,
                    message=views.at_risk_alert(nudge),
                    now=now,
                )
            queued += 1
        for invite in await mentorship.surveys_due(session, now):
            for user_id in invite.user_ids:
                await outbox.enqueue(
                    session,
                    team_id=invite.team_id,
                    key=f"mentor:{invite.program_id}:survey:{invite.kind}:{user_id}",
                    channel=user_id,
                    message=views.survey_invite(invite.program_id, invite.program_name, invite.kind),
                    now=now,
                )
                queued += 1
        for thanks in await guides.thanks_due(session, now):  # once a cycle has ended
            if thanks.thanked and thanks.channel:
                await outbox.enqueue(
                    session,
                    team_id=thanks.team_id,
                    key=f"mentor:{thanks.program_id}:thanks",
                    channel=thanks.channel,
                    message=views.thanks_post(thanks.program, thanks.thanked),
                    now=now,
                )
            for mentor in thanks.privately:
                await outbox.enqueue(
                    session,
                    team_id=thanks.team_id,
                    key=f"mentor:{thanks.program_id}:thanks:{mentor}",
                    channel=mentor,
                    message=views.thanks_dm(thanks.program),
                    now=now,
                )
            queued += 1
    await deps.sender(gateway).drain(rounds=2)
    return queued
