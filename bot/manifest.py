"""The Slack app manifest shipped in `bot/manifest.json`, with the admin's request URL filled in."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

MANIFEST_PATH = Path(__file__).with_name("manifest.json")
PLACEHOLDER = "https://YOUR-HOST/slack/events"


def load_manifest() -> dict[str, Any]:
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def events_url(base_url: str) -> str:
    """`https://circles.example.com` → `https://circles.example.com/slack/events`."""
    base = base_url.rstrip("/")
    return base if base.endswith("/slack/events") else base + "/slack/events"


def render_manifest(
    base_url: str | None = None, socket_mode: bool = False, oauth: bool = False, token_rotation: bool = False
) -> dict[str, Any]:
    manifest = copy.deepcopy(load_manifest())
    settings = manifest["settings"]
    commands = manifest["features"]["slash_commands"]
    if socket_mode:
        # Socket Mode delivers everything over the websocket; Slack rejects request URLs alongside it.
        settings["socket_mode_enabled"] = True
        settings["event_subscriptions"].pop("request_url", None)
        settings["interactivity"].pop("request_url", None)
        for command in commands:
            command.pop("url", None)
        return manifest
    url = events_url(base_url) if base_url else PLACEHOLDER
    settings["event_subscriptions"]["request_url"] = url
    settings["interactivity"]["request_url"] = url
    for command in commands:
        command["url"] = url
    if oauth:
        # "Add to Slack" for several workspaces: Slack sends installers back to our redirect URL.
        root = (base_url or "https://YOUR-HOST").rstrip("/")
        manifest["oauth_config"]["redirect_urls"] = [f"{root}/slack/oauth_redirect"]
        settings["token_rotation_enabled"] = token_rotation
    return manifest


def bot_scopes(manifest: dict[str, Any]) -> set[str]:
    return set(manifest["oauth_config"]["scopes"]["bot"])
