"""Benchmark: resident memory of `circles serve`, idle and with a 100,000-member workspace.

Idle: a fresh SQLite database, a two-person workspace, after start-up settles. Loaded: the member
sync has stored all 100,000 people of the Slack double's workspace (users.list, 200 a page) and the
scheduler has ticked. The idle figure is the baseline for the ratio.

Run: `.venv/bin/python -m bench.memory_bench [--members 100000]`
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import time

from bench.common import circles_command, circles_env, double_process, free_port, process, rss_mib, sqlite_url


async def settled_rss(members: int, wait_for_members: int) -> tuple[float, float]:
    """RSS once the member table holds `wait_for_members` people and a few ticks have passed."""
    async with double_process(users=members) as api_url:
        url = sqlite_url()
        port = free_port()
        started = time.perf_counter()
        async with process(circles_command(port), port, circles_env(api_url, url)) as child:
            path = url.removeprefix("sqlite:///")
            for _ in range(3600):
                if _members(path) >= wait_for_members:
                    break
                await asyncio.sleep(0.5)
            synced = time.perf_counter() - started
            await asyncio.sleep(5)  # a few delivery ticks, garbage collected
            return rss_mib(child.pid), synced


def _members(path: str) -> int:
    try:
        with sqlite3.connect(path) as connection:
            return int(connection.execute("SELECT count(*) FROM member").fetchone()[0])
    except sqlite3.Error:
        return 0


async def main(args: argparse.Namespace) -> None:
    idle, _ = await settled_rss(0, 2)
    loaded, synced = await settled_rss(args.members, args.members)
    print("\nresident memory of `circles serve` (SQLite)")
    print(f"idle, empty workspace       {idle:7.1f} MiB")
    print(
        f"{args.members:,} members synced   {loaded:7.1f} MiB   {loaded / idle:.2f}x idle  (sync took {synced:.0f} s)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000)
    asyncio.run(main(parser.parse_args()))
