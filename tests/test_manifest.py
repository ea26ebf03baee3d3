"""The Slack app manifest: valid per schema, scopes covering every call and event, commands served."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from bot.manifest import bot_scopes, load_manifest, render_manifest
from bot.slack_double import SlackSpec
from tests.harness import Harness, texts

ROOT = Path(__file__).resolve().parents[1]
APP_CODE = [ROOT / "bot", ROOT / "handlers", ROOT / "jobs"]
DOUBLE = ROOT / "bot" / "slack_double"
# slack_sdk helpers that call several Web API methods.
COMPOSITE = {"files_upload_v2": {"files.getUploadURLExternal", "files.completeUploadExternal"}}


def web_api_methods_used(spec: SlackSpec) -> set[str]:
    """Every Web API method the bot's code calls through slack_sdk (`client.chat_postMessage(...)`)."""
    called = re.compile(r"\.([a-z]+_[A-Za-z0-9_]+)\(")
    used: set[str] = set()
    for folder in APP_CODE:
        for path in folder.rglob("*.py"):
            if DOUBLE in path.parents:
                continue
            for name in called.findall(path.read_text(encoding="utf-8")):
                if name in spec.python_methods:
                    used.add(spec.python_methods[name])
                used |= COMPOSITE.get(name, set())
    return used | {"auth.test"}  # Bolt calls auth.test itself to authorise requests


# Events that ../shared/slack-spec/bot_scopes.json doesn't list yet, from their docs pages' prose:
# https://docs.slack.dev/reference/events/member_left_channel ("channels:read or groups:read"),
# .../channel_unarchive and .../channel_rename (sent for public channels: channels:read).
EVENT_SCOPES_NOT_IN_SPEC = {
    "member_left_channel": {"bot": ["channels:read", "groups:read"]},
    "channel_unarchive": {"bot": ["channels:read"]},
    "channel_rename": {"bot": ["channels:read"]},
}


def event_scopes(spec: SlackSpec, event: str) -> Any:
    return (spec.event_scopes.get(event) or EVENT_SCOPES_NOT_IN_SPEC[event])["bot"]


def events_handled() -> set[str]:
    pattern = re.compile(r"""app\.event\(\s*["']([a-z_.]+)["']""")
    return {
        event
        for path in (ROOT / "handlers").rglob("*.py")
        for event in pattern.findall(path.read_text(encoding="utf-8"))
    }


@pytest.mark.parametrize("variant", ["placeholder", "url", "socket", "oauth"])
def test_manifest_validates_against_the_schema(slack_spec: SlackSpec, variant: str) -> None:
    manifest = {
        "placeholder": load_manifest(),
        "url": render_manifest("https://circles.example.com"),
        "socket": render_manifest(socket_mode=True),
        "oauth": render_manifest("https://circles.example.com", oauth=True, token_rotation=True),
    }[variant]
    errors = [e.message for e in Draft4Validator(slack_spec.manifest_schema).iter_errors(manifest)]
    assert errors == []


def test_bot_scopes_cover_every_web_api_method_used(slack_spec: SlackSpec) -> None:
    scopes = bot_scopes(load_manifest())
    used = web_api_methods_used(slack_spec)
    assert {"chat.postMessage", "conversations.invite", "users.list", "views.open"} <= used  # the scan works
    uncovered = {}
    for method in sorted(used):
        info = slack_spec.method_scopes.get(method)
        assert info is not None, f"{method}: no scope facts in bot_scopes.json; check its docs page"
        if info["bot"] != "none" and not set(info["bot"]) & scopes:
            uncovered[method] = info["bot"]
    assert uncovered == {}, f"methods the bot would get missing_scope for: {uncovered}"


def test_bot_scopes_cover_every_event_and_feature(slack_spec: SlackSpec) -> None:
    manifest = load_manifest()
    scopes = bot_scopes(manifest)
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events_handled() == subscribed, "handle exactly the events the manifest subscribes to"
    for event in subscribed:
        needed = event_scopes(slack_spec, event)
        assert needed == "none" or set(needed) & scopes, f"{event} needs one of {needed}"
    assert set(slack_spec.feature_scopes["slash_commands"]["bot"]) <= scopes


# Features the bot uses beyond methods and events, each with the test that shows it.
FEATURES_USED = {
    "slash_commands": "test_every_manifest_command_is_answered",
    "post_to_public_channel_not_a_member": "test_kudos.py::test_kudos_are_posted_where_they_are_given",
}


def test_no_unused_scopes(slack_spec: SlackSpec) -> None:
    """Admins approve every scope at install; each one must be needed by some call, event or feature."""
    needed: set[str] = {scope for feature in FEATURES_USED for scope in slack_spec.feature_scopes[feature]["bot"]}
    for method in web_api_methods_used(slack_spec):
        info = slack_spec.method_scopes[method]
        if info["bot"] != "none":
            needed |= set(info["bot"])
    for event in load_manifest()["settings"]["event_subscriptions"]["bot_events"]:
        if event_scopes(slack_spec, event) != "none":
            needed |= set(event_scopes(slack_spec, event))
    assert bot_scopes(load_manifest()) <= needed


def test_commands_escape_mentions_and_point_at_the_app() -> None:
    manifest = render_manifest("https://circles.example.com/")
    commands = manifest["features"]["slash_commands"]
    assert {c["command"] for c in commands} == {
        "/circle",
        "/goal",
        "/checkin",
        "/kudos",
        "/mentor",
        "/circles",
    }
    assert all(c["should_escape"] for c in commands)
    assert {c["url"] for c in commands} == {"https://circles.example.com/slack/events"}
    assert manifest["settings"]["interactivity"]["request_url"] == "https://circles.example.com/slack/events"


async def test_every_manifest_command_is_answered(bot: Harness) -> None:
    for command in load_manifest()["features"]["slash_commands"]:
        reply = await bot.slack.command("UALICE", command["command"], "help")
        assert reply.response.status_code == 200, command["command"]
        assert texts(reply.last_reply()), f"{command['command']} sent no answer"
