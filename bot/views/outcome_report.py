"""The outcome report as one HTML file (charts embedded, no scripts: it opens offline), and its
short Slack form for `/circles admin outcomes`."""

from __future__ import annotations

import base64
import html

from slack_sdk.models.blocks import HeaderBlock, MarkdownTextObject, SectionBlock

from bot.services.outcomes import METRICS, Figure, OutcomeReport, Scope
from bot.services.outcomes.shapes import MIN_PEOPLE, SHARES
from bot.views import charts
from bot.views.blocks import note
from bot.views.message import Message, message

STYLE = """
body { font: 15px/1.45 -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d1c1d; background: #f8f8f8; }
header, main { max-width: 1100px; margin: 0 auto; padding: 16px 24px; }
header { background: #3f0e40; color: #fff; max-width: none; }
h1 { margin: 0 0 4px; font-size: 22px; } h2 { margin-top: 32px; }
table { border-collapse: collapse; background: #fff; margin: 8px 0; }
td, th { border: 1px solid #ddd; padding: 4px 8px; text-align: right; font-size: 14px; }
th:first-child, td:first-child { text-align: left; }
.withheld { color: #616061; } .n { color: #616061; font-size: 12px; }
img { max-width: 100%; background: #fff; border: 1px solid #ddd; }
"""
# What the per-circle and per-program tables show (the overall section shows every figure).
CIRCLE_COLUMNS = (
    "goal_completion",
    "checkin_response",
    "confidence",
    "meeting_attendance",
    "retained_3m",
    "retained_6m",
    "taking_part_3m",
)
PROGRAM_COLUMNS = (
    "skill_growth",
    "meetings_per_pair",
    "pairs_at_risk",
    "usefulness",
    "fit",
    "would_recommend",
    "retained_3m",
    "retained_6m",
)


def shown(metric: str, figure: Figure) -> str:
    """A figure as people read it: `64%`, `3.8`, `<5` from fewer than five people, `-` when there is none."""
    if figure.value is None:
        return "<5" if figure.n else "-"
    if metric in SHARES:
        return f"{figure.value:.0%}"
    return f"{figure.value:+.2f}" if metric == "skill_growth" else f"{figure.value:.1f}"


def _people(scope: Scope) -> str:
    return str(scope.people) if scope.people >= MIN_PEOPLE else "<5"


def _cell(metric: str, figure: Figure | None) -> str:
    if figure is None:
        return "<td>-</td>"
    value = html.escape(shown(metric, figure))
    css = ' class="withheld"' if figure.value is None else ""
    n = f' <span class="n">n={figure.n}</span>' if figure.value is not None else ""
    return f"<td{css}>{value}{n}</td>"


def _image(png: bytes, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _table(scopes: list[Scope], columns: tuple[str, ...]) -> str:
    if not scopes:
        return '<p class="withheld">None yet.</p>'
    head = "".join(f'<th title="{html.escape(METRICS[c])}">{html.escape(c.replace("_", " "))}</th>' for c in columns)
    rows = "".join(
        f"<tr><td>{html.escape(s.name)}</td><td>{_people(s)}</td>"
        + "".join(_cell(c, s.figures.get(c)) for c in columns)
        + "</tr>"
        for s in scopes
    )
    return f"<table><tr><th>name</th><th>people</th>{head}</tr>{rows}</table>"


def engagement_chart(report: OutcomeReport) -> bytes:
    """Weekly check-in engagement overall and for the first circles (a line each)."""
    series = {report.overall.name: report.overall.engagement} | {c.name: c.engagement for c in report.circles[:6]}
    return charts.engagement_png(series, "Check-ins answered per week")


def sections(report: OutcomeReport) -> str:
    """The report's sections (overall, skill growth, engagement, participants against everyone
    else, circles, programs), for its own page and for `circles simulate`'s."""
    overall = report.overall
    figures = "".join(
        f"<tr><td>{html.escape(METRICS[metric])}</td>{_cell(metric, figure)}</tr>"
        for metric, figure in overall.figures.items()
    )
    growth = (
        _image(charts.skill_changes_png(overall.skill_changes, "Skill rating change, all programs"), "skill changes")
        if overall.skill_changes
        else '<p class="withheld">Fewer than five people have rated their skill before and after: withheld.</p>'
    )
    comparison = "".join(
        f"<tr><td>{label}</td>{_cell(ours, overall.figures[ours])}{_cell(theirs, overall.figures[theirs])}</tr>"
        for label, ours, theirs in (
            ("3 months", "retained_3m", "others_retained_3m"),
            ("6 months", "retained_6m", "others_retained_6m"),
        )
    )
    return f"""<section id="overall"><h2>Overall</h2><p>{_people(overall)} people take part in a circle or a
mentorship program.</p><table><tr><th>figure</th><th>value</th></tr>{figures}</table></section>
<section id="skill-growth"><h2>Skill growth</h2>{growth}</section>
<section id="engagement"><h2>Check-in engagement over time</h2>
{_image(engagement_chart(report), "weekly check-in engagement")}</section>
<section id="retention"><h2>Participants and everyone else</h2>
<table><tr><th>still in the workspace after</th><th>participants</th><th>everyone else</th></tr>{comparison}</table>
</section>
<section id="circles"><h2>Circles</h2>{_table(report.circles, CIRCLE_COLUMNS)}</section>
<section id="programs"><h2>Mentorship programs</h2>{_table(report.programs, PROGRAM_COLUMNS)}</section>
"""


def to_html(report: OutcomeReport, workspace: str = "") -> str:
    title = f"Circles outcomes{': ' + workspace if workspace else ''}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title><link rel="icon" href="data:,">
<style>{STYLE}</style></head>
<body><header><h1>{html.escape(title)}</h1>
<div>Generated {report.generated_at:%Y-%m-%d %H:%M} UTC. Every figure drawn from fewer than {MIN_PEOPLE} people
shows as &lt;5, and no figure names anyone.</div></header>
<main>{sections(report)}</main></body></html>
"""


def monthly_summary(report: OutcomeReport) -> Message:
    """The opt-in monthly post to a leadership channel: the same aggregates, headed for the month."""
    summary = outcomes_reply(report)
    blocks = summary.get("blocks", [])
    blocks[0] = HeaderBlock(text=f"Circles this month: {report.generated_at:%B %Y}").to_dict()
    blocks[-1] = note(
        f"Aggregates only: figures from fewer than {MIN_PEOPLE} people show as <5. Admins can see the full report "
        "with `/circles admin outcomes`; the chart is in the thread."
    ).to_dict()
    return {"text": f"Circles this month: {report.generated_at:%B %Y}", "blocks": blocks}


def outcomes_reply(report: OutcomeReport) -> Message:
    overall = report.overall
    lines = [f"*{METRICS[m].split(':')[0]}:* {shown(m, f)}" for m, f in overall.figures.items() if f.n]
    blocks = [
        HeaderBlock(text="Circles outcomes"),
        SectionBlock(text=MarkdownTextObject(text="\n".join(lines) or "No outcomes to show yet.")),
    ]
    for title, scopes, columns in (
        ("Circles", report.circles, CIRCLE_COLUMNS[:4]),
        ("Programs", report.programs, PROGRAM_COLUMNS[:4]),
    ):
        rows = [
            f"• *{s.name}* ({_people(s)}): "
            + ", ".join(f"{c.replace('_', ' ')} {shown(c, s.figures[c])}" for c in columns)
            for s in scopes[:15]
        ]
        if rows:
            blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*{title}*\n" + "\n".join(rows))))
    blocks.append(
        note(
            f"Figures from fewer than {MIN_PEOPLE} people show as <5. The full report (HTML with charts) "
            "and the engagement chart are in our DM; `circles report` writes it on the server too."
        )
    )
    return message("Circles outcomes", blocks)
