"""Requests from "Slack" to the app: slash commands, clicks, modal submissions and events, signed
exactly as Slack signs them (`v0=HMAC_SHA256(secret, "v0:{ts}:{body}")`).

Used by the tests and by `circles simulate` to act as members of the double's workspace.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from bot.slack_double.server import SlackDouble
from bot.slack_double.workspace import Workspace

EVENTS_PATH = "/slack/events"
API_APP_ID = "ACIRCLES01"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, content_type: str, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(secret, ts, body),
    }


@dataclass
class Interaction:
    """What one request produced: the app's HTTP answer, and where its later replies land."""

    response: httpx.Response
    response_url: str | None
    double: SlackDouble

    def replies(self) -> list[dict[str, Any]]:
        return self.double.responses_to(self.response_url) if self.response_url else []

    def last_reply(self) -> dict[str, Any]:
        replies = self.replies()
        assert replies, f"the app sent nothing to the response_url (HTTP {self.response.status_code})"
        return replies[-1]

    def json(self) -> Any:
        return self.response.json() if self.response.content else None


def _text_of(option: dict[str, Any]) -> dict[str, Any]:
    return option.get("text") or {"type": "plain_text", "text": str(option.get("value"))}


def input_state(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """The `state.values` entry Slack sends for an input element holding `value`."""
    kind = element["type"]
    state: dict[str, Any] = {"type": kind}
    if kind in ("plain_text_input", "number_input", "url_text_input", "email_text_input"):
        state["value"] = value
    elif kind == "conversations_select":
        state["selected_conversation"] = value
    elif kind == "channels_select":
        state["selected_channel"] = value
    elif kind == "users_select":
        state["selected_user"] = value
    elif kind == "multi_users_select":
        state["selected_users"] = value or []
    elif kind == "multi_conversations_select":
        state["selected_conversations"] = value or []
    elif kind == "multi_channels_select":
        state["selected_channels"] = value or []
    elif kind == "datepicker":
        state["selected_date"] = value
    elif kind == "timepicker":
        state["selected_time"] = value
    elif kind in ("static_select", "radio_buttons"):
        options = {o["value"]: o for o in element.get("options", [])}
        state["selected_option"] = (
            {"value": value, "text": _text_of(options.get(value, {"value": value}))} if value is not None else None
        )
    elif kind in ("multi_static_select", "checkboxes"):
        options = {o["value"]: o for o in element.get("options", [])}
        state["selected_options"] = [{"value": v, "text": _text_of(options.get(v, {"value": v}))} for v in value or []]
    else:
        state["value"] = value
    return state


def initial_value(element: dict[str, Any]) -> Any:
    """What an input holds before the person touches it (Slack submits these as they are)."""
    kind = element["type"]
    if kind in ("static_select", "radio_buttons"):
        return (element.get("initial_option") or {}).get("value")
    if kind in ("multi_static_select", "checkboxes"):
        return [o["value"] for o in element.get("initial_options") or []]
    for key in (
        "initial_value",
        "initial_date",
        "initial_time",
        "initial_conversation",
        "initial_channel",
        "initial_user",
        "initial_users",
        "initial_conversations",
        "initial_channels",
    ):
        if key in element:
            return element[key]
    return [] if kind.startswith("multi_") else None


class SlackClientSide:
    """Acts as Slack towards the app under test: builds, signs and sends requests over HTTP."""

    def __init__(
        self, http: httpx.AsyncClient, double: SlackDouble, signing_secret: str, workspace: Workspace | None = None
    ):
        self.http = http
        self.double = double
        self.secret = signing_secret
        self.workspace = workspace or double.workspace  # which workspace the requests come from

    @property
    def team(self) -> dict[str, str]:
        ws = self.workspace
        return {"id": ws.team_id, "domain": ws.team_name.lower().replace(" ", "")}

    def _user(self, user_id: str) -> dict[str, str]:
        user = self.workspace.users.get(user_id)
        name = user.name if user else user_id.lower()
        return {"id": user_id, "username": name, "name": name, "team_id": self.workspace.team_id}

    async def post(self, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> httpx.Response:
        signed = signed_headers(self.secret, body, content_type)
        return await self.http.post(EVENTS_PATH, content=body, headers={**signed, **(headers or {})})

    async def command(self, user_id: str, command: str, text: str = "", channel_id: str = "CGENERAL") -> Interaction:
        response_url = self.double.new_response_url()
        channel = self.workspace.channels.get(channel_id)
        form = {
            "token": "legacy-verification-token",
            "team_id": self.team["id"],
            "team_domain": self.team["domain"],
            "channel_id": channel_id,
            "channel_name": channel.name if channel else "general",
            "user_id": user_id,
            "user_name": self._user(user_id)["name"],
            "command": command,
            "text": text,
            "api_app_id": API_APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": self.double.new_trigger_id(),
        }
        response = await self.post(urlencode(form).encode(), "application/x-www-form-urlencoded")
        return Interaction(response, response_url, self.double)

    async def pick_date(
        self,
        user_id: str,
        action_id: str,
        picked: str,
        *,
        block_id: str = "",
        message: dict[str, Any] | None = None,
    ) -> Interaction:
        """Choose a date in a date picker inside a message."""
        action = {"type": "datepicker", "selected_date": picked}
        return await self.click(user_id, action_id, block_id=block_id, message=message, action=action)

    async def click(
        self,
        user_id: str,
        action_id: str,
        value: str | None = None,
        *,
        block_id: str = "",
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        channel_id: str = "CGENERAL",
        action: dict[str, Any] | None = None,
    ) -> Interaction:
        """Click a button (or, with `action`, use another element) in a message or a view."""
        action = {
            "action_id": action_id,
            "block_id": block_id,
            "type": "button",
            "value": value,
            "action_ts": f"{time.time():.6f}",
            **(action or {}),
        }
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": self.team,
            "user": self._user(user_id),
            "api_app_id": API_APP_ID,
            "token": "legacy-verification-token",
            "trigger_id": self.double.new_trigger_id(),
            "actions": [action],
            "state": {"values": {}},
        }
        response_url: str | None = None
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.get("id", "")}
            payload["view"] = view
        else:
            response_url = self.double.new_response_url()
            payload["container"] = {
                "type": "message",
                "message_ts": (message or {}).get("ts", "0.0"),
                "channel_id": channel_id,
                "is_ephemeral": message is None or "ts" not in message,
            }
            payload["channel"] = {"id": channel_id, "name": "channel"}
            payload["message"] = message or {}
            payload["response_url"] = response_url
        body = urlencode({"payload": json.dumps(payload)}).encode()
        response = await self.post(body, "application/x-www-form-urlencoded")
        return Interaction(response, response_url, self.double)

    async def click_button_in(
        self,
        user_id: str,
        blocks: list[dict[str, Any]],
        action_id: str,
        *,
        value: str | None = None,
        **kwargs: Any,
    ) -> Interaction:
        """Find the button `action_id` (and `value`, if given) in `blocks` and click it, as a person would."""
        for block in blocks:
            elements = block.get("elements", []) if block.get("type") == "actions" else [block.get("accessory") or {}]
            for element in elements:
                if element.get("action_id") == action_id and (value is None or element.get("value") == value):
                    return await self.click(
                        user_id, action_id, element.get("value"), block_id=block.get("block_id", ""), **kwargs
                    )
        raise AssertionError(f"no button {action_id!r} (value {value!r}) in these blocks")

    async def message_shortcut(self, user_id: str, callback_id: str, message: Any) -> Interaction:
        """Use a message shortcut on `message` (a `workspace.Message`) from its "More actions" menu."""
        response_url = self.double.new_response_url()
        payload = {
            "type": "message_action",
            "callback_id": callback_id,
            "team": self.team,
            "user": self._user(user_id),
            "channel": {"id": message.channel, "name": self.workspace.channels[message.channel].name},
            "message": {"type": "message", "ts": message.ts, "text": message.text, "user": message.user},
            "message_ts": message.ts,
            "trigger_id": self.double.new_trigger_id(),
            "response_url": response_url,
            "api_app_id": API_APP_ID,
            "token": "legacy-verification-token",
        }
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return Interaction(await self.post(body, "application/x-www-form-urlencoded"), response_url, self.double)

    async def submit_view(self, user_id: str, view_id: str, values: dict[str, Any]) -> Interaction:
        """Submit the modal `view_id` as stored by the double, with `values` by input block id.

        Inputs not named in `values` keep their initial value, as in Slack; name one with None to clear it.
        """
        view = self.workspace.views[view_id]
        state: dict[str, dict[str, Any]] = {}
        for block in view.get("blocks", []):
            if block.get("type") != "input":
                continue
            element = block["element"]
            value = values[block["block_id"]] if block["block_id"] in values else initial_value(element)
            state[block["block_id"]] = {element["action_id"]: input_state(element, value)}
        unknown = set(values) - set(state)
        assert not unknown, f"the modal has no inputs {sorted(unknown)}"
        payload = {
            "type": "view_submission",
            "team": self.team,
            "user": self._user(user_id),
            "api_app_id": API_APP_ID,
            "token": "legacy-verification-token",
            "trigger_id": self.double.new_trigger_id(),
            "view": {**view, "state": {"values": state}, "hash": uuid.uuid4().hex},
            "response_urls": [],
            "is_enterprise_install": False,
        }
        body = urlencode({"payload": json.dumps(payload)}).encode()
        response = await self.post(body, "application/x-www-form-urlencoded")
        return Interaction(response, None, self.double)

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> httpx.Response:
        envelope = {
            "token": "legacy-verification-token",
            "team_id": self.team["id"],
            "api_app_id": API_APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:12].upper()}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": self.team["id"], "user_id": self.workspace.bot_user_id, "is_bot": True}],
        }
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else None
        return await self.post(json.dumps(envelope).encode(), "application/json", headers)
