"""Structured logs: JSON lines naming team and request, never tokens or what people wrote."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator

import pytest
import structlog

from bot.logging import configure_logging
from tests.harness import TOKEN, Harness


@pytest.fixture
def log_lines(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    configure_logging("INFO")
    try:
        yield captured
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
        structlog.reset_defaults()


def parsed(captured: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in captured.getvalue().splitlines() if line.startswith("{")]


async def test_request_logs_carry_team_and_request_ids(bot: Harness, log_lines: io.StringIO) -> None:
    await bot.slack.command("UALICE", "/circle", "join nonexistent-circle-with-a-secret-name")
    await bot.slack.command("UBOB", "/circle", "join another-missing-one")
    errors = [line for line in parsed(log_lines) if line["event"] == "user_error"]
    assert len(errors) == 2
    assert {line["team_id"] for line in errors} == {bot.team_id}
    assert {line["user_id"] for line in errors} == {"UALICE", "UBOB"}
    assert {line["request"] for line in errors} == {"/circle"}
    ids = {line["request_id"] for line in errors}
    assert len(ids) == 2 and all(isinstance(i, str) and len(i) == 12 for i in ids)  # one per request
    assert "secret-name" not in log_lines.getvalue()  # what people typed stays out of the logs


def test_tokens_and_texts_are_redacted(log_lines: io.StringIO) -> None:
    structlog.get_logger("t").info("posting", text="my private answer", token=TOKEN, channel="C1")
    logging.getLogger("slack_bolt").info("plain stdlib line")
    [posting, plain] = parsed(log_lines)
    assert posting["text"] == posting["token"] == "[redacted]"
    assert posting["channel"] == "C1" and posting["level"] == "info"
    assert plain["event"] == "plain stdlib line"
    assert TOKEN not in log_lines.getvalue() and "private answer" not in log_lines.getvalue()
