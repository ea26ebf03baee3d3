"""The one place an `AsyncWebClient` is built, so every caller gets the same retries and base URL."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings


def create_client(settings: Settings, token: str | None = None) -> AsyncWebClient:
    # slack_sdk retries only connection errors by default; 429s (with Retry-After) and 5xx are ours to add.
    backoff = BackoffRetryIntervalCalculator(backoff_factor=settings.slack_retry_backoff_seconds)
    return AsyncWebClient(
        token=token or settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=15,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
        ],
    )


def outbox_client(client: AsyncWebClient) -> AsyncWebClient:
    """`client` without retries, for the outbox sender, which retries in its own way.

    After a 5xx or a dropped connection Slack may already have posted the message; a blind retry
    would post it twice, so the outbox looks for the message before resending. After a 429 it
    pauses that method for the workspace for Retry-After seconds and puts the row back, instead of
    sleeping in the middle of a batch.
    """
    return AsyncWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        session=client.session,
        retry_handlers=[],
    )
