"""What listeners and jobs share: settings, the database and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk.web.async_client import AsyncWebClient

from bot.clock import AcceleratedClock, Clock, SystemClock
from bot.config import Settings
from bot.db.engine import Database
from bot.delivery.outbox import OutboxSender
from bot.delivery.policy import DeliveryPolicy
from bot.services import checkins
from bot.slack.installations import EncryptedInstallationStore, InstalledGateways, installation_store
from bot.slack.response_urls import ResponseUrls
from bot.slack.workspaces import BotTokenGateways, TeamGateways, WorkspaceGateway
from bot.workflows.admin import AdminWorkflows
from bot.workflows.badges import BadgeWorkflows
from bot.workflows.calendars import CalendarWorkflows
from bot.workflows.checkins import CheckinWorkflows
from bot.workflows.circle_channels import CircleChannelWorkflows
from bot.workflows.circles import CircleWorkflows
from bot.workflows.digests import DigestWorkflows
from bot.workflows.directory import DirectoryWorkflows
from bot.workflows.events import EventWorkflows
from bot.workflows.goals import GoalWorkflows
from bot.workflows.growth import GrowthWorkflows
from bot.workflows.home import HomePublisher, HomeRefresh
from bot.workflows.intros import IntroWorkflows
from bot.workflows.kudos import KudosWorkflows
from bot.workflows.lifecycle import LifecycleWorkflows
from bot.workflows.mentor_goals import MentorGoalWorkflows
from bot.workflows.mentorship import MentorshipWorkflows
from bot.workflows.onboarding import OnboardingWorkflows
from bot.workflows.pair_sessions import PairSessionWorkflows
from bot.workflows.privacy import PrivacyWorkflows
from bot.workflows.projects import ProjectWorkflows
from bot.workflows.rhythm import RhythmWorkflows


@dataclass(frozen=True)
class Deps:
    settings: Settings
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    # Several workspaces: where their (encrypted) tokens live; None with a single bot token.
    installations: EncryptedInstallationStore | None = None
    # How every sender of this app paces and leases; built from the settings unless given.
    delivery: DeliveryPolicy = None  # type: ignore[assignment]
    # Replies through `response_url`, over kept-alive connections (closed when the server stops).
    responses: ResponseUrls = field(default_factory=ResponseUrls)

    def __post_init__(self) -> None:
        if self.delivery is None:
            object.__setattr__(self, "delivery", delivery_policy(self.settings))

    def directory(self) -> DirectoryWorkflows:
        return DirectoryWorkflows(self.db, self.clock)

    def lifecycle(self) -> LifecycleWorkflows:
        return LifecycleWorkflows(self.db, self.clock, self.installations)

    def gateways(self, client: AsyncWebClient) -> TeamGateways:
        """For jobs: the gateway of each workspace (the bot token's one, or each installation's)."""
        if self.installations is None:
            return BotTokenGateways(client)
        return InstalledGateways(self.settings, self.installations, client)

    # Request paths: Bolt hands each listener the client of the request's workspace, so the
    # workflows (and the senders in them) act for that workspace only.

    def circles(self, client: AsyncWebClient, team_id: str) -> CircleWorkflows:
        gateway = WorkspaceGateway(client, team_id)
        return CircleWorkflows(self.db, gateway, self.clock, self.sender(gateway), self.home_refresh())

    def goals(self, client: AsyncWebClient, team_id: str) -> GoalWorkflows:
        gateway = WorkspaceGateway(client, team_id)
        return GoalWorkflows(self.db, gateway, self.clock, self.sender(gateway), self.home_refresh())

    def kudos(self, client: AsyncWebClient, team_id: str) -> KudosWorkflows:
        gateway = WorkspaceGateway(client, team_id)
        return KudosWorkflows(self.db, gateway, self.clock, self.sender(gateway), self.home_refresh())

    def mentorship(self, client: AsyncWebClient, team_id: str) -> MentorshipWorkflows:
        gateway = WorkspaceGateway(client, team_id)
        return MentorshipWorkflows(self.db, gateway, self.clock, self.settings.admin_ids, self.sender(gateway))

    def events(self, client: AsyncWebClient, team_id: str) -> EventWorkflows:
        gateway = WorkspaceGateway(client, team_id)
        return EventWorkflows(self.db, gateway, self.clock, self.settings.admin_ids, self.sender(gateway))

    def projects(self, client: AsyncWebClient, team_id: str) -> ProjectWorkflows:
        return ProjectWorkflows(self.db, self.clock, self._sender(client, team_id))

    def growth(self) -> GrowthWorkflows:
        return GrowthWorkflows(self.db, self.clock)

    def intros(self, client: AsyncWebClient, team_id: str) -> IntroWorkflows:
        gateway = WorkspaceGateway(client, team_id)
        return IntroWorkflows(self.db, gateway, self.clock, self.settings.admin_ids, self.sender(gateway))

    def onboarding(self) -> OnboardingWorkflows:
        return OnboardingWorkflows(self.db, self.clock, self.settings.admin_ids)

    def badges(self, client: AsyncWebClient, team_id: str) -> BadgeWorkflows:
        return BadgeWorkflows(self.db, self.clock, self.settings.admin_ids, self._sender(client, team_id))

    def pair_sessions(self, client: AsyncWebClient, team_id: str) -> PairSessionWorkflows:
        return PairSessionWorkflows(self.db, self.clock, self._sender(client, team_id))

    def circle_channels(
        self, client: AsyncWebClient | None = None, team_id: str | None = None
    ) -> CircleChannelWorkflows:
        sender = self._sender(client, team_id) if client and team_id else None
        return CircleChannelWorkflows(self.db, self.clock, self.home_refresh(), sender)

    def mentor_goals(self, client: AsyncWebClient, team_id: str) -> MentorGoalWorkflows:
        return MentorGoalWorkflows(self.db, self._sender(client, team_id), self.clock)

    def digests(self) -> DigestWorkflows:
        return DigestWorkflows(self.db, self.clock, self.settings.admin_ids)

    def admin(self, client: AsyncWebClient | None = None, team_id: str | None = None) -> AdminWorkflows:
        sender = self._sender(client, team_id) if client and team_id else None
        return AdminWorkflows(self.db, self.clock, self.settings.admin_ids, sender)

    def privacy(self, client: AsyncWebClient, team_id: str) -> PrivacyWorkflows:
        return PrivacyWorkflows(self.db, self._sender(client, team_id), self.clock, self.home_refresh())

    def home(self, client: AsyncWebClient, team_id: str) -> HomePublisher:
        return HomePublisher(self.db, self._sender(client, team_id), self.clock, self.home_refresh())

    def rhythm(self, client: AsyncWebClient, team_id: str) -> RhythmWorkflows:
        gateway = WorkspaceGateway(client, team_id)
        return RhythmWorkflows(self.db, gateway, self.clock, self.sender(gateway))

    def checkins(self, client: AsyncWebClient, team_id: str) -> CheckinWorkflows:
        gateway = WorkspaceGateway(client, team_id)
        return CheckinWorkflows(self.db, gateway, self.clock, self.sender(gateway), self.home_refresh())

    def calendars(self, client: AsyncWebClient | None = None, team_id: str | None = None) -> CalendarWorkflows:
        """Without a client: the feed server's side, which reads only (no workspace to send to)."""
        sender = self._sender(client, team_id) if client and team_id else None
        return CalendarWorkflows(self.db, self.clock, self.settings, sender)

    def home_refresh(self) -> HomeRefresh:
        return HomeRefresh(self.settings.admin_ids)

    def _sender(self, client: AsyncWebClient, team_id: str) -> OutboxSender:
        return self.sender(WorkspaceGateway(client, team_id))

    def sender(self, gateways: TeamGateways) -> OutboxSender:
        """An outbox sender on these gateways (a request's workspace, or the jobs' every workspace)."""
        return OutboxSender(self.db, gateways, self.clock, self.delivery)


def delivery_policy(settings: Settings) -> DeliveryPolicy:
    # A person Slack won't let us reach stops getting prompts (delivery itself knows no services).
    return DeliveryPolicy.of(
        rate_limits=settings.rate_limits,
        lanes=settings.circles_send_lanes,
        lease_seconds=settings.circles_delivery_lease_seconds,
        on_unreachable=checkins.mark_unreachable,
    )


def build_deps(settings: Settings) -> Deps:
    db = Database.from_url(settings.database_url)
    installations = installation_store(settings, db.engine) if settings.oauth and db.engine else None
    return Deps(settings=settings, db=db, clock=clock_for(settings), installations=installations)


def clock_for(settings: Settings) -> Clock:
    if settings.circles_clock_start is None:
        return SystemClock()
    return AcceleratedClock(settings.circles_clock_start, settings.circles_clock_speed, settings.circles_clock_anchor)
