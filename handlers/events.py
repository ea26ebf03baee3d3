"""Events API listeners: the member directory, circle channels, reactions as kudos, App Home, uninstalls."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps
from bot.slack.gateway import profile_from_slack
from handlers.errors import reports_errors


def register(app: AsyncApp, deps: Deps) -> None:
    @reports_errors
    async def profile_changed(event: dict[str, Any], context: dict[str, Any]) -> None:
        user = event.get("user")
        if not isinstance(user, dict) or "id" not in user:
            return
        # The workspace that installed us owns the row, whatever team a (Slack Connect) profile names.
        team_id = context.get("team_id") or user.get("team_id")
        await deps.directory().profile_changed(team_id, profile_from_slack(user))

    app.event("user_change")(profile_changed)

    @app.event("team_join")
    @reports_errors
    async def team_join(event: dict[str, Any], context: dict[str, Any]) -> None:
        await profile_changed(event=event, context=context)
        user = event.get("user")
        if isinstance(user, dict) and "id" in user and not user.get("is_bot"):
            # Welcomed once, after the workspace's delay (a retried event is dropped before this).
            await deps.onboarding().joined(context.get("team_id") or user.get("team_id"), user["id"])

    @app.event("reaction_added")
    @reports_errors
    async def reaction_added(event: dict[str, Any], context: dict[str, Any], client: AsyncWebClient) -> None:
        item = event.get("item") or {}
        if item.get("type") != "message":
            return
        await deps.kudos(client, context["team_id"]).give_by_reaction(
            context["team_id"],
            event["user"],
            event.get("reaction", ""),
            event.get("item_user"),
            item["channel"],
            item["ts"],
        )

    @app.event("app_home_opened")
    @reports_errors
    async def home_opened(event: dict[str, Any], context: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") == "home":
            await deps.home(client, context["team_id"]).publish(context["team_id"], event["user"])

    @app.event("member_joined_channel")
    @reports_errors
    async def member_joined(event: dict[str, Any], context: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("user") and event["user"] != context.get("bot_user_id"):  # the bot's own joins don't count
            await deps.circle_channels(client, context["team_id"]).joined(
                context["team_id"], event["channel"], event["user"]
            )

    @app.event("member_left_channel")
    @reports_errors
    async def member_left(event: dict[str, Any], context: dict[str, Any]) -> None:
        if event.get("user") and event["user"] != context.get("bot_user_id"):
            await deps.circle_channels().left(context["team_id"], event["channel"], event["user"])

    async def archive(event: dict[str, Any], context: dict[str, Any], client: AsyncWebClient) -> None:
        archived = event["type"] == "channel_archive"
        await deps.circle_channels(client, context["team_id"]).archived(context["team_id"], event["channel"], archived)

    app.event("channel_archive")(reports_errors(archive))
    app.event("channel_unarchive")(reports_errors(archive))

    @app.event("channel_rename")
    @reports_errors
    async def renamed(event: dict[str, Any], context: dict[str, Any]) -> None:
        channel = event.get("channel") or {}
        if channel.get("id"):
            await deps.circle_channels().renamed(context["team_id"], channel["id"], str(channel.get("name") or ""))

    async def removed(context: dict[str, Any]) -> None:
        await deps.lifecycle().removed(context["team_id"])

    app.event("app_uninstalled")(reports_errors(removed))
    app.event("tokens_revoked")(reports_errors(removed))
