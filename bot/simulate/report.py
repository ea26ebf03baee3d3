"""The simulation's outputs: a plain-text transcript and a self-contained HTML report."""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from bot.simulate.blockkit_html import blocks_html, mrkdwn, plain
from bot.simulate.shapes import Line, Options, Outcome
from bot.views.outcome_report import sections as outcome_sections

STYLE = """
body { font: 15px/1.45 -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d1c1d;
  background: #f8f8f8; }
header, main { max-width: 980px; margin: 0 auto; padding: 16px 24px; }
header { background: #3f0e40; color: #fff; max-width: none; }
h1 { margin: 0 0 4px; font-size: 22px; } h2 { margin-top: 32px; } h4 { margin: 4px 0; }
nav a { margin-right: 12px; }
section.conversation { background: #fff; border: 1px solid #ddd; border-radius: 8px; margin: 16px 0;
  padding: 8px 16px; }
.message { display: grid; grid-template-columns: 120px 1fr; gap: 8px; padding: 6px 0;
  border-top: 1px solid #f0f0f0; }
.when { color: #616061; font-size: 12px; } .who { font-weight: 700; }
.ephemeral { background: #f4f9ff; }
.ephemeral .who::after { content: " (only you can see this)"; font-weight: 400; color: #616061; }
.action { color: #616061; font-style: italic; }
.context { color: #616061; font-size: 13px; } .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px; }
.button { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 1px 8px;
  margin: 2px 4px 2px 0; font-size: 13px; }
.button.primary { background: #007a5a; color: #fff; border-color: #007a5a; } .button.danger { color: #e01e5a; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
.input, .image { color: #616061; border: 1px dashed #bbb; padding: 0 6px; }
table { border-collapse: collapse; background: #fff; }
td, th { border: 1px solid #ddd; padding: 4px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; } code { background: #f0f0f0; padding: 0 3px; }
blockquote { margin: 2px 0; padding-left: 8px; border-left: 3px solid #ddd; }
"""


def transcript(outcome: Outcome) -> str:
    """One line per event, in order; stable for a given seed (no wall-clock times, no random ids)."""
    rows = []
    for line in outcome.lines:
        who = outcome.names.get(line.who, line.who)
        when = f"{line.at:%Y-%m-%d %a %H:%M}"
        text = plain(line.text, outcome.names, outcome.channel_names).replace("\n", "\n" + " " * 24)
        if not line.where:
            rows.append(f"{when}  {who} {text}")
        elif line.only_for:
            rows.append(f"{when}  {line.where} (only {outcome.names.get(line.only_for, line.only_for)} sees)  {text}")
        else:
            rows.append(f"{when}  {line.where}  {who}: {text}")
    return "\n".join(rows) + "\n"


def _message(line: Line, outcome: Outcome) -> str:
    who = html.escape(outcome.names.get(line.who, line.who))
    body = (
        blocks_html(line.blocks, outcome.names, outcome.channel_names)
        if line.blocks
        else mrkdwn(line.text, outcome.names, outcome.channel_names)
    )
    css = "message ephemeral" if line.only_for else "message"
    return (
        f'<div class="{css}"><div class="when">{line.at:%a %d %b %H:%M}</div>'
        f'<div><div class="who">{who}</div>{body}</div></div>'
    )


def _metrics(outcome: Outcome) -> str:
    if outcome.insights is None or not outcome.insights.overall:
        return "<p>No figures.</p>"

    def cell(value: object, percent: bool = False) -> str:
        if value is None:
            return "&lt;5"
        return f"{value:.0%}" if percent and isinstance(value, float) else html.escape(str(value))

    rows = "".join(
        f"<tr><td>{w.week_start:%d %b}</td><td>{cell(w.active_members)}</td>"
        f"<td>{cell(w.checkin_response_rate, True)}</td><td>{cell(w.goals_set)}</td>"
        f"<td>{cell(w.goals_completed)}</td><td>{cell(w.kudos_given)}</td><td>{w.meetings_held}</td>"
        f"<td>{cell(w.rsvps_yes)}</td><td>{cell(w.retention, True)}</td></tr>"
        for w in outcome.insights.overall
        if w.active_members or w.meetings_held
    )
    head = (
        "<tr><th>week of</th><th>active</th><th>check-in response</th><th>goals set</th><th>goals done</th>"
        "<th>kudos</th><th>meetings</th><th>RSVPs</th><th>retention</th></tr>"
    )
    return f"<table>{head}{rows}</table><p class='context'>Figures from fewer than 5 people show as &lt;5.</p>"


def report(outcome: Outcome, options: Options) -> str:
    conversations: dict[str, list[Line]] = defaultdict(list)
    for line in outcome.lines:
        if line.where:
            conversations[line.where].append(line)
    order = sorted(conversations, key=lambda w: (not w.startswith("#"), w.startswith("group"), w.lower()))
    anchors = {where: f"c{n}" for n, where in enumerate(order)}
    nav = " ".join(f'<a href="#{anchors[w]}">{html.escape(w)}</a>' for w in order if w.startswith("#"))
    counts = ", ".join(f"{n} {what}" for what, n in outcome.counts.items())
    sections = "".join(
        f'<section class="conversation" id="{anchors[where]}"><h3>{html.escape(where)}</h3>'
        + "".join(_message(line, outcome) for line in conversations[where])
        + "</section>"
        for where in order
    )
    actions = "".join(
        f'<div class="message action"><div class="when">{line.at:%a %d %b %H:%M}</div>'
        f"<div>{html.escape(outcome.names.get(line.who, line.who))} {html.escape(line.text)}</div></div>"
        for line in outcome.lines
        if not line.where
    )
    problems = (
        "<h2>Slack API problems</h2><ul>" + "".join(f"<li>{html.escape(v)}</li>" for v in outcome.violations) + "</ul>"
        if outcome.violations
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Circles simulation</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>{STYLE}</style></head>
<body><header><h1>Circles: a simulated {options.weeks} weeks</h1>
<div>{options.members} members, {options.circles} circles, seed {options.seed}. {html.escape(counts)}.</div></header>
<main>
<h2>Program metrics</h2>{_metrics(outcome)}
<h2 id="outcomes">Outcome report</h2>{outcome_sections(outcome.outcomes) if outcome.outcomes else "<p>None.</p>"}
{problems}
<h2>What members saw</h2><nav>Channels: {nav}</nav>{sections}
<h2>What members did</h2><section class="conversation">{actions}</section>
</main></body></html>
"""


def write(outcome: Outcome, options: Options) -> tuple[Path, Path]:
    report_path = options.out / "report.html"
    transcript_path = options.out / "transcript.txt"
    report_path.write_text(report(outcome, options), encoding="utf-8")
    transcript_path.write_text(transcript(outcome), encoding="utf-8")
    return report_path, transcript_path
