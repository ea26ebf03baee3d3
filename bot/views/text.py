"""Helpers for putting user-written text into mrkdwn safely and within Slack's length limits."""

from __future__ import annotations


def escape(text: str) -> str:
    """Slack's three control characters; everything else is fine in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
