"""Talking to Slack's Web API: the client factory and the gateway the domain workflows call."""
