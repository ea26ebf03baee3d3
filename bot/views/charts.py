"""The digest's participation chart: a small PNG drawn with matplotlib's headless backend."""

from __future__ import annotations

import io

from bot.services.digest import WeekParticipation

SIZE_INCHES = (6.0, 2.5)
DPI = 100  # a 600 by 250 pixel image


def participation_png(weeks: list[WeekParticipation], title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")  # no display on servers
    from matplotlib import pyplot as plt

    labels = [w.week_start.strftime("%b %-d") for w in weeks]
    shares = [100 * w.answered / w.members if w.members else 0 for w in weeks]
    figure, axes = plt.subplots(figsize=SIZE_INCHES, dpi=DPI)
    try:
        axes.bar(labels, shares, color="#2f4858")
        axes.set_ylim(0, 100)
        axes.set_ylabel("% checked in")
        axes.set_title(title, fontsize=10)
        axes.tick_params(axis="x", labelsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()
    finally:
        plt.close(figure)
