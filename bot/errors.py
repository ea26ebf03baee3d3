"""Domain errors. Each one is something the person in Slack can act on; `str()` tells them how.

The single `@app.error` handler shows these as ephemeral messages; anything else is a bug, logged
with an id that the user can quote.
"""

from __future__ import annotations


class CirclesError(Exception):
    """An error the user can fix or should know about; the message is shown to them as is.

    `field` names the input at fault ("name", "channel", ...) so a modal can show the message
    next to it.
    """

    def __init__(self, message: str, *, field: str | None = None):
        self.field = field
        super().__init__(message)


class InvalidInput(CirclesError):
    pass


class NotFound(CirclesError):
    pass


class CircleNotFound(NotFound):
    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        if suggestions:
            hint = " or ".join(f"*{s}*" for s in suggestions)
            message = f"There is no circle called *{name}*. Did you mean {hint}?"
        else:
            message = f"There is no circle called *{name}*. Try `/circle list` to see them all."
        super().__init__(message, field="name")


class AlreadyExists(CirclesError):
    pass


class NotAMember(CirclesError):
    pass


class SlackProblem(CirclesError):
    """Slack refused or failed a call made on the user's behalf."""

    def __init__(self, message: str, code: str | None = None, *, field: str | None = None):
        self.code = code
        super().__init__(message, field=field)


class ChannelUnavailable(SlackProblem):
    """The channel is archived, private to the bot, or gone."""


class SlackUnavailable(SlackProblem):
    """Slack could not be reached or kept rate-limiting us after retries."""

    def __init__(
        self, message: str, code: str | None = None, *, retry_after: float | None = None, answered: bool = False
    ):
        self.retry_after = retry_after  # seconds Slack asked us to wait (HTTP 429)
        # Slack answered (a rate limit): it did nothing. Without an answer (5xx, a dropped connection,
        # a timeout) the call may or may not have taken effect.
        self.answered = answered
        super().__init__(message, code)
