"""`circles serve`, the README's run command, as a real process on a real port."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest_asyncio

from bot.slack_double import SlackDouble
from bot.slack_double.requests import SlackClientSide
from tests.harness import SIGNING_SECRET, TOKEN, eventually, texts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest_asyncio.fixture
async def served(double: SlackDouble, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": double.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}",
    }
    env.pop("SLACK_APP_TOKEN", None)
    circles = Path(sys.executable).with_name("circles")
    process = await asyncio.create_subprocess_exec(
        str(circles),
        "serve",
        "--port",
        str(port),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as http:
        try:
            for _ in range(200):
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
            else:
                raise AssertionError("circles serve did not become healthy")
            yield http
        finally:
            process.terminate()
            await process.wait()


async def test_serve_migrates_syncs_members_and_answers_signed_commands(
    served: httpx.AsyncClient, double: SlackDouble
) -> None:
    # The scheduler started with the app and ran the member sync once.
    await eventually(lambda: double.calls_to("users.list"))
    slack = SlackClientSide(served, double, SIGNING_SECRET)

    created = await slack.command("UALICE", "/circle", "create Rust")
    assert created.response.status_code == 200
    await eventually(created.replies)  # ack first, the reply follows from the background
    assert "*Rust* is ready" in texts(created.last_reply())

    listed = await slack.command("UBOB", "/circle", "list")
    await eventually(listed.replies)
    assert "Rust" in texts(listed.last_reply())
