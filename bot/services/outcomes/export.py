"""The outcome report as rows: CSV and JSON (a withheld figure is written as `<5`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from bot.services.outcomes.shapes import METRICS, MIN_PEOPLE, SHARES, OutcomeReport

COLUMNS = ("scope", "name", "metric", "value", "n", "meaning")


def to_rows(report: OutcomeReport) -> Iterator[dict[str, Any]]:
    for scope in report.scopes:
        yield {
            "scope": scope.kind,
            "name": scope.name,
            "metric": "people",
            "value": scope.people if scope.people >= MIN_PEOPLE else "<5",
            "n": scope.people if scope.people >= MIN_PEOPLE else "",
            "meaning": "people taking part",
        }
        for metric, figure in scope.figures.items():
            value: Any = "<5" if figure.withheld else figure.value
            if isinstance(value, float):
                value = round(value, 3)
            yield {
                "scope": scope.kind,
                "name": scope.name,
                "metric": metric,
                "value": value,
                "n": figure.n,
                "meaning": METRICS[metric] + (" (share, 0-1)" if metric in SHARES else ""),
            }
        for week, rate in scope.engagement:
            yield {
                "scope": scope.kind,
                "name": scope.name,
                "metric": f"checkin_response_week_{week.isoformat()}",
                "value": "<5" if rate is None else round(rate, 3),
                "n": "",
                "meaning": "weekly check-in engagement",
            }
        for step, count in scope.skill_changes.items():
            yield {
                "scope": scope.kind,
                "name": scope.name,
                "metric": f"skill_change_{step:+d}",
                "value": count,
                "n": "",
                "meaning": "people whose skill rating changed by this many steps",
            }


def to_csv(report: OutcomeReport) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in to_rows(report):
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return buffer.getvalue()


def to_json(report: OutcomeReport) -> dict[str, Any]:
    return {"team_id": report.team_id, "generated_at": report.generated_at.isoformat(), "rows": list(to_rows(report))}
