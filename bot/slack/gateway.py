"""Slack Web API calls the workflows need, with Slack's error codes turned into domain errors.

Which workspace a token acts for is `bot.slack.workspaces`' business.

Workflows receive a gateway instead of a raw client so that what can go wrong in Slack is named in
one place and every message shown to users about it is written once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import ChannelUnavailable, SlackProblem, SlackUnavailable
from bot.services.members import MemberProfile

MARKER_EVENT = "circles_outbox"  # the metadata event type that marks the bot's own outbox messages
SEARCH_PAGES = 5  # how far back `find_marked` looks (200 messages a page) before deciding "not sent"


@dataclass(frozen=True)
class BotIdentity:
    team_id: str
    team_name: str
    bot_user_id: str


@dataclass(frozen=True)
class PostedMessage:
    channel: str  # for a DM sent to a user id, the D… conversation Slack answers with
    ts: str


@dataclass(frozen=True)
class ChannelInfo:
    id: str
    name: str
    is_private: bool
    is_archived: bool
    is_member: bool


def _channel_problem(code: str, channel_id: str) -> SlackProblem:
    channel = f"<#{channel_id}>"
    messages = {
        "channel_not_found": f"I can't see {channel}. If it is private, invite me first with "
        "`/invite @Circles`, or pick a public channel.",
        "is_archived": f"{channel} is archived. Unarchive it or pick another channel.",
        "method_not_supported_for_channel_type": f"{channel} is private and I'm not in it. "
        "Invite me with `/invite @Circles` there, then try again.",
        "not_in_channel": f"I'm not in {channel}. Invite me with `/invite @Circles` there, then try again.",
        "restricted_action": f"Your workspace doesn't let me manage {channel}. Ask a Slack admin.",
        "cant_invite": "Slack won't let me add that person to the channel (guests can only be added by an admin).",
        "user_is_restricted": "Slack won't let me add that person to the channel (guests can only "
        "be added by an admin).",
    }
    if code in messages:
        return ChannelUnavailable(messages[code], code)
    return _generic_problem(code)


def _generic_problem(code: str) -> SlackProblem:
    if code == "missing_scope":
        return SlackProblem(
            "I'm missing a Slack permission for that. Ask your Slack admin to reinstall Circles "
            "from the manifest (`circles manifest`).",
            code,
        )
    if code in ("ratelimited", "rate_limited"):
        return SlackUnavailable("Slack is busy right now. Please try again in a minute.", code, answered=True)
    return SlackProblem(
        f"Slack refused that (`{code}`). Please try again; if it keeps happening, tell your Circles admin.",
        code,
    )


@contextmanager
def _slack_errors(channel_id: str | None = None) -> Iterator[None]:
    try:
        yield
    except SlackApiError as exc:
        data = exc.response.data
        if exc.response.status_code == 429:
            raise SlackUnavailable(
                "Slack is busy right now. Please try again in a minute.",
                "ratelimited",
                retry_after=_retry_after(exc.response.headers),
                answered=True,
            ) from exc
        if exc.response.status_code >= 500 or not isinstance(data, dict):
            # Slack (or something in between) failed without a Web API answer: try again later.
            raise SlackUnavailable(
                "Slack had a problem just now. Please try again in a minute.", f"http_{exc.response.status_code}"
            ) from exc
        code = str(data.get("error", "unknown_error"))
        raise (_channel_problem(code, channel_id) if channel_id else _generic_problem(code)) from exc
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise SlackUnavailable("I couldn't reach Slack just now. Please try again in a minute.") from exc


def _retry_after(headers: Any) -> float:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            return float(raw) if str(raw).replace(".", "", 1).isdecimal() else 1.0
    return 1.0


def profile_from_slack(user: dict[str, Any]) -> MemberProfile:
    profile = user.get("profile") or {}
    return MemberProfile(
        user_id=user["id"],
        display_name=profile.get("display_name") or user.get("name") or "",
        real_name=profile.get("real_name") or user.get("real_name") or "",
        title=str(profile.get("title") or "")[:255],
        tz=user.get("tz") or "UTC",
        tz_offset=int(user.get("tz_offset") or 0),
        is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
        is_deleted=bool(user.get("deleted")),
        is_admin=bool(user.get("is_admin")),
        is_owner=bool(user.get("is_owner")),
        status_text=str(profile.get("status_text") or "")[:255],
        status_emoji=str(profile.get("status_emoji") or "")[:64],
        status_expires_at=_expiry(profile.get("status_expiration")),
    )


def _expiry(value: Any) -> datetime | None:
    """Slack's `status_expiration`: unix seconds, 0 (or absent) for a status that never expires."""
    try:
        seconds = int(value or 0)
    except (TypeError, ValueError):
        return None
    return datetime.fromtimestamp(seconds, UTC) if seconds > 0 else None


def _channel_from_slack(channel: dict[str, Any]) -> ChannelInfo:
    return ChannelInfo(
        id=channel["id"],
        name=channel.get("name", ""),
        # DMs and group DMs count as private: only their members (the bot among them, or not) post there.
        is_private=bool(channel.get("is_private") or channel.get("is_im") or channel.get("is_mpim")),
        is_archived=bool(channel.get("is_archived")),
        is_member=bool(channel.get("is_member")),
    )


class SlackGateway:
    """Web API calls with one token; which workspace that is, `WorkspaceGateway` says."""

    def __init__(self, client: AsyncWebClient):
        self.client = client

    async def identity(self) -> BotIdentity:
        with _slack_errors():
            response = await self.client.auth_test()
        return BotIdentity(response["team_id"], response.get("team", ""), response["user_id"])

    async def user_pages(self, page_size: int = 200) -> AsyncIterator[list[MemberProfile]]:
        cursor: str | None = None
        while True:
            with _slack_errors():
                response = await self.client.users_list(limit=page_size, cursor=cursor)
            yield [profile_from_slack(user) for user in response.get("members", [])]
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return

    async def channel(self, channel_id: str) -> ChannelInfo:
        with _slack_errors(channel_id):
            response = await self.client.conversations_info(channel=channel_id)
        return _channel_from_slack(response["channel"])

    async def usable_channel(self, channel_id: str) -> ChannelInfo:
        """The channel, with the bot in it: joins a public channel, refuses archived or private ones."""
        channel = await self.channel(channel_id)
        if channel.is_archived:
            raise _channel_problem("is_archived", channel_id)
        if not channel.is_member:
            if channel.is_private:
                raise _channel_problem("method_not_supported_for_channel_type", channel_id)
            with _slack_errors(channel_id):
                await self.client.conversations_join(channel=channel_id)
        return channel

    async def can_post(self, channel_id: str) -> bool:
        """Whether a post here would land: a channel the bot is in, or any public one (`chat:write.public`).

        Direct messages between people, and private channels the bot isn't in, are closed to it.
        """
        try:
            channel = await self.channel(channel_id)
        except SlackProblem as problem:
            if isinstance(problem, SlackUnavailable):
                raise
            return False  # channel_not_found: a DM between people, or a private channel
        return not channel.is_archived and (channel.is_member or not channel.is_private)

    async def invite(self, channel_id: str, user_id: str) -> None:
        try:
            with _slack_errors(channel_id):
                await self.client.conversations_invite(channel=channel_id, users=user_id)
        except SlackProblem as problem:
            # Already there (or it's the bot itself): the outcome the caller wanted.
            if problem.code not in ("already_in_channel", "cant_invite_self"):
                raise

    async def create_channel(self, name: str) -> ChannelInfo:
        with _slack_errors():
            response = await self.client.conversations_create(name=name, is_private=False)
        return _channel_from_slack(response["channel"])

    async def post_message(
        self,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        marker: str | None = None,
    ) -> PostedMessage:
        """Post; `marker` travels as message metadata so the message can be found again (`find_marked`)."""
        metadata = {"event_type": MARKER_EVENT, "event_payload": {"outbox": marker}} if marker else None
        with _slack_errors(channel):
            response = await self.client.chat_postMessage(
                channel=channel, text=text, blocks=blocks, thread_ts=thread_ts, metadata=metadata
            )
        return PostedMessage(channel=str(response["channel"]), ts=str(response["ts"]))

    async def find_marked(
        self, channel: str, marker: str, since: float, thread_ts: str | None = None
    ) -> PostedMessage | None:
        """Our message carrying `marker`, posted after `since` (unix seconds), if Slack has it."""

        def is_ours(message: dict[str, Any]) -> bool:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            return metadata.get("event_type") == MARKER_EVENT and payload.get("outbox") == marker

        found = await self._find(channel, since, thread_ts, is_ours)
        return PostedMessage(found[0], str(found[1]["ts"])) if found else None

    async def find_upload(
        self, channel: str, filename: str, since: float, thread_ts: str | None = None
    ) -> PostedMessage | None:
        """A file named `filename` that we shared here after `since` (files carry no metadata)."""

        def named(message: dict[str, Any]) -> list[dict[str, Any]]:
            return [f for f in message.get("files") or [] if f.get("name") == filename]

        found = await self._find(channel, since, thread_ts, lambda m: bool(m.get("bot_id") and named(m)))
        return PostedMessage(found[0], str(named(found[1])[0].get("id", ""))) if found else None

    async def _find(
        self, channel: str, since: float, thread_ts: str | None, is_ours: Callable[[dict[str, Any]], bool]
    ) -> tuple[str, dict[str, Any]] | None:
        """The first message in a conversation (or thread) since `since` that `is_ours` accepts."""
        conversation = await self.open_dm(channel) if channel.startswith(("U", "W")) else channel
        cursor: str | None = None
        for _ in range(SEARCH_PAGES):
            query = {"oldest": f"{since:.6f}", "limit": 200, "include_all_metadata": True, "cursor": cursor}
            with _slack_errors(conversation):
                if thread_ts:
                    response = await self.client.conversations_replies(channel=conversation, ts=thread_ts, **query)
                else:
                    response = await self.client.conversations_history(channel=conversation, **query)
            for message in response.get("messages") or []:
                if is_ours(message):
                    return conversation, message
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return None
        return None

    async def upload_file(
        self, channel: str, filename: str, title: str, content: bytes, thread_ts: str | None = None, alt_text: str = ""
    ) -> PostedMessage:
        with _slack_errors(channel):
            response = await self.client.files_upload_v2(
                channel=channel, filename=filename, title=title, file=content, thread_ts=thread_ts, alt_txt=alt_text
            )
        file = response.get("file") or {}
        return PostedMessage(channel=channel, ts=str(file.get("id", "")))

    async def open_dm(self, user_id: str) -> str:
        """The DM conversation with a person (file uploads need a conversation id, not a user id)."""
        with _slack_errors(user_id):
            response = await self.client.conversations_open(users=user_id)
        return str(response["channel"]["id"])

    async def open_group(self, user_ids: list[str]) -> str:
        """A group DM with these people (and the bot): where a mentorship pair is introduced."""
        with _slack_errors():
            response = await self.client.conversations_open(users=",".join(user_ids))
        return str(response["channel"]["id"])

    async def channel_members(self, channel_id: str) -> list[str]:
        members: list[str] = []
        cursor: str | None = None
        while True:
            with _slack_errors(channel_id):
                response = await self.client.conversations_members(channel=channel_id, limit=200, cursor=cursor)
            members += list(response.get("members", []))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return members

    async def profile(self, user_id: str) -> MemberProfile | None:
        """A person's profile from Slack, or None when Slack knows no such person."""
        try:
            with _slack_errors():
                response = await self.client.users_info(user=user_id)
        except SlackProblem as problem:
            if problem.code == "user_not_found":
                return None
            raise
        return profile_from_slack(response["user"])

    async def title_of(self, user_id: str) -> str:
        with _slack_errors():
            response = await self.client.users_info(user=user_id)
        return str(((response.get("user") or {}).get("profile") or {}).get("title") or "")

    async def publish_home(self, user_id: str, view: dict[str, Any]) -> PostedMessage:
        with _slack_errors(user_id):
            response = await self.client.views_publish(user_id=user_id, view=view)
        return PostedMessage(channel=user_id, ts=str((response.get("view") or {}).get("id", "")))

    async def update_message(
        self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]] | None = None
    ) -> PostedMessage:
        with _slack_errors(channel):
            response = await self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks or [])
        return PostedMessage(channel=str(response["channel"]), ts=str(response["ts"]))
