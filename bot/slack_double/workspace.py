"""The state the double keeps: one small Slack workspace, observable by tests."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class User:
    id: str
    name: str
    real_name: str = ""
    tz: str = "UTC"
    tz_offset: int = 0
    is_bot: bool = False
    deleted: bool = False
    is_admin: bool = False
    is_owner: bool = False
    status_text: str = ""
    status_emoji: str = ""
    status_expiration: int = 0  # unix seconds; 0: the status never expires
    title: str = ""

    def to_api(self, team_id: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "real_name": self.real_name or self.name,
            "deleted": self.deleted,
            "tz": self.tz,
            "tz_offset": self.tz_offset,
            "is_bot": self.is_bot,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "profile": {
                "display_name": self.name,
                "real_name": self.real_name or self.name,
                "title": self.title,
                "status_text": self.status_text,
                "status_emoji": self.status_emoji,
                "status_expiration": self.status_expiration,
            },
        }


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool = False
    is_archived: bool = False
    is_im: bool = False
    is_mpim: bool = False
    members: set[str] = field(default_factory=set)

    def to_api(self, viewer: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": not self.is_private and not self.is_im,
            "is_group": self.is_private,
            "is_im": self.is_im,
            "is_private": self.is_private,
            "is_archived": self.is_archived,
            "is_member": viewer in self.members,
            "num_members": len(self.members),
        }


@dataclass
class Message:
    channel: str
    ts: str
    user: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    thread_ts: str | None = None
    ephemeral_to: str | None = None
    edited: bool = False
    files: list[str] = field(default_factory=list)
    metadata: dict[str, Any] | None = None

    def to_api(self, bot_user_id: str, bot_id: str, *, with_metadata: bool) -> dict[str, Any]:
        shown: dict[str, Any] = {"type": "message", "user": self.user, "text": self.text, "ts": self.ts}
        if self.thread_ts:
            shown["thread_ts"] = self.thread_ts
        if self.user == bot_user_id:
            shown["bot_id"] = bot_id
        if with_metadata and self.metadata:
            shown["metadata"] = self.metadata
        return shown


@dataclass
class ResponseUrlPost:
    """Something the app sent to a `response_url` (ephemeral replies, message replacements)."""

    key: str
    payload: dict[str, Any]
    # When it arrived, on the machine-wide monotonic clock: benchmarks in other processes compare it
    # with their own `time.monotonic()` to time a reply end to end.
    received: float = field(default_factory=time.monotonic)
    peer: str = ""  # the sending socket (host:port): whether replies share a connection


class Workspace:
    def __init__(
        self,
        team_id: str = "T0CIRCLES",
        team_name: str = "Circles Demo",
        bot_user_id: str = "UBOTCIRCLE",
        clock: Callable[[], float] = time.time,
    ):
        self.clock = clock  # message timestamps follow it (`circles simulate` passes its accelerated clock)
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = "BCIRCLES01"
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: list[Message] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.responses: list[ResponseUrlPost] = []
        self.files: dict[str, dict[str, Any]] = {}  # uploads: id → name, length, content (bytes), title
        self.base_url = ""  # set by the server once it listens (upload URLs point back at it)
        self.public_posting = False  # the token has chat:write.public: posts in public channels without joining
        self._ids = itertools.count(1)
        self._last_ts = 0
        self.add_user(bot_user_id, "circles", is_bot=True)

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08X}"

    def next_ts(self) -> str:
        # Like Slack's: seconds.microseconds, unique and increasing within the workspace.
        micros = max(int(self.clock() * 1_000_000), self._last_ts + 1)
        self._last_ts = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def add_user(self, user_id: str | None = None, name: str = "", **attrs: Any) -> User:
        user = User(id=user_id or self.next_id("U"), name=name or (user_id or "user").lower(), **attrs)
        self.users[user.id] = user
        return user

    def add_channel(
        self,
        name: str,
        *,
        is_private: bool = False,
        is_archived: bool = False,
        members: set[str] | None = None,
    ) -> Channel:
        channel = Channel(
            id=self.next_id("G" if is_private else "C"),
            name=name,
            is_private=is_private,
            is_archived=is_archived,
            members=set(members or ()),
        )
        self.channels[channel.id] = channel
        return channel

    def channel_by_name(self, name: str) -> Channel | None:
        return next((c for c in self.channels.values() if c.name == name and not c.is_im), None)

    def dm_channel(self, user_id: str) -> Channel:
        existing = next((c for c in self.channels.values() if c.is_im and user_id in c.members), None)
        if existing:
            return existing
        channel = Channel(id=self.next_id("D"), name=user_id, is_im=True, members={user_id, self.bot_user_id})
        self.channels[channel.id] = channel
        return channel

    def post_as(self, user_id: str, channel_id: str, text: str) -> Message:
        """A message a person writes (for shortcuts and reactions to act on)."""
        message = Message(channel=channel_id, ts=self.next_ts(), user=user_id, text=text)
        self.messages.append(message)
        return message

    def messages_in(self, channel_id: str) -> list[Message]:
        return [m for m in self.messages if m.channel == channel_id and m.ephemeral_to is None]

    def posts_in(self, channel_id: str) -> list[Message]:
        """The channel's own messages, without thread replies."""
        return [m for m in self.messages_in(channel_id) if m.thread_ts is None]

    def dms_to(self, user_id: str) -> list[Message]:
        channel = self.dm_channel(user_id)
        return self.messages_in(channel.id)
