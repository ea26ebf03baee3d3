"""A Slack Web API double, shipped with the bot: the tests and `circles simulate` both run on it."""

from bot.slack_double.server import Call, SlackDouble
from bot.slack_double.spec import SlackSpec, find_spec_dir
from bot.slack_double.workspace import Workspace

__all__ = ["Call", "SlackDouble", "SlackSpec", "Workspace", "find_spec_dir"]
