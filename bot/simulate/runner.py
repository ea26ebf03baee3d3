"""`circles simulate`: the real app (handlers, jobs, services, database) against the built-in Slack double,
with simulated members acting on an accelerated clock. Deterministic for a given seed."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from bot.clock import FixedClock
from bot.config import Settings
from bot.db.engine import Database
from bot.db.migrate import upgrade
from bot.db.models import Circle
from bot.deps import Deps
from bot.manifest import bot_scopes, load_manifest
from bot.server import create_asgi
from bot.services import insights, mentorship, outcomes
from bot.simulate import workshops, world
from bot.simulate.shapes import Line, Options, Outcome, Progress
from bot.simulate.world import Persona
from bot.slack.client import create_client
from bot.slack_double import SlackDouble, SlackSpec
from bot.slack_double.requests import Interaction, SlackClientSide
from bot.slack_double.workspace import Message, Workspace
from bot.views import mentorship as mentor_views
from bot.views.checkin_modal import Field as CheckinField
from bot.views.meeting_posts import MeetingAction
from bot.views.schedule_modal import CALLBACK_ID as SCHEDULE_ID
from bot.views.schedule_modal import Field as ScheduleField
from jobs.checkins import run_checkins
from jobs.delivery import deliver
from jobs.digests import run_digests
from jobs.events import run_events
from jobs.meetings import run_meetings
from jobs.member_sync import sync_members
from jobs.mentorship import run_mentorship

TOKEN = "xoxb-circles-simulation"
SECRET = "circles-simulation"
START = datetime(2026, 1, 5, 6, tzinfo=UTC)  # a Monday morning


class Simulation:
    def __init__(self, options: Options, progress: Progress = lambda _: None):
        self.options = options
        self.progress = progress
        self.rng = random.Random(options.seed)
        # Events draw from their own stream, so adding them left every other choice of a seed as it was.
        self.event_rng = random.Random(options.seed + 1)
        self.clock = FixedClock(START)
        self.personas = world.people(options.members, self.rng)
        self.by_id = {p.user_id: p for p in self.personas}
        self.outcome = Outcome()
        self.counts: Counter[str] = Counter()
        self._seen_messages = 0
        self._seen_responses = 0
        self._responses_for: dict[str, tuple[str, str]] = {}  # response_url key → (user, where it shows)
        self._dm_seen: dict[str, int] = {}
        self.circles: dict[str, list[str]] = {}  # topic → member user ids
        self.channels: dict[str, str] = {}  # topic → the circle's channel
        self._rsvped: set[str] = set()  # reminders already answered
        # Read up front (ValueError for a bad file, before anything starts).
        self.program_text = options.program.read_text(encoding="utf-8") if options.program else None
        if self.program_text is not None:
            mentorship.program_form_from_yaml(self.program_text)
        options.out.mkdir(parents=True, exist_ok=True)
        self.database = options.out / "simulation.db"
        self.database.unlink(missing_ok=True)

    # -- set-up -------------------------------------------------------------------------------

    async def run(self) -> Outcome:
        workspace = Workspace(team_name="Circles Demo", clock=lambda: self.clock.now().timestamp())
        world.populate(workspace, self.personas)
        self.double = SlackDouble(
            spec=SlackSpec.discover(), token=TOKEN, scopes=bot_scopes(load_manifest()), workspace=workspace
        )
        await self.double.start()
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            slack_bot_token=TOKEN,
            slack_signing_secret=SECRET,
            slack_api_url=self.double.api_url,
            database_url=f"sqlite+aiosqlite:///{self.database}",
            process_before_response=True,  # each request finishes before the next: a deterministic order
            rate_limits=False,
            circles_send_lanes=1,  # messages go out in one fixed order: the same seed, the same transcript
            slack_retry_backoff_seconds=0.01,
            log_level="WARNING",
        )
        db = Database.from_url(settings.database_url)
        await upgrade(db.engine)  # type: ignore[arg-type]
        self.deps = Deps(settings=settings, db=db, clock=self.clock)
        client = create_client(settings)
        self.gateway = self.deps.gateways(client)
        asgi = create_asgi(settings, deps=self.deps, client=client, run_scheduler=False)
        try:
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=asgi), base_url="http://circles.sim"
            ) as http:
                self.slack = SlackClientSide(http, self.double, SECRET)
                await self._simulate()
        finally:
            await self.deps.responses.close()
            await self.double.stop()
            await db.dispose()
        self.outcome.counts = dict(sorted(self.counts.items()))
        self.outcome.violations = list(self.double.violations)
        self.outcome.names = {u.id: u.real_name or u.name for u in workspace.users.values()}
        self.outcome.channel_names = {c.id: c.name for c in workspace.channels.values()}
        return self.outcome

    async def _simulate(self) -> None:
        await sync_members(self.deps, self.gateway)
        await self._form_circles()
        if self.program_text is not None:
            await self._start_program(self.program_text)
        end = START + timedelta(weeks=self.options.weeks)
        day = -1
        while self.clock.now() < end:
            self.clock.advance(timedelta(hours=1))
            await self._tick()
            await self._react()
            now = self.clock.now()
            if now.hour == 15:
                await self._kudos_round()
            if (now - START).days != day:
                day = (now - START).days
                if day % 7 == 0 and day > 0:
                    self.progress(f"week {day // 7}/{self.options.weeks} done: {self._summary()}")
        async with self.deps.db.session() as session:
            self.outcome.insights = await insights.compute(session, self.double.workspace.team_id, self.clock.now())
            self.outcome.outcomes = await outcomes.report(session, self.double.workspace.team_id, self.clock.now())
        self._collect()

    def _summary(self) -> str:
        c = self.counts
        return (
            f"{c.get('check-ins', 0)} check-ins, {c.get('kudos', 0)} kudos, {c.get('leaders', 0)} leaders, "
            f"{len(self.double.workspace.messages)} messages so far"
        )

    async def _form_circles(self) -> None:
        topics = world.TOPICS[: self.options.circles]
        organisers = self.personas[: len(topics)]
        for topic, organiser in zip(topics, organisers, strict=True):
            await self._command(organiser, "/circle", f"create {topic}")
            self.circles[topic] = [organiser.user_id]
            await self._schedule(organiser, topic)
        for persona in self.personas[len(topics) :]:
            for topic in self.rng.sample(topics, k=min(len(topics), self.rng.choice([1, 1, 2]))):
                await self._command(persona, "/circle", f"join {topic}")
                self.circles[topic].append(persona.user_id)
        async with self.deps.db.session() as session:
            rows = await session.execute(select(Circle.name, Circle.channel_id))
            self.channels = {name: channel for name, channel in rows.all()}
        for persona in self.personas:
            if persona.sets_goal:
                topic = next((t for t, people in self.circles.items() if persona.user_id in people), "something new")
                await self._command(persona, "/goal", f"set Get better at {topic}")
        await self._command(self.personas[0], "/circles", f"values {', '.join(world.VALUES)}")
        if self.circles:
            await workshops.announce(self)

    async def _schedule(self, organiser: Persona, topic: str) -> None:
        await self._command(organiser, "/circle", f"schedule {topic}")
        view = self._newest_view(SCHEDULE_ID)
        assert view is not None, "the schedule form didn't open"
        values = {
            ScheduleField.CADENCE: "weekly",
            ScheduleField.WEEKDAY: str(self.rng.choice([1, 2, 3])),  # Tue-Thu
            ScheduleField.TIME: self.rng.choice(["16:00", "17:00", "12:30"]),
            ScheduleField.TZ: organiser.tz,
            ScheduleField.LINK: f"https://meet.example/{topic.lower().replace(' ', '-')}",
            ScheduleField.START: START.date().isoformat(),
        }
        await self.slack.submit_view(organiser.user_id, view["id"], values)
        self._collect()

    async def _start_program(self, text: str) -> None:
        parsed = mentorship.program_form_from_yaml(text)
        # Preview one cycle inside the simulation: three days of enrolment from the start, in #general.
        form = replace(parsed, enrolment_deadline=(START + timedelta(days=3)).date(), channel_ids=["CGENERAL"])
        self.program_name = form.name
        async with self.deps.db.session() as session:
            await mentorship.create_program(
                session, self.double.workspace.team_id, self.personas[0].user_id, form, START.date(), self.clock.now()
            )
        self._action(self.personas[0], f"starts the mentorship cycle *{form.name}* (from the program file)")

    # -- each hour ----------------------------------------------------------------------------

    async def _tick(self) -> None:
        for job in (run_checkins, run_meetings, run_events, run_digests, run_mentorship, deliver):
            await job(self.deps, self.gateway)
        self._collect()

    async def _react(self) -> None:
        for persona in self.personas:
            messages = self.double.workspace.dms_to(persona.user_id)
            fresh = messages[self._dm_seen.get(persona.user_id, 0) :]
            self._dm_seen[persona.user_id] = len(messages)
            for message in fresh:
                await self._respond_to(persona, message)
        for topic, people in self.circles.items():
            await self._rsvp(topic, people)
        await workshops.answer(self)

    async def _respond_to(self, persona: Persona, message: Message) -> None:
        if _has_button(message, "checkin_open") and self.rng.random() < persona.diligence:
            await self._check_in(persona, message)
        elif _has_button(message, "leader_accept"):
            choice = "leader_accept" if self.rng.random() < persona.leads else "leader_skip"
            await self._click(persona, message, choice)
            self.counts["leaders" if choice == "leader_accept" else "leader skips"] += 1
        elif _has_button(message, "mentor_join") and self.rng.random() < 0.6:
            await self._click(persona, message, "mentor_join")
            await self._mentor_profile(persona)
        elif message.text.startswith("How was"):
            await workshops.rate(self, persona, message)
        elif "Proposed matches" in message.text and self.program_text is not None:
            await self._command(persona, "/mentor", f"publish {self.program_name}")

    async def _check_in(self, persona: Persona, prompt: Message) -> None:
        await self._click(persona, prompt, "checkin_open")
        view = self._newest_view("checkin_modal")
        if view is None:
            return
        topic = next((t for t, people in self.circles.items() if persona.user_id in people), "it")
        values: dict[str, Any] = {
            CheckinField.LEARNED: self.rng.choice(world.LEARNED).format(topic=topic),
            CheckinField.BLOCKERS: self.rng.choice(world.BLOCKERS),
            CheckinField.CONFIDENCE: str(self.rng.randint(2, 5)),
        }
        for block in view.get("blocks", []):
            if str(block.get("block_id", "")).startswith("checkin_goal_"):
                week = (self.clock.now() - START).days // 7 + 1  # progress grows week by week
                values[block["block_id"]] = str(min(100, week * self.rng.choice([10, 15, 20, 25])))
        if self.rng.random() < 0.6:
            values[CheckinField.SHARE] = ["share"]
        await self.slack.submit_view(persona.user_id, view["id"], values)
        self.counts["check-ins"] += 1
        self._action(persona, "checks in")

    async def _mentor_profile(self, persona: Persona) -> None:
        await self._command(persona, "/mentor", "profile")
        view = self._newest_view(mentor_views.PROFILE_ID)
        assert view is not None, "the profile form didn't open"
        mentor = self.rng.random() < 0.4
        skills = self.rng.sample(["sql", "leadership", "public speaking", "design", "rust", "negotiation"], k=2)
        await self.slack.submit_view(
            persona.user_id,
            view["id"],
            {
                mentor_views.P.ROLE: "mentor" if mentor else "mentee",
                mentor_views.P.OFFERS: ", ".join(skills) if mentor else "",
                mentor_views.P.WANTS: "" if mentor else ", ".join(skills),
                mentor_views.P.INTERESTS: self.rng.choice(["chess", "climbing", "cooking", "running"]),
                mentor_views.P.TRACK: "technical",
                mentor_views.P.DEPARTMENT: self.rng.choice(["Engineering", "Design", "Sales", "People"]),
                mentor_views.P.SENIORITY: str(self.rng.randint(4, 5) if mentor else self.rng.randint(1, 3)),
                mentor_views.P.CAPACITY: "2" if mentor else "1",
            },
        )
        self.counts["mentorship profiles"] += 1
        self._collect()

    async def _rsvp(self, topic: str, people: list[str]) -> None:
        """Meeting-day reminders carry RSVP buttons: most people say they'll come."""
        channel_id = self.channels.get(topic)
        if channel_id is None:
            return
        for message in self.double.workspace.messages_in(channel_id):
            if message.ts in self._rsvped or not any(
                b.get("block_id", "").startswith("rsvp-") for b in message.blocks or []
            ):
                continue
            self._rsvped.add(message.ts)
            for user_id in people:
                if self.rng.random() < 0.7:
                    await self.slack.click_button_in(
                        user_id, message.blocks or [], MeetingAction.RSVP_YES, message={"ts": message.ts}
                    )
                    self.counts["RSVPs"] += 1
            self._collect()

    async def _kudos_round(self) -> None:
        if self.clock.now().weekday() >= 5:
            return
        for persona in self.personas:
            if self.rng.random() >= persona.generosity:
                continue
            peers = sorted({u for people in self.circles.values() if persona.user_id in people for u in people})
            peers = [u for u in peers if u != persona.user_id]
            if not peers:
                continue
            receiver = self.by_id[self.rng.choice(peers)]
            reason = self.rng.choice(world.THANKS)
            value = self.rng.choice(world.VALUES)
            await self._command(persona, "/kudos", f"<@{receiver.user_id}|{receiver.name}> {reason} #{value}")
            self.counts["kudos"] += 1

    # -- acting and recording -----------------------------------------------------------------

    async def _command(self, persona: Persona, command: str, text: str) -> Interaction:
        self._action(persona, f"{command} {text}")
        interaction = await self.slack.command(persona.user_id, command, text)
        self._responses_for[interaction.response_url.rsplit("/", 1)[-1]] = (persona.user_id, "#general")
        self._collect()
        return interaction

    async def _click(self, persona: Persona, message: Message, action_id: str) -> None:
        if not _has_button(message, action_id):
            return
        clicked = await self.slack.click_button_in(
            persona.user_id, message.blocks or [], action_id, message={"ts": message.ts}
        )
        self._responses_for[clicked.response_url.rsplit("/", 1)[-1]] = (persona.user_id, self._where(message.channel))
        self._collect()

    def _newest_view(self, callback_id: str) -> dict[str, Any] | None:
        """The modal most recently opened with this callback id (what the person now sees)."""
        views = reversed(self.double.workspace.views.values())
        return next((v for v in views if v.get("callback_id") == callback_id), None)

    def _action(self, persona: Persona, what: str) -> None:
        self.outcome.lines.append(Line(self.clock.now(), "", persona.user_id, what))

    def _collect(self) -> None:
        """Everything new in Slack since the last look, in order."""
        ws = self.double.workspace
        for message in ws.messages[self._seen_messages :]:
            if message.ephemeral_to:
                continue
            at = datetime.fromtimestamp(float(message.ts), UTC)
            # An upload shows as its files, as Slack shows it (a meeting's calendar file, a chart).
            attached = " ".join(f":paperclip: {ws.files[f]['name']}" for f in message.files if f in ws.files)
            text = " ".join(part for part in (message.text, attached) if part)
            self.outcome.lines.append(Line(at, self._where(message.channel), message.user, text, message.blocks))
        self._seen_messages = len(ws.messages)
        for post in ws.responses[self._seen_responses :]:
            seen_by = self._responses_for.get(post.key)
            if seen_by is None or post.payload.get("delete_original"):
                continue
            user, where = seen_by
            text = str(post.payload.get("text") or "")
            self.outcome.lines.append(
                Line(self.clock.now(), where, ws.bot_user_id, text, post.payload.get("blocks"), user)
            )
        self._seen_responses = len(ws.responses)

    def _where(self, channel_id: str) -> str:
        channel = self.double.workspace.channels.get(channel_id)
        if channel is None:
            return channel_id
        if channel.is_im:
            return f"DM @{self.by_id[next(iter(channel.members - {self.double.workspace.bot_user_id}))].name}"
        if channel.is_mpim:
            people = sorted(self.by_id[u].name for u in channel.members if u in self.by_id)
            return "group DM " + ", ".join(people)
        return f"#{channel.name}"


def _has_button(message: Message, action_id: str) -> bool:
    for block in message.blocks or []:
        elements = block.get("elements", []) if block.get("type") == "actions" else [block.get("accessory") or {}]
        if any(e.get("action_id") == action_id for e in elements):
            return True
    return False
