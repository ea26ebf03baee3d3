"""Modal submissions, one module per feature."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.deps import Deps
from handlers.submissions import (
    badges,
    checkins,
    circles,
    events,
    goals,
    growth,
    kudos,
    mentorship,
    privacy,
    projects,
    rhythm,
)


def register(app: AsyncApp, deps: Deps) -> None:
    circles.register(app, deps)
    goals.register(app, deps)
    checkins.register(app, deps)
    rhythm.register(app, deps)
    kudos.register(app, deps)
    privacy.register(app, deps)
    mentorship.register(app, deps)
    events.register(app, deps)
    projects.register(app, deps)
    growth.register(app, deps)
    badges.register(app, deps)
