"""Block Kit, rendered approximately as HTML for the simulation report (no scripts, no remote assets)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")
DATE = re.compile(r"<!date\^\d+\^[^|>]*\|([^>]*)>")
LINK = re.compile(r"<(https?://[^|>]+)(?:\|([^>]*))?>")
SPECIAL = re.compile(r"<!(here|channel|everyone)>")


def plain(text: str, names: Mapping[str, str], channels: Mapping[str, str]) -> str:
    """mrkdwn as a person reads it in plain text: names instead of ids, dates by their fallback."""
    text = MENTION.sub(lambda m: "@" + names.get(m[1], m[1]), text)
    text = CHANNEL.sub(lambda m: "#" + (m[2] or channels.get(m[1], m[1])), text)
    text = DATE.sub(lambda m: m[1], text)
    text = LINK.sub(lambda m: f"{m[2]} ({m[1]})" if m[2] else m[1], text)
    return SPECIAL.sub(lambda m: "@" + m[1], text)


def mrkdwn(text: str, names: Mapping[str, str], channels: Mapping[str, str]) -> str:
    """Slack's mrkdwn as HTML: mentions by name, dates by their fallback, *bold*, _italic_, `code`, links."""
    placeholders: list[str] = []

    def keep(fragment: str) -> str:
        placeholders.append(fragment)
        return f"\x00{len(placeholders) - 1}\x00"

    text = MENTION.sub(lambda m: keep(f'<span class="mention">@{html.escape(names.get(m[1], m[1]))}</span>'), text)
    text = CHANNEL.sub(
        lambda m: keep(f'<span class="mention">#{html.escape(m[2] or channels.get(m[1], m[1]))}</span>'), text
    )
    text = DATE.sub(lambda m: keep(html.escape(m[1])), text)
    text = LINK.sub(lambda m: keep(f'<a href="{html.escape(m[1])}">{html.escape(m[2] or m[1])}</a>'), text)
    text = SPECIAL.sub(lambda m: keep(f'<span class="mention">@{m[1]}</span>'), text)
    text = html.escape(text, quote=False)
    text = re.sub(r"`([^`\n]+)`", r"<code>\1</code>", text)
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"<b>\1</b>", text)
    text = re.sub(r"(?<![\w_])_([^_\n]+)_(?![\w_])", r"<i>\1</i>", text)
    text = re.sub(r"(?<![\w~])~([^~\n]+)~(?![\w~])", r"<s>\1</s>", text)
    text = re.sub(r":([a-z0-9_+-]+):", r'<span class="emoji">:\1:</span>', text)
    text = re.sub(r"^&gt;\s?(.*)$", r"<blockquote>\1</blockquote>", text, flags=re.M)
    text = text.replace("\n", "<br>").replace("</blockquote><br>", "</blockquote>")
    return re.sub(r"\x00(\d+)\x00", lambda m: placeholders[int(m[1])], text)


def _text(obj: Any, names: Mapping[str, str], channels: Mapping[str, str]) -> str:
    if not isinstance(obj, dict):
        return ""
    raw = str(obj.get("text") or "")
    return mrkdwn(raw, names, channels) if obj.get("type") == "mrkdwn" else html.escape(raw)


def _element(element: dict[str, Any], names: Mapping[str, str], channels: Mapping[str, str]) -> str:
    kind = element.get("type")
    if kind == "button":
        style = f" {element['style']}" if element.get("style") in ("primary", "danger") else ""
        return f'<span class="button{style}">{_text(element.get("text"), names, channels)}</span>'
    if kind == "image":
        return f'<span class="image">[{html.escape(str(element.get("alt_text", "image")))}]</span>'
    if kind in ("mrkdwn", "plain_text"):
        return _text(element, names, channels)
    placeholder = _text(element.get("placeholder"), names, channels) or html.escape(str(kind).replace("_", " "))
    return f'<span class="input">{placeholder}</span>'


def blocks_html(blocks: list[dict[str, Any]], names: Mapping[str, str], channels: Mapping[str, str]) -> str:
    parts: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            parts.append(f"<h4>{_text(block.get('text'), names, channels)}</h4>")
        elif kind == "section":
            body = _text(block.get("text"), names, channels)
            fields = "".join(f"<div>{_text(f, names, channels)}</div>" for f in block.get("fields") or [])
            accessory = _element(block["accessory"], names, channels) if block.get("accessory") else ""
            fields_html = f'<div class="fields">{fields}</div>' if fields else ""
            parts.append(f'<div class="section"><div>{body}</div>{fields_html}{accessory}</div>')
        elif kind == "context":
            inner = " ".join(_element(e, names, channels) for e in block.get("elements") or [])
            parts.append(f'<div class="context">{inner}</div>')
        elif kind == "actions":
            inner = " ".join(_element(e, names, channels) for e in block.get("elements") or [])
            parts.append(f'<div class="actions">{inner}</div>')
        elif kind == "divider":
            parts.append("<hr>")
        elif kind == "image":
            parts.append(f'<div class="image">[{html.escape(str(block.get("alt_text", "image")))}]</div>')
        elif kind == "input":
            label = _text(block.get("label"), names, channels)
            parts.append(
                f'<div class="section"><b>{label}</b> {_element(block.get("element") or {}, names, channels)}</div>'
            )
        else:
            parts.append(f'<div class="context">[{html.escape(str(kind))} block]</div>')
    return "\n".join(parts)
