"""The one path by which the bot posts messages."""
