"""`GET /calendar/<token>.ics`: a member's private feed on the bot's own HTTP server.

A wrong, revoked or malformed token gets the same bare 404 as a path that doesn't exist, so the
answer tells nothing about which tokens exist. The ETag is a hash of what the feed holds: calendar
clients poll every few minutes, and one that sends it back (If-None-Match) gets 304, unrendered.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.calendars import ics
from bot.deps import Deps
from bot.metrics import CALENDAR_FEEDS

MEDIA_TYPE = "text/calendar; charset=utf-8"
CACHE = "private, max-age=300"  # five minutes: what Google and Apple poll at best anyway


def feed_endpoint(deps: Deps):  # type: ignore[no-untyped-def]
    calendars = deps.calendars()

    async def feed(request: Request) -> Response:
        calendar = await calendars.feed(request.path_params["token"])
        if calendar is None:
            CALENDAR_FEEDS.labels("not_found").inc()
            return Response("Not Found", status_code=404, media_type="text/plain")
        etag = ics.version(calendar)
        headers = {"ETag": etag, "Cache-Control": CACHE}
        if etag in _etags(request.headers.get("if-none-match", "")):
            CALENDAR_FEEDS.labels("not_modified").inc()
            return Response(status_code=304, headers=headers)  # not even rendered
        CALENDAR_FEEDS.labels("sent").inc()
        return Response(ics.feed(calendar), media_type=MEDIA_TYPE, headers=headers)

    return feed


def _etags(header: str) -> set[str]:
    """If-None-Match's list (weak validators compare by their opaque part, as RFC 9110 says)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
