"""Benchmark: `/circle list` at a sustained rate on loopback, the ack and the reply, against the floor.

Three servers in one run, taking turns for several rounds (`--rounds`, 5 by default: one 10 s
round's p99 is decided by a single stall of a noisy 2-core machine, which here reached 5 s in one
of the floor's rounds, so each figure is the median of the rounds', each round's reply p99 printed
beside it), each under the same open-loop load signed as Slack signs it: the floor
(`bench.bare_bolt`: a bare Bolt app that acks and answers through `response_url` with the same
blocks, no database), then `circles serve` on SQLite and on PostgreSQL. Two figures per request:
the ack (until the HTTP answer) and the reply (until the answer reaches the double's
`response_url`, what a person waits for). Failed requests, timeouts and replies that never came
are counted, never raised; a server that died fails the run. A round during which the machine
itself was disturbed (the load generator fell behind its own schedule, or the hypervisor took CPU
from this VM: `steal` in /proc/stat) is taken again and counted.

Goals (issue 15): at 100 req/s both p99s within 1.3x the floor's; at 200 req/s no errors and no
worse than the floor; at 50 req/s no regression.

Run: `.venv/bin/python -m bench.ack_latency [--rate 100] [--seconds 10] [--rounds 5] [--profile DIR]`; with
`--profile`, each server is sampled by py-spy during its load and `python -m bench.profile_summary
DIR/<server>.txt` says where its time went.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from bench.bare_bolt import CIRCLE
from bench.common import (
    circles_command,
    circles_env,
    command_body,
    double_process,
    free_port,
    postgres_database,
    process,
    profiled,
    signed,
    sqlite_url,
    stolen_seconds,
    summary,
)
from bot.views.circle_list import circle_list

EXPECTED_REPLY = circle_list([CIRCLE])["text"]  # both servers list the same one circle
REPLY_WAIT_SECONDS = 10  # after the last request: how long a reply may still take to count as late, not lost
# A round measured the machine, not the server, when the load generator itself fell this far behind
# its schedule, or when the hypervisor took more than this share of the round from the VM (seen
# here: 0.01-0.02 s a second when quiet, 0.2 s a second in bursts that stalled the floor for 3-6 s).
# Such a round is taken again, up to RETAKES times, and the count is printed.
STALLED_SECONDS = 0.2
STOLEN_PER_SECOND = 0.05
RETAKES = 3


@dataclass
class Run:
    """One server's load: latencies of what was answered, and every failure counted by kind."""

    name: str
    acks: list[float] = field(default_factory=list)
    replies: list[float] = field(default_factory=list)
    sent: dict[str, float] = field(default_factory=dict)  # response key → when the request left
    errors: Counter[str] = field(default_factory=Counter)
    server_failed: str | None = None  # the server process died during the run
    sender_late: float = 0.0  # the most the load generator fell behind its own schedule, seconds
    stolen: float = 0.0  # CPU seconds the hypervisor took from this VM during the load
    retaken: int = 0  # how many times this round was taken again because the machine stalled


async def load(server: asyncio.subprocess.Process, port: int, api_url: str, args: argparse.Namespace, run: Run) -> Run:
    """Open-loop load; never raises for a failed request: timeouts, resets and non-200s are counted."""
    rate, seconds, profile = args.rate, args.seconds, args.profile

    async def one(http: httpx.AsyncClient, n: int) -> None:
        key = uuid.uuid4().hex[:16]
        body = command_body(api_url, f"U{n % 200:06d}", "list", response_key=key)
        started = time.monotonic()
        run.sent[key] = started
        try:
            response = await http.post("/slack/events", content=body, headers=signed(body))
        except httpx.HTTPError as error:  # PoolTimeout, ReadError, ConnectError, ...
            run.errors[type(error).__name__] += 1
            return
        run.acks.append(time.monotonic() - started)
        if response.status_code != 200:
            run.errors[f"HTTP {response.status_code}"] += 1

    limits = httpx.Limits(max_connections=400, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10, limits=limits) as http:
        for n in range(20):  # warm up: connections, caches, the first queries
            await one(http, n)
        await asyncio.sleep(0.5)
        run.acks.clear()
        run.errors.clear()
        run.sent.clear()
        tasks = []
        # The load generator's own collector pauses would show up as every server's latency.
        gc.collect()
        gc.freeze()
        gc.disable()
        stolen = stolen_seconds()
        async with profiled(server.pid, run.name, profile):
            start = time.monotonic()
            for n in range(int(rate * seconds)):
                delay = start + n / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                else:
                    run.sender_late = max(run.sender_late, -delay)
                tasks.append(asyncio.create_task(one(http, n)))
            await asyncio.gather(*tasks)
        run.stolen = stolen_seconds() - stolen
        gc.enable()
        gc.unfreeze()
    await collect_replies(api_url, run)
    return watched(run, server)


async def replies_to(api_url: str, run: Run, wait: float) -> dict[str, tuple[float, str]]:
    """The double's `response_url` arrivals (when, and the reply's text) for the requests `run`
    sent, polled until all came or `wait` seconds passed."""
    waiting_until = time.monotonic() + wait
    arrived: dict[str, tuple[float, str]] = {}
    async with httpx.AsyncClient(timeout=30) as http:
        while True:
            try:
                listed = (await http.get(api_url.removesuffix("api/") + "responses")).json()["responses"]
            except (httpx.HTTPError, ValueError) as error:  # the double died: what didn't arrive counts as lost
                print(f"{run.name}: the Slack double did not answer ({error!r})", file=sys.stderr)
                return arrived
            arrived = {key: (received, text) for key, received, text in listed if key in run.sent}
            if len(arrived) == len(run.sent) or time.monotonic() > waiting_until:
                return arrived
            await asyncio.sleep(0.2)


async def collect_replies(api_url: str, run: Run) -> None:
    """Match the replies to the requests sent; a missing one, or one that isn't the list, is an error."""
    arrived = await replies_to(api_url, run, REPLY_WAIT_SECONDS)
    run.replies = [arrived[key][0] - sent for key, sent in run.sent.items() if key in arrived]
    if missing := len(run.sent) - len(arrived):
        run.errors["no reply"] += missing
    wrong = [text for _, text in arrived.values() if text != EXPECTED_REPLY]
    if wrong:
        run.errors["not the list"] += len(wrong)
        print(f"{run.name}: {len(wrong)} replies were not the list, e.g. {wrong[0][:120]!r}", file=sys.stderr)


@dataclass
class Figures:
    """One server over every round: the median of the rounds' percentiles (a 10 s round's p99 is
    decided by one 30-70 ms stall of this 2-core machine, which hits the floor as often), errors
    summed, and each round's reply p99 shown beside it."""

    name: str
    ack: tuple[float, float]  # p50, p99
    reply: tuple[float, float]
    errors: Counter[str]
    reply_p99s: list[float]
    server_failed: str | None
    retaken: int  # rounds taken again because the load generator itself stalled

    @classmethod
    def of(cls, runs: list[Run]) -> Figures:
        acks = [summary(run.acks) for run in runs]
        replies = [summary(run.replies) for run in runs]
        errors: Counter[str] = Counter()
        for run in runs:
            errors.update(run.errors)
        return cls(
            name=runs[0].name,
            ack=(statistics.median(a[0] for a in acks), statistics.median(a[1] for a in acks)),
            reply=(statistics.median(r[0] for r in replies), statistics.median(r[1] for r in replies)),
            errors=errors,
            reply_p99s=[r[1] for r in replies],
            server_failed=next((run.server_failed for run in runs if run.server_failed), None),
            retaken=sum(run.retaken for run in runs),
        )


def verdict(rate: float, floor: Figures, server: Figures) -> str:
    """This server against the issue's goal for the rate."""
    if server is floor:
        return "the floor"
    ack_ratio = server.ack[1] / floor.ack[1]
    reply_ratio = server.reply[1] / floor.reply[1]
    errors = sum(server.errors.values())
    if rate >= 200:
        met = errors == 0 and ack_ratio <= 1.0 and reply_ratio <= 1.0
        return f"{'met' if met else 'not met'} (no errors, no worse than the floor)"
    if rate >= 100:
        met = ack_ratio <= 1.3 and reply_ratio <= 1.3
        return f"{'met' if met else 'not met'} (p99s within 1.3x the floor)"
    return "compare with the last figures in README (no regression)"


def report(rate: float, seconds: float, rounds: int, rows: list[Figures]) -> None:
    floor = rows[0]
    print(
        f"\n/circle list at {rate:g} req/s, {rounds} round(s) of {seconds:g} s per server "
        f"({int(rate * seconds)} requests a round), medians of the rounds"
    )
    print(
        f"{'server':<22}{'ack p50':>9}{'p99':>8}{'reply p50':>11}{'p99':>8}"
        f"{'p99 / floor':>14}{'errors':>8}  kinds; goal; each round's reply p99; rounds retaken"
    )
    for row in rows:
        ratios = f"{row.ack[1] / floor.ack[1]:.2f}/{row.reply[1] / floor.reply[1]:.2f}x"
        kinds = ", ".join(f"{kind} {count}" for kind, count in row.errors.most_common()) or "-"
        each = " ".join(f"{p99:.1f}" for p99 in row.reply_p99s)
        print(
            f"{row.name:<22}{row.ack[0]:>9.1f}{row.ack[1]:>8.1f}{row.reply[0]:>11.1f}{row.reply[1]:>8.1f}"
            f"{ratios:>14}{sum(row.errors.values()):>8}  {kinds}; {verdict(rate, floor, row)}; {each}; {row.retaken}"
        )
    print("milliseconds; ack = until the HTTP answer, reply = until the blocks reach response_url")


async def main(args: argparse.Namespace) -> None:
    rounds: list[list[Run]] = []
    for _ in range(args.rounds):  # the servers take turns, so slow drift hits each alike
        # A fresh Slack double a round: each round's `/circle create Rust` makes its channel anew.
        async with double_process(users=200) as api_url:
            runs = [
                await retaken(lambda: measure_floor(api_url, args), args.seconds),
                await retaken(lambda: measure_circles("Circles, SQLite", api_url, sqlite_url(), args), args.seconds),
            ]
            async with postgres_database() as url:
                if url is None:
                    print("PostgreSQL: no server on 127.0.0.1:5432, skipped")
                else:
                    pg = await retaken(lambda: measure_circles("Circles, PostgreSQL", api_url, url, args), args.seconds)
                    runs.append(pg)
            rounds.append(runs)
    rows = [Figures.of([runs[i] for runs in rounds]) for i in range(len(rounds[0]))]
    report(args.rate, args.seconds, args.rounds, rows)
    failed = [row for row in rows if row.server_failed]
    for row in failed:
        print(f"{row.name}: the server failed during a run ({row.server_failed})", file=sys.stderr)
    if failed:
        raise SystemExit(1)


async def retaken(measure: Callable[[], Awaitable[Run]], seconds: float) -> Run:
    """One server's round, taken again while the machine itself was disturbed (`disturbance`)."""
    for attempt in range(RETAKES + 1):
        run = await measure()
        run.retaken = attempt
        why = disturbance(run, seconds)
        if why is None or run.server_failed:
            break
        print(
            f"{run.name}: {why} (reply p99 {summary(run.replies)[1]:.0f} ms): the machine was measured; "
            + ("taking the round again" if attempt < RETAKES else f"kept after {RETAKES} retakes"),
            file=sys.stderr,
        )
    return run


def disturbance(run: Run, seconds: float) -> str | None:
    if run.sender_late > STALLED_SECONDS:
        return f"the load generator itself stalled {run.sender_late * 1000:.0f} ms"
    if run.stolen > STOLEN_PER_SECOND * seconds:
        return f"the hypervisor took {run.stolen:.2f} s of CPU from this VM"
    return None


async def measure_floor(api_url: str, args: argparse.Namespace) -> Run:
    port = free_port()
    command = [sys.executable, "-m", "bench.bare_bolt", "--port", str(port)]
    async with process(command, port, circles_env(api_url, "unused")) as server:
        return await load(server, port, api_url, args, Run("floor (bare Bolt)"))


def watched(run: Run, server: asyncio.subprocess.Process) -> Run:
    if server.returncode is not None:
        run.server_failed = f"exited with {server.returncode}"
    return run


async def measure_circles(name: str, api_url: str, database_url: str, args: argparse.Namespace) -> Run:
    port = free_port()
    async with process(circles_command(port), port, circles_env(api_url, database_url)) as server:
        # The circle the floor lists, made through the app as a person would.
        setup = Run(name)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            key = uuid.uuid4().hex[:16]
            body = command_body(api_url, "U000000", "create Rust", response_key=key)
            setup.sent[key] = time.monotonic()
            await http.post("/slack/events", content=body, headers=signed(body))
        created = await replies_to(api_url, setup, REPLY_WAIT_SECONDS)
        if not created.get(key, (0, ""))[1].startswith(":seedling:"):
            print(f"{name}: `/circle create Rust` answered {created.get(key)!r}", file=sys.stderr)
            return Run(name, server_failed="could not create the circle to list")
        await asyncio.sleep(1)
        return await load(server, port, api_url, args, Run(name))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=5, help="rounds per server, taken in turns (default 5)")
    parser.add_argument("--profile", metavar="DIR", help="sample each server with py-spy under the load, into DIR")
    asyncio.run(main(parser.parse_args()))
