"""The floor for `/circle list`: a bare Bolt app that acks and answers through `response_url` with the
same blocks Circles sends (one circle, built by the same view), but without a database. Served the
same way as Circles (Starlette adapter, uvicorn, one process). `python -m bench.bare_bolt --port N`."""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.services.circles import CircleSummary
from bot.views.circle_list import circle_list

# What Circles' benchmark database holds when the load starts: one circle, made by U000000.
CIRCLE = CircleSummary(
    id=1,
    name="Rust",
    description="",
    channel_id="C00000001",
    created_by="U000000",
    created_at=datetime(2026, 1, 1, tzinfo=UTC),
    member_count=1,
    is_member=False,
)


def create() -> Starlette:
    # The same double as Circles talks to (Bolt checks the token with auth.test once).
    client = AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = AsyncApp(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    @app.command("/circle")
    async def circle(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond(**circle_list([CIRCLE]))

    handler = AsyncSlackRequestHandler(app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"]), Route("/healthz", healthz)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    uvicorn.run(create(), host="127.0.0.1", port=parser.parse_args().port, log_config=None, access_log=False)


if __name__ == "__main__":
    main()
