"""Use cases that combine domain services with Slack calls.

The rule they exist to keep: a database transaction is finished before Slack is called, and a Slack
failure leaves nothing half-written (the database write comes after the Slack calls succeed).
"""
