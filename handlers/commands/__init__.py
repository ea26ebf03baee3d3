"""Slash command listeners, one module per command."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.deps import Deps
from handlers.commands import admin, checkin, circle, goal, kudos, mentor


def register(app: AsyncApp, deps: Deps) -> None:
    circle.register(app, deps)
    goal.register(app, deps)
    checkin.register(app, deps)
    kudos.register(app, deps)
    admin.register(app, deps)
    mentor.register(app, deps)
