"""Bolt listeners: parse the request, ack at once, call a workflow or service, render a view."""
