"""Is someone away, going by their Slack status? (`/circle away` is the explicit way.)

People say it in many ways — "Vacationing", "OOO until Monday", "PTO", "on parental leave", a palm
tree — and Slack statuses can expire: an expired status says nothing any more.
"""

from __future__ import annotations

import re
from datetime import datetime

AWAY_EMOJI = frozenset(
    {
        ":palm_tree:",
        ":desert_island:",
        ":beach_with_umbrella:",
        ":airplane:",
        ":airplane_departure:",
        ":luggage:",
        ":face_with_thermometer:",
        ":thermometer:",
        ":sick:",
        ":mask:",
        ":nauseated_face:",
        ":baby:",
        ":baby_bottle:",
        ":pregnant_woman:",
    }
)
AWAY_TEXT = re.compile(
    r"\b("
    r"vacation(s|ing)?|vacay|holidays?|holidaying"
    r"|o\.?o\.?o|out[ -]of[ -](the[ -])?office|pto|annual leave|time off"
    r"|on (\w+ )?leave|(parental|maternity|paternity|sick|medical) leave"
    r"|sick|off sick|unwell|ill"
    r")\b",
    re.IGNORECASE,
)


def is_away(text: str, emoji: str, expires_at: datetime | None, now: datetime) -> bool:
    """True while a status that says "away" is set; `expires_at` None means it never expires."""
    if expires_at is not None and expires_at <= now:
        return False
    return emoji in AWAY_EMOJI or bool(AWAY_TEXT.search(text or ""))
