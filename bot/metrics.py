"""Prometheus metrics, served at /metrics."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

SLACK_RESPONSE_SECONDS = Histogram(
    "circles_slack_response_seconds",
    "Time from receiving a Slack request to answering it (the ack latency)",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3),
)
SENDS = Counter("circles_outbox_sends_total", "Messages the outbox tried to send", ["method", "result"])
RECONCILED = Counter(
    "circles_outbox_reconciled_total", "Doubtful sends looked up in Slack before resending", ["method", "result"]
)
RETRIES = Counter("circles_outbox_retries_total", "Sends put back for a later retry", ["method", "reason"])
OUTBOX_DUE = Gauge("circles_outbox_due", "Outbox rows due for sending at the last claim")
OUTBOX_OLDEST_SECONDS = Gauge("circles_outbox_oldest_due_seconds", "Age of the oldest due outbox row at the last claim")
JOB_RUNS = Counter("circles_job_runs_total", "Scheduled job runs", ["job", "result"])
JOB_LAG_SECONDS = Histogram(
    "circles_job_lag_seconds", "How late a scheduled job run started", ["job"], buckets=(0.1, 0.5, 1, 5, 15, 60, 300)
)
JOB_SECONDS = Histogram("circles_job_seconds", "How long a scheduled job run took", ["job"])
CALENDAR_FEEDS = Counter("circles_calendar_feed_requests_total", "Calendar feed requests", ["result"])
