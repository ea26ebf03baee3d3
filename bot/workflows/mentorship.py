"""Mentorship from Slack: profiles, cycles, enrolment, previews, publishing, 1:1 nudges, feedback."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import Member, MentorPair, MentorProgram
from bot.delivery.outbox import OutboxSender
from bot.errors import NotFound
from bot.services import members, mentorship, outbox, team_settings
from bot.services.mentorship import ProfileForm, ProgramForm, ProgramSummary, Proposal, agreements, guides
from bot.services.mentorship.agreements import Agreement, PairAgreement
from bot.services.schedule import local_date
from bot.services.team_settings import NotAllowed
from bot.slack.workspaces import WorkspaceGateway
from bot.views import mentorship as views
from bot.views.mentorship import agreements as agreement_views


class MentorshipWorkflows:
    def __init__(
        self, db: Database, gateway: WorkspaceGateway, clock: Clock, admins: Collection[str], sender: OutboxSender
    ):
        self.db = db
        self.gateway = gateway
        self.clock = clock
        self.admins = admins
        self.sender = sender  # this workspace's messages only (built on the same gateway)

    async def profile(self, team_id: str, user_id: str) -> tuple[ProfileForm | None, str]:
        async with self.db.read() as session:
            saved = await mentorship.get_profile(session, team_id, user_id)
            current = mentorship.form_of(saved) if saved else None
        title = "" if current and current.title else await self.gateway.title_of(user_id)
        return current, title

    async def save_profile(self, team_id: str, user_id: str, form: ProfileForm) -> None:
        async with self.db.session() as session:
            await mentorship.save_profile(session, team_id, user_id, form, self.clock.now())

    async def require_admin(self, team_id: str, user_id: str) -> None:
        """Before the program form opens: only admins start cycles (checked again on submit)."""
        async with self.db.session() as session:
            await team_settings.require_admin(session, team_id, user_id, self.admins, "start a mentorship cycle")

    async def _program_for_admin(self, session, team_id: str, user_id: str, ref: str | int) -> MentorProgram:  # type: ignore[no-untyped-def]
        """The program, for a workspace admin or the program's own admin; anyone else is refused first
        (so a refusal doesn't say which programs exist)."""
        if await team_settings.is_admin(session, team_id, user_id, self.admins):
            return await mentorship.get_program(session, team_id, ref)
        try:
            program = await mentorship.get_program(session, team_id, ref)
        except NotFound:
            program = None
        if program is None or program.admin_user_id != user_id:
            raise NotAllowed(
                await team_settings.who_can(session, team_id, self.admins, "preview, change or publish matches")
            )
        return program

    async def create_program(self, team_id: str, user_id: str, form: ProgramForm) -> ProgramSummary:
        now = self.clock.now()
        async with self.db.session() as session:
            await team_settings.require_admin(session, team_id, user_id, self.admins, "start a mentorship cycle")
            member = await members.get_member(session, team_id, user_id)
            today = local_date(now, member.tz if member else "UTC")
            created = mentorship.summary(await mentorship.create_program(session, team_id, user_id, form, today, now))
        await self.send_invitations(created.id)
        return created

    async def send_invitations(self, program_id: int) -> int:
        """DM the members of the program's channels (the Slack calls happen before any transaction)."""
        async with self.db.session() as session:
            program = await session.get(MentorProgram, program_id)
            assert program is not None
            channels, team_id = list(program.channel_ids), program.team_id
        invited: set[str] = set()
        for channel in channels:
            invited |= set(await self.gateway.channel_members(channel))
        now = self.clock.now()
        async with self.db.session() as session:
            program = await session.get(MentorProgram, program_id)
            assert program is not None
            bots = set(
                await session.scalars(
                    select(Member.user_id).where(
                        Member.team_id == team_id, Member.user_id.in_(invited), Member.is_bot.is_(True)
                    )
                )
            )
            people = sorted(invited - bots - {u for u in invited if u.startswith("B")})
            program.invited_user_ids = sorted(set(program.invited_user_ids) | set(people))
            for user_id in people:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"mentor:{program.id}:invite:{user_id}",
                    channel=user_id,
                    message=views.invitation(mentorship.summary(program)),
                    now=now,
                )
        await self.sender.drain(rounds=3)
        return len(people)

    async def join(self, team_id: str, user_id: str, ref: str | int) -> tuple[ProgramSummary, bool]:
        async with self.db.session() as session:
            program = await mentorship.get_program(session, team_id, ref)
            await mentorship.enrol(session, program, user_id, self.clock.now())
            has_profile = await mentorship.get_profile(session, team_id, user_id) is not None
            return mentorship.summary(program), has_profile

    async def programs(self, team_id: str) -> list[ProgramSummary]:
        async with self.db.read() as session:
            return [mentorship.summary(program) for program in await mentorship.programs(session, team_id)]

    async def preview(self, team_id: str, user_id: str, ref: str | int) -> Proposal:
        async with self.db.session() as session:
            program = await self._program_for_admin(session, team_id, user_id, ref)
            proposal = await mentorship.propose(session, program, self.clock.now())
            return proposal

    async def set_pair(
        self, team_id: str, user_id: str, ref: str | int, mentor: str, mentee: str, status: str
    ) -> Proposal:
        async with self.db.session() as session:
            program = await self._program_for_admin(session, team_id, user_id, ref)
            await mentorship.set_pair(session, program, mentor, mentee, status, self.clock.now())
            return await mentorship.propose(session, program, self.clock.now())

    async def publish(self, team_id: str, user_id: str, ref: str | int) -> int:
        """Make the proposed pairs real: a group DM per pair with an introduction and a first agenda."""
        now = self.clock.now()
        async with self.db.session() as session:
            program = await self._program_for_admin(session, team_id, user_id, ref)
            published = await mentorship.publish(session, program, now)
        opened = [(pair, await self.gateway.open_group([pair.mentor, pair.mentee])) for pair in published]
        mentors = sorted({pair.mentor for pair in published})
        async with self.db.read() as session:
            channel = (await mentorship.get_program(session, team_id, ref)).mentors_channel_id
        if channel:  # the mentors' channel: the bot joins, then invites each mentor
            await self.gateway.usable_channel(channel)
            for mentor in mentors:
                await self.gateway.invite(channel, mentor)
        async with self.db.session() as session:
            program = await mentorship.get_program(session, team_id, ref)
            for mentor in mentors:  # how to run the first session, listening, goal setting
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"mentor:{program.id}:guide:{mentor}",
                    channel=mentor,
                    message=views.mentor_guide_dm(program.name, guides.mentor_guide(program), channel),
                    now=now,
                )
            for pair, conversation in opened:
                await mentorship.record_conversation(session, pair.pair_id, conversation)
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"mentor:pair:{pair.pair_id}:intro",
                    channel=conversation,
                    message=views.introduction(pair, mentorship.summary(program)),
                    now=now,
                )
        await self.sender.drain(rounds=3)
        return len(published)

    async def report(self, team_id: str, user_id: str, pair_id: int, outcome: str) -> None:
        now = self.clock.now()
        async with self.db.session() as session:
            pair, program = await mentorship.report_meeting(session, team_id, user_id, pair_id, outcome, now)
            if outcome == "help":
                mentor = await session.get(Member, pair.mentor_member_id)
                mentee = await session.get(Member, pair.mentee_member_id)
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"mentor:pair:{pair_id}:help:{now.isoformat()}",
                    channel=program.admin_user_id,
                    message=views.help_alert(
                        user_id, mentor.user_id if mentor else "", mentee.user_id if mentee else "", program.name
                    ),
                    now=now,
                )
        await self.sender.deliver_due()

    async def mine(self, team_id: str, user_id: str) -> list[tuple[str, str, str, object]]:
        async with self.db.session() as session:
            return await mentorship.my_pairs(session, team_id, user_id)  # type: ignore[return-value]

    async def save_survey(
        self, team_id: str, user_id: str, program_id: int, kind: str, answers: dict[str, object]
    ) -> None:
        async with self.db.session() as session:
            await mentorship.save_survey(session, team_id, user_id, program_id, kind, answers, self.clock.now())

    async def agreement(self, team_id: str, user_id: str, pair_id: int) -> Agreement | None:
        """The pair's agreement so far (one of the two only), before its form opens."""
        async with self.db.read() as session:
            return await agreements.current(session, team_id, user_id, pair_id)

    async def save_agreement(self, team_id: str, user_id: str, pair_id: int, form: Agreement) -> None:
        """Saved on the pair; the pair's DM shows it to both."""
        now = self.clock.now()
        async with self.db.session() as session:
            saved = await agreements.save(session, team_id, user_id, pair_id, form, now)
            pair = await session.get(MentorPair, pair_id)
            if pair is not None and pair.conversation_id:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"mentor:pair:{pair_id}:agreement:{now.timestamp()}",
                    channel=pair.conversation_id,
                    message=agreement_views.agreement_post(saved),
                    now=now,
                )
        await self.sender.deliver_due()

    async def agreements(self, team_id: str, user_id: str) -> list[PairAgreement]:
        async with self.db.read() as session:
            return await agreements.agreements_of(session, team_id, user_id)
