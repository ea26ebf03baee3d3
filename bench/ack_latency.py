"""Benchmark: slash-command ack latency at a sustained 50 requests/s on loopback.

`circles serve` on SQLite and on PostgreSQL, side by side with a bare Bolt app served the same way
(the baseline, measured in the same run). Requests are sent open-loop on a fixed schedule, signed as
Slack signs them; latency is until the HTTP answer (the ack). Goals: p99 <= 50 ms, p50 <= 1.5x bare.

Run: `.venv/bin/python -m bench.ack_latency [--rate 50] [--seconds 20]`
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from bench.common import (
    circles_command,
    circles_env,
    command_body,
    double_process,
    free_port,
    postgres_database,
    process,
    signed,
    sqlite_url,
    summary,
)

# A mix of what people type: answered from the database after the ack (list, info, help).
TEXTS = ["list", "info Rust", "help", "list", "join Rust"]


@dataclass
class Run:
    """One server's load: the latencies of answered requests, and every failure counted by kind."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    server_failed: str | None = None  # the server process died during the run


async def load(port: int, api_url: str, rate: float, seconds: float, run: Run) -> Run:
    """Open-loop load; never raises for a failed request: timeouts, resets and non-200s are counted."""

    async def one(http: httpx.AsyncClient, n: int) -> None:
        body = command_body(api_url, f"U{n % 200:06d}", TEXTS[n % len(TEXTS)])
        started = time.perf_counter()
        try:
            response = await http.post("/slack/events", content=body, headers=signed(body))
        except httpx.HTTPError as error:  # PoolTimeout, ReadError, ConnectError, ...
            run.errors[type(error).__name__] += 1
            return
        run.latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            run.errors[f"HTTP {response.status_code}"] += 1

    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10, limits=limits) as http:
        for n in range(20):  # warm up: connections, caches, the first queries
            await one(http, n)
        run.latencies.clear()
        run.errors.clear()
        tasks = []
        start = time.perf_counter()
        for n in range(int(rate * seconds)):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(http, n)))
        await asyncio.gather(*tasks)
    return run


async def main(args: argparse.Namespace) -> None:
    async with double_process(users=200) as api_url:
        rows = [
            await measure_bare(api_url, args),
            await measure_circles("Circles, SQLite", api_url, sqlite_url(), args),
        ]
        async with postgres_database() as url:
            if url is None:
                print("PostgreSQL: no server on 127.0.0.1:5432, skipped")
            else:
                rows.append(await measure_circles("Circles, PostgreSQL", api_url, url, args))
    sent = int(args.rate * args.seconds)
    base = summary(rows[0].latencies)[0]
    print(f"\nack latency at {args.rate:g} req/s for {args.seconds:g} s ({sent} requests)")
    print(f"{'server':<22}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}{'p50 / bare':>12}{'errors':>8}  kinds")
    for run in rows:
        p50, p99, mean = summary(run.latencies)
        ratio = p50 / base if base and not math.isnan(base) else math.nan
        kinds = ", ".join(f"{kind} {count}" for kind, count in run.errors.most_common()) or "-"
        print(f"{run.name:<22}{p50:>9.1f}{p99:>9.1f}{mean:>9.1f}{ratio:>11.2f}x{sum(run.errors.values()):>8}  {kinds}")
    print("goals: p99 <= 50 ms, p50 <= 1.5x bare Bolt, no errors")
    failed = [run for run in rows if run.server_failed]
    for run in failed:
        print(f"{run.name}: the server failed during the run ({run.server_failed})", file=sys.stderr)
    if failed:
        raise SystemExit(1)


async def measure_bare(api_url: str, args: argparse.Namespace) -> Run:
    port = free_port()
    command = [sys.executable, "-m", "bench.bare_bolt", "--port", str(port)]
    async with process(command, port, circles_env(api_url, "unused")) as server:
        return watched(await load(port, api_url, args.rate, args.seconds, Run("bare Bolt")), server)


def watched(run: Run, server: asyncio.subprocess.Process) -> Run:
    if server.returncode is not None:
        run.server_failed = f"exited with {server.returncode}"
    return run


async def measure_circles(name: str, api_url: str, database_url: str, args: argparse.Namespace) -> Run:
    port = free_port()
    async with process(circles_command(port), port, circles_env(api_url, database_url)) as server:
        # A circle to look at, made through the app as a person would.
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            body = command_body(api_url, "U000000", "create Rust")
            await http.post("/slack/events", content=body, headers=signed(body))
        await asyncio.sleep(1)
        return watched(await load(port, api_url, args.rate, args.seconds, Run(name)), server)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    asyncio.run(main(parser.parse_args()))
