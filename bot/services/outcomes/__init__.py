"""The outcome report: did people grow? Per circle, per mentorship program and overall.

`gather` reads what Circles already collects (goals, check-ins and their confidence, RSVPs,
memberships, pairs and their 1:1s, end-of-cycle surveys) with one query per kind; `figures` turns
it into the report's figures, each with the number of people it is drawn from. Any figure drawn
from fewer than five people is withheld (`<5`), and no figure carries a name.
"""

from __future__ import annotations

from bot.services.outcomes.compute import report
from bot.services.outcomes.export import to_csv, to_json, to_rows
from bot.services.outcomes.shapes import METRICS, Figure, OutcomeReport, Scope

__all__ = ["METRICS", "Figure", "OutcomeReport", "Scope", "report", "to_csv", "to_json", "to_rows"]
