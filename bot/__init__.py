"""Circles: peer learning circles and mentorship programs in Slack."""
