"""Real `circles serve` processes on real ports, for tests of what only processes show (crashes, replicas)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.slack_double import SlackDouble
from tests.harness import SIGNING_SECRET, TOKEN


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    process: asyncio.subprocess.Process
    http: httpx.AsyncClient
    output: Path  # what the process printed (stdout and stderr)

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no finally blocks, connections dropped mid-call."""
        self.process.send_signal(signal.SIGKILL)


@asynccontextmanager
async def serve(double: SlackDouble, folder: Path, database_url: str, **env: str) -> AsyncIterator[Served]:
    """`circles serve` against the double; stopped (if still running) when the block ends."""
    port = free_port()
    environment = {
        **os.environ,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": double.api_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        **env,
    }
    environment.pop("SLACK_APP_TOKEN", None)
    circles = Path(sys.executable).with_name("circles")
    output = folder / f"serve-{port}.log"
    log = output.open("wb")
    process = await asyncio.create_subprocess_exec(
        str(circles), "serve", "--port", str(port), cwd=folder, env=environment, stdout=log, stderr=log
    )
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as http:
        try:
            for _ in range(400):
                try:
                    if (await http.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
                if process.returncode is not None:
                    break
            else:
                raise AssertionError("circles serve did not become healthy")
            if process.returncode is not None:
                raise AssertionError(f"circles serve exited: {output.read_text()[-2000:]}")
            yield Served(process, http, output)
        finally:
            if process.returncode is None:
                process.terminate()
            await process.wait()
            log.close()
