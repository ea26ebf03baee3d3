"""Charts as small PNGs drawn with matplotlib's headless backend: the digest's participation, the
outcome report's engagement over time and skill changes."""

from __future__ import annotations

import io
from datetime import date

from bot.services.digest import WeekParticipation

SIZE_INCHES = (6.0, 2.5)
DPI = 100  # a 600 by 250 pixel image


def participation_png(weeks: list[WeekParticipation], title: str) -> bytes:
    plt = _pyplot()
    labels = [w.week_start.strftime("%b %-d") for w in weeks]
    shares = [100 * w.answered / w.members if w.members else 0 for w in weeks]
    figure, axes = plt.subplots(figsize=SIZE_INCHES, dpi=DPI)
    try:
        axes.bar(labels, shares, color="#2f4858")
        axes.set_ylim(0, 100)
        axes.set_ylabel("% checked in")
        axes.set_title(title, fontsize=10)
        axes.tick_params(axis="x", labelsize=8)
        return _png(figure)
    finally:
        plt.close(figure)


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")  # no display on servers
    from matplotlib import pyplot as plt

    return plt


def _png(figure) -> bytes:  # type: ignore[no-untyped-def]
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def engagement_png(series: dict[str, list[tuple[date, float | None]]], title: str) -> bytes:
    """Weekly check-in engagement, one line per scope; a week drawn from fewer than five people is a gap."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7.0, 3.0), dpi=DPI)
    try:
        for name, weeks in series.items():
            axes.plot(
                [w for w, _ in weeks],
                [None if rate is None else 100 * rate for _, rate in weeks],
                marker="o",
                markersize=3,
                label=name,
            )
        from matplotlib.dates import DateFormatter

        axes.xaxis.set_major_formatter(DateFormatter("%b %d"))
        axes.set_ylim(0, 100)
        axes.set_ylabel("% of prompts answered")
        axes.set_title(title, fontsize=10)
        axes.tick_params(axis="x", labelsize=7, labelrotation=30)
        if len(series) > 1:
            axes.legend(fontsize=7, loc="lower left")
        return _png(figure)
    finally:
        plt.close(figure)


def skill_changes_png(changes: dict[int, int], title: str) -> bytes:
    """How many people's self-rated skill moved by each step (after minus before)."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=SIZE_INCHES, dpi=DPI)
    try:
        steps = list(range(-4, 5))
        axes.bar([f"{s:+d}" for s in steps], [changes.get(s, 0) for s in steps], color="#2f4858")
        axes.set_xlabel("change in skill rating (1-5 scale)")
        axes.set_ylabel("people")
        axes.set_title(title, fontsize=10)
        return _png(figure)
    finally:
        plt.close(figure)
