"""What the benchmarks share: the Slack double, `circles serve` processes, signed requests, RSS."""

from __future__ import annotations

import asyncio
import math
import os
import signal
import socket
import statistics
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from bot.slack_double.requests import signed_headers

TOKEN = "xoxb-circles-bench"
SECRET = "bench-signing-secret"
POSTGRES = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def double_process(users: int = 200) -> AsyncIterator[str]:
    """The Slack double in a process of its own (so its work doesn't slow the load generator)."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.slack_double",
        "--token",
        TOKEN,
        "--users",
        str(users),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        assert child.stdout is not None
        line = (await child.stdout.readline()).decode().strip()
        yield line.split("=", 1)[1]
    finally:
        child.terminate()
        await child.wait()


@asynccontextmanager
async def process(command: Sequence[str], port: int, env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    """A server process, waited for on /healthz (or its port), stopped at the end."""
    child = await asyncio.create_subprocess_exec(
        *command, env={**os.environ, **env}, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=2) as http:
            for _ in range(600):
                try:
                    await http.get("/healthz")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
            else:
                raise RuntimeError(f"{command[0]} did not start")
        yield child
    finally:
        if child.returncode is None:
            child.terminate()
        await child.wait()


@asynccontextmanager
async def profiled(pid: int, name: str, directory: str | None) -> AsyncIterator[None]:
    """Sample `pid` with py-spy while the block runs (nothing when `directory` is None): collapsed
    stacks in `directory/<name>.txt`, ready for `python -m bench.profile_summary` or a flame graph."""
    if directory is None:
        yield
        return
    spy = Path(sys.executable).with_name("py-spy")
    out = Path(directory) / f"{name.replace(' ', '_').replace(',', '')}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [str(spy), "record", "--pid", str(pid), "--rate", "100", "--format", "raw", "--output", str(out)]
    try:
        sampler = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
        )
    except OSError as error:  # no py-spy: the figures still count, without a profile
        print(f"profile of {name} skipped: {error} (pip install py-spy)", file=sys.stderr)
        yield
        return
    try:
        yield
    finally:
        sampler.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C
        await sampler.wait()


def circles_command(port: int) -> list[str]:
    return [str(Path(sys.executable).with_name("circles")), "serve", "--port", str(port)]


def circles_env(api_url: str, database_url: str, **extra: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def sqlite_url() -> str:
    return f"sqlite:///{tempfile.mkdtemp(prefix='circles-bench-')}/bench.db"


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str | None]:
    """A fresh database on the local server (None when there is no server)."""
    server = make_url(POSTGRES.replace("+asyncpg", ""))
    name = f"circles_bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = await asyncpg.connect(server.render_as_string(hide_password=False))
    except (OSError, asyncpg.PostgresError):
        yield None
        return
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def command_body(
    api_url: str, user_id: str, text: str, command: str = "/circle", response_key: str | None = None
) -> bytes:
    """A slash command's form, as Slack posts it; replies go to the double's `/response/<response_key>`."""
    key = response_key or uuid.uuid4().hex[:16]
    return urlencode(
        {
            "team_id": "T0CIRCLES",
            "team_domain": "bench",
            "channel_id": "CGENERAL",
            "channel_name": "general",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": "ABENCH",
            "response_url": api_url.removesuffix("/api/") + f"/response/{key}",
            "trigger_id": f"{uuid.uuid4().int % 10**10}.{uuid.uuid4().hex[:16]}",
        }
    ).encode()


def signed(body: bytes) -> dict[str, str]:
    return signed_headers(SECRET, body, "application/x-www-form-urlencoded")


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    """p50, p99 and mean, in milliseconds (NaN when nothing was measured: every request failed)."""
    if not values:
        return math.nan, math.nan, math.nan
    return percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000, statistics.fmean(values) * 1000


def stolen_seconds() -> float:
    """CPU time the hypervisor took from this VM so far (`steal` in /proc/stat), summed over its
    CPUs; 0 where the kernel doesn't say (not Linux, or not a VM)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return 0.0
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if fields[0] == "cpu" and len(fields) > 8 else 0.0


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")
