"""The baseline for ack latency: a bare Bolt app that acks `/circle` and does nothing else, served the
same way as Circles (Starlette adapter, uvicorn, one process). `python -m bench.bare_bolt --port N`."""

from __future__ import annotations

import argparse
import os

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def create() -> Starlette:
    # The same double as Circles talks to (Bolt checks the token with auth.test once).
    client = AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = AsyncApp(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    @app.command("/circle")
    async def circle(ack) -> None:  # type: ignore[no-untyped-def]
        await ack("ok")

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
