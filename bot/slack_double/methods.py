"""Web API methods as the double implements them, with the error codes Slack documents."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from bot.slack_double.workspace import Channel, Message, Workspace

Args = dict[str, Any]
Method = Callable[[Workspace, Args], dict[str, Any]]
METHODS: dict[str, Method] = {}
CHANNEL_NAME = re.compile(r"^[a-z0-9_-]{1,80}$")


class ApiError(Exception):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def method(name: str) -> Callable[[Method], Method]:
    def register(func: Method) -> Method:
        METHODS[name] = func
        return func

    return register


def _channel(ws: Workspace, channel_id: str, *, visible_to_bot: bool = True) -> Channel:
    channel = ws.channels.get(channel_id)
    if channel is None:
        raise ApiError("channel_not_found")
    # Private channels are invisible to a bot that isn't in them.
    if visible_to_bot and channel.is_private and ws.bot_user_id not in channel.members:
        raise ApiError("channel_not_found")
    return channel


def _post_target(ws: Workspace, channel_ref: str) -> Channel:
    if channel_ref.startswith(("U", "W")):
        if channel_ref not in ws.users or ws.users[channel_ref].deleted:
            raise ApiError("channel_not_found" if channel_ref not in ws.users else "account_inactive")
        return ws.dm_channel(channel_ref)
    channel = _channel(ws, channel_ref)
    if channel.is_archived:
        raise ApiError("is_archived")
    if ws.bot_user_id not in channel.members and (channel.is_private or channel.is_mpim or not ws.public_posting):
        raise ApiError("not_in_channel")  # only chat:write.public lets a bot post where it isn't a member
    return channel


@method("auth.test")
def auth_test(ws: Workspace, args: Args) -> dict[str, Any]:
    return {
        "url": f"https://{ws.team_name.lower().replace(' ', '')}.slack.com/",
        "team": ws.team_name,
        "user": "circles",
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


@method("users.list")
def users_list(ws: Workspace, args: Args) -> dict[str, Any]:
    limit = max(1, min(int(args.get("limit") or 200), 1000))
    start = int(args.get("cursor") or 0)
    users = list(ws.users.values())
    page = users[start : start + limit]
    next_cursor = str(start + limit) if start + limit < len(users) else ""
    return {
        "members": [u.to_api(ws.team_id) for u in page],
        "response_metadata": {"next_cursor": next_cursor},
    }


@method("users.info")
def users_info(ws: Workspace, args: Args) -> dict[str, Any]:
    user = ws.users.get(args["user"])
    if user is None:
        raise ApiError("user_not_found")
    return {"user": user.to_api(ws.team_id)}


@method("conversations.info")
def conversations_info(ws: Workspace, args: Args) -> dict[str, Any]:
    return {"channel": _channel(ws, args["channel"]).to_api(ws.bot_user_id)}


@method("conversations.join")
def conversations_join(ws: Workspace, args: Args) -> dict[str, Any]:
    channel = _channel(ws, args["channel"], visible_to_bot=False)
    if channel.is_private:
        raise ApiError(
            "method_not_supported_for_channel_type" if ws.bot_user_id not in channel.members else "already_in_channel"
        )
    if channel.is_archived:
        raise ApiError("is_archived")
    channel.members.add(ws.bot_user_id)
    return {"channel": channel.to_api(ws.bot_user_id)}


@method("conversations.invite")
def conversations_invite(ws: Workspace, args: Args) -> dict[str, Any]:
    channel = _channel(ws, args["channel"])
    if channel.is_archived:
        raise ApiError("is_archived")
    if ws.bot_user_id not in channel.members:
        raise ApiError("not_in_channel")
    user_ids = [u.strip() for u in str(args["users"]).split(",") if u.strip()]
    for user_id in user_ids:
        if user_id == ws.bot_user_id:
            raise ApiError("cant_invite_self")
        user = ws.users.get(user_id)
        if user is None or user.deleted:
            raise ApiError("user_not_found")
    if len(user_ids) == 1 and user_ids[0] in channel.members:
        raise ApiError("already_in_channel")
    channel.members.update(user_ids)
    return {"channel": channel.to_api(ws.bot_user_id)}


@method("conversations.create")
def conversations_create(ws: Workspace, args: Args) -> dict[str, Any]:
    name = str(args["name"])
    if not CHANNEL_NAME.match(name):
        raise ApiError("invalid_name_specials")
    if ws.channel_by_name(name) is not None:
        raise ApiError("name_taken")
    is_private = str(args.get("is_private", "false")).lower() in ("1", "true")
    channel = ws.add_channel(name, is_private=is_private, members={ws.bot_user_id})
    return {"channel": channel.to_api(ws.bot_user_id)}


def _record(ws: Workspace, args: Args, **extra: Any) -> Message:
    channel = _post_target(ws, str(args["channel"]))
    if extra.get("ephemeral_to") and extra["ephemeral_to"] not in channel.members:
        raise ApiError("user_not_in_channel")
    message = Message(
        channel=channel.id,
        ts=ws.next_ts(),
        user=ws.bot_user_id,
        text=str(args.get("text") or ""),
        blocks=args.get("blocks"),
        thread_ts=args.get("thread_ts"),
        metadata=args.get("metadata"),
        **extra,
    )
    ws.messages.append(message)
    return message


@method("conversations.open")
def conversations_open(ws: Workspace, args: Args) -> dict[str, Any]:
    users = [u for u in str(args.get("users") or "").split(",") if u]
    if not users:
        raise ApiError("users_list_not_supplied")
    for user_id in users:
        user = ws.users.get(user_id)
        if user is None:
            raise ApiError("user_not_found")
        if user.deleted:
            raise ApiError("account_inactive")
    if len(users) == 1:
        return {"channel": {"id": ws.dm_channel(users[0]).id}}
    wanted = {*users, ws.bot_user_id}
    group = next((c for c in ws.channels.values() if c.is_mpim and c.members == wanted), None)
    if group is None:
        group = ws.add_channel("mpdm-" + "--".join(sorted(users)), is_private=True, members=wanted)
        group.is_mpim = True
    return {"channel": {"id": group.id}}


@method("conversations.members")
def conversations_members(ws: Workspace, args: Args) -> dict[str, Any]:
    channel = _channel(ws, str(args["channel"]))
    members = sorted(channel.members)
    limit = max(1, min(int(args.get("limit") or 100), 1000))
    start = int(args.get("cursor") or 0)
    next_cursor = str(start + limit) if start + limit < len(members) else ""
    return {"members": members[start : start + limit], "response_metadata": {"next_cursor": next_cursor}}


@method("chat.postMessage")
def chat_post_message(ws: Workspace, args: Args) -> dict[str, Any]:
    message = _record(ws, args)
    channel = ws.channels[message.channel]
    return {
        "channel": channel.id,
        "ts": message.ts,
        "message": {"type": "message", "text": message.text, "ts": message.ts},
    }


def _page(ws: Workspace, messages: list[Message], args: Args) -> dict[str, Any]:
    """Newest first, within `oldest`/`latest`, paged by `limit` and an offset cursor."""
    oldest = float(args.get("oldest") or 0)
    latest = float(args.get("latest") or "inf")
    with_metadata = str(args.get("include_all_metadata", "false")).lower() in ("1", "true")
    inside = sorted((m for m in messages if oldest < float(m.ts) <= latest), key=lambda m: float(m.ts), reverse=True)
    limit = max(1, min(int(args.get("limit") or 100), 999))
    start = int(args.get("cursor") or 0)
    page = inside[start : start + limit]
    more = start + limit < len(inside)
    return {
        "messages": [_shown(ws, m, with_metadata) for m in page],
        "has_more": more,
        "response_metadata": {"next_cursor": str(start + limit) if more else ""},
    }


def _shown(ws: Workspace, message: Message, with_metadata: bool) -> dict[str, Any]:
    shown = message.to_api(ws.bot_user_id, ws.bot_id, with_metadata=with_metadata)
    if message.files:
        shown["files"] = [
            {"id": file_id, "name": ws.files[file_id]["name"], "title": ws.files[file_id].get("title")}
            for file_id in message.files
        ]
    return shown


def _readable(ws: Workspace, channel_id: str) -> Channel:
    channel = _channel(ws, channel_id)
    if ws.bot_user_id not in channel.members and (channel.is_private or channel.is_im):
        raise ApiError("channel_not_found")
    return channel


@method("conversations.history")
def conversations_history(ws: Workspace, args: Args) -> dict[str, Any]:
    channel = _readable(ws, str(args["channel"]))
    top_level = [m for m in ws.messages_in(channel.id) if m.thread_ts in (None, m.ts)]
    return _page(ws, top_level, args)


@method("conversations.replies")
def conversations_replies(ws: Workspace, args: Args) -> dict[str, Any]:
    channel = _readable(ws, str(args["channel"]))
    thread = [m for m in ws.messages_in(channel.id) if args["ts"] in (m.ts, m.thread_ts)]
    if not thread:
        raise ApiError("thread_not_found")
    return _page(ws, thread, args)


@method("chat.postEphemeral")
def chat_post_ephemeral(ws: Workspace, args: Args) -> dict[str, Any]:
    return {"message_ts": _record(ws, args, ephemeral_to=args["user"]).ts}


@method("chat.getPermalink")
def chat_get_permalink(ws: Workspace, args: Args) -> dict[str, Any]:
    channel = _channel(ws, str(args["channel"]))
    if not any(m.channel == channel.id and m.ts == args["message_ts"] for m in ws.messages):
        raise ApiError("message_not_found")
    domain = ws.team_name.lower().replace(" ", "")
    ts = str(args["message_ts"]).replace(".", "")
    return {"channel": channel.id, "permalink": f"https://{domain}.slack.com/archives/{channel.id}/p{ts}"}


@method("chat.update")
def chat_update(ws: Workspace, args: Args) -> dict[str, Any]:
    for message in ws.messages:
        if message.channel == args["channel"] and message.ts == args["ts"]:
            message.text = str(args.get("text") or message.text)
            message.blocks = args.get("blocks", message.blocks)
            message.edited = True
            return {"channel": message.channel, "ts": message.ts, "text": message.text}
    raise ApiError("message_not_found")


def _store_view(ws: Workspace, view: dict[str, Any], view_id: str | None = None) -> dict[str, Any]:
    stored = {**view, "id": view_id or ws.next_id("V"), "team_id": ws.team_id, "state": {"values": {}}}
    ws.views[stored["id"]] = stored
    return {"view": stored}


@method("views.open")
def views_open(ws: Workspace, args: Args) -> dict[str, Any]:
    return _store_view(ws, args["view"])


@method("views.push")
def views_push(ws: Workspace, args: Args) -> dict[str, Any]:
    return _store_view(ws, args["view"])


@method("views.update")
def views_update(ws: Workspace, args: Args) -> dict[str, Any]:
    view_id = args.get("view_id") or next(
        (vid for vid, v in ws.views.items() if v.get("external_id") == args.get("external_id")), None
    )
    if view_id not in ws.views:
        raise ApiError("not_found")
    return _store_view(ws, args["view"], view_id)


@method("views.publish")
def views_publish(ws: Workspace, args: Args) -> dict[str, Any]:
    if args["user_id"] not in ws.users:
        raise ApiError("user_not_found")
    view = {**args["view"], "id": ws.next_id("V")}
    ws.home_views[args["user_id"]] = view
    return {"view": view}


@method("files.getUploadURLExternal")
def files_get_upload_url(ws: Workspace, args: Args) -> dict[str, Any]:
    if int(args["length"]) <= 0:
        raise ApiError("invalid_length")
    file_id = ws.next_id("F")
    ws.files[file_id] = {"id": file_id, "name": str(args["filename"]), "length": int(args["length"]), "content": None}
    return {"file_id": file_id, "upload_url": f"{ws.base_url}/upload/{file_id}"}


@method("files.completeUploadExternal")
def files_complete_upload(ws: Workspace, args: Args) -> dict[str, Any]:
    listed = args["files"] if isinstance(args["files"], list) else json.loads(str(args["files"]))
    done = []
    for item in listed:
        stored = ws.files.get(item["id"])
        if stored is None or stored["content"] is None:
            raise ApiError("file_not_found")
        stored["title"] = item.get("title") or stored["name"]
        done.append({"id": stored["id"], "title": stored["title"], "name": stored["name"]})
    channel_id = args.get("channel_id")
    if channel_id:
        channel = _post_target(ws, str(channel_id))
        message = Message(
            channel=channel.id,
            ts=ws.next_ts(),
            user=ws.bot_user_id,
            text=str(args.get("initial_comment") or ""),
            thread_ts=args.get("thread_ts"),
            files=[item["id"] for item in done],
        )
        ws.messages.append(message)
    return {"files": done}
