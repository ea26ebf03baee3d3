"""What admins do with `/circles`: settings, insights, the outcome report, delivery health."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from bot.clock import Clock
from bot.db.engine import Database
from bot.db.models import TeamSettings
from bot.delivery.outbox import OutboxSender
from bot.errors import InvalidInput
from bot.services import evaluations, insights, members, outbox, outcomes, team_settings
from bot.services.insights import Insights
from bot.views.outcome_report import engagement_chart, to_html


class AdminWorkflows:
    def __init__(self, db: Database, clock: Clock, admins: Collection[str], sender: OutboxSender | None = None):
        self.db = db
        self.clock = clock
        self.admins = admins
        self.sender = sender

    async def insights(self, team_id: str, user_id: str) -> Insights:
        """The program's figures for an admin, with the 12-week CSV sent to their DM."""
        now = self.clock.now()
        async with self.db.session() as session:
            await team_settings.require_admin(session, team_id, user_id, self.admins, "see the program insights")
            figures = await insights.compute(session, team_id, now)
            await outbox.enqueue(
                session,
                team_id=team_id,
                key=f"insights:{user_id}:{uuid.uuid4().hex}",
                channel=user_id,
                message=outbox.file_payload(
                    f"circles-insights-{now:%Y-%m-%d}.csv", "Circles insights", insights.to_csv(figures).encode()
                ),
                method="files.upload",
                now=now,
            )
        if self.sender is not None:
            await self.sender.deliver_due()
        return figures

    async def outcomes(self, team_id: str, user_id: str) -> outcomes.OutcomeReport:
        """The outcome report for an admin: a summary to show, and the HTML report and the
        engagement chart sent to their DM."""
        now = self.clock.now()
        async with self.db.session() as session:
            await team_settings.require_admin(session, team_id, user_id, self.admins, "see the outcome report")
            found = await outcomes.report(session, team_id, now)
            name = dict(await members.workspaces(session)).get(team_id, "")
            files = (
                (f"circles-outcomes-{now:%Y-%m-%d}.html", "Circles outcome report", to_html(found, name).encode()),
                ("circles-engagement.png", "Check-in engagement", engagement_chart(found)),
            )
            for filename, title, content in files:
                await outbox.enqueue(
                    session,
                    team_id=team_id,
                    key=f"outcomes:{user_id}:{filename}:{uuid.uuid4().hex}",
                    channel=user_id,
                    message=outbox.file_payload(filename, title, content, alt_text=title),
                    method="files.upload",
                    now=now,
                )
        if self.sender is not None:
            await self.sender.deliver_due()
        return found

    async def deliveries(self, team_id: str, user_id: str) -> outbox.DeliveryHealth:
        async with self.db.session() as session:
            await team_settings.require_admin(session, team_id, user_id, self.admins, "see how deliveries went")
            return await outbox.health(session, team_id, self.clock.now())

    async def settings(self, team_id: str) -> team_settings.SettingsView:
        async with self.db.session() as session:
            return team_settings.view_of(await team_settings.get(session, team_id, self.clock.now()))

    async def change(self, team_id: str, user_id: str, setting: str, raw: str) -> team_settings.SettingsView:
        now = self.clock.now()
        async with self.db.session() as session:
            await team_settings.require_admin(session, team_id, user_id, self.admins, "change workspace settings")
            settings = await team_settings.get(session, team_id, now)
            _apply(settings, setting, raw.strip())
            settings.updated_at = now
            return team_settings.view_of(settings)


def _on_off(raw: str) -> bool:
    if raw.casefold() in ("on", "yes", "true"):
        return True
    if raw.casefold() in ("off", "no", "false"):
        return False
    raise InvalidInput("Say `on` or `off`.")


def _apply(settings: TeamSettings, setting: str, raw: str) -> None:
    if setting == "values":
        settings.company_values = team_settings.parse_values(raw)
    elif setting == "kudos-channel":
        if raw.casefold() in ("off", "none"):
            settings.kudos_channel_id = None
            return
        if not raw.startswith(("C", "G")):
            raise InvalidInput("Pick the channel from Slack's suggestions: `/circles kudos-channel #kudos`.")
        settings.kudos_channel_id = raw
    elif setting == "kudos-limit":
        if not raw.isdecimal() or not 1 <= int(raw) <= 50:
            raise InvalidInput("The daily limit is a number from 1 to 50.")
        settings.kudos_daily_limit = int(raw)
    elif setting == "kudos-reaction":
        name = raw.strip(":")
        settings.kudos_reaction = None if name.casefold() in ("off", "none", "") else name
    elif setting == "kudos-digest-only":
        settings.kudos_digest_only = _on_off(raw)
    elif setting == "kudos-in-circle":
        settings.kudos_in_circle = _on_off(raw)
    elif setting == "buddies":
        if raw.casefold() in ("off", "none"):
            settings.buddy_channel_id = None
            return
        if not raw.startswith(("C", "G")):
            raise InvalidInput("Pick the buddy pool's channel from Slack's suggestions: `/circles buddies #buddies`.")
        settings.buddy_channel_id = raw
    elif setting == "buddy-load":
        if not raw.isdecimal() or not 1 <= int(raw) <= 10:
            raise InvalidInput("A buddy's most new hires at once is a number from 1 to 10.")
        settings.buddy_load = int(raw)
    elif setting == "onboarding-delay":
        hours = raw.casefold().removesuffix("hours").removesuffix("h").strip()
        if not hours.isdecimal() or not 0 <= int(hours) <= 24 * 14:
            raise InvalidInput(
                "The welcome's delay is a number of hours from 0 to 336: `/circles onboarding-delay 48`."
            )
        settings.onboarding_delay_hours = int(hours)
    elif setting == "icebreaker":
        if raw.casefold() == "clear":
            settings.icebreakers = []
            return
        question = " ".join(raw.split())
        if not 5 <= len(question) <= 200:
            raise InvalidInput("An icebreaker is a question of 5 to 200 characters: `/circles icebreaker What …?`")
        if len(settings.icebreakers) >= 50:
            raise InvalidInput("That's 50 icebreakers already; `/circles icebreaker clear` starts over.")
        settings.icebreakers = [*settings.icebreakers, question]
    elif setting == "evaluations":
        settings.evaluation_months = evaluations.parse_months(raw)
    elif setting == "leadership-channel":
        if raw.casefold() in ("off", "none"):
            settings.leadership_channel_id = None
            return
        if not raw.startswith(("C", "G")):
            raise InvalidInput("Pick the channel from Slack's suggestions: `/circles leadership-channel #leads`.")
        settings.leadership_channel_id = raw
    else:
        raise InvalidInput(f"I don't know the setting `{setting}`. Try `/circles help`.")
