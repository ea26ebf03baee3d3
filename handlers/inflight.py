"""Listeners still running after Bolt answered Slack (ack-first mode), so shutdown can let them finish."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

_running: set[asyncio.Task[object]] = set()


@contextlib.contextmanager
def tracked() -> Iterator[None]:
    task = asyncio.current_task()
    if task is not None:
        _running.add(task)
    try:
        yield
    finally:
        if task is not None:
            _running.discard(task)


async def drain(within: float = 10.0) -> None:
    """Wait (up to `within` seconds) for running listeners, e.g. before the process stops."""
    others = [task for task in _running if task is not asyncio.current_task()]
    if others:
        await asyncio.wait(others, timeout=within)
