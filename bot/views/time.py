"""Times in messages: exact for the reader when we know their zone, Slack-localised in channels."""

from __future__ import annotations

from datetime import datetime

from bot.services.schedule import zone


def local(moment: datetime, tz: str) -> str:
    """`Thu Oct 29, 18:00 (America/New_York)`."""
    at = moment.astimezone(zone(tz))
    return f"{at:%a %b %-d, %H:%M} ({tz})"


def for_everyone(moment: datetime, fallback_tz: str) -> str:
    """Slack renders `<!date>` in each reader's own time zone; the fallback is the circle's."""
    at = moment.astimezone(zone(fallback_tz))
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} at {{time}}|{at:%a %b %-d, %H:%M} {fallback_tz}>"
