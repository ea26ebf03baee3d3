"""Button and menu listeners, one module per feature."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.deps import Deps
from handlers.actions import (
    calendar,
    checkins,
    circles,
    events,
    goals,
    growth,
    home,
    intros,
    mentorship,
    projects,
    rhythm,
)


def register(app: AsyncApp, deps: Deps) -> None:
    circles.register(app, deps)
    goals.register(app, deps)
    checkins.register(app, deps)
    rhythm.register(app, deps)
    home.register(app, deps)
    mentorship.register(app, deps)
    calendar.register(app, deps)
    events.register(app, deps)
    projects.register(app, deps)
    growth.register(app, deps)
    intros.register(app, deps)
