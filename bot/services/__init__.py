"""The domain: plain async functions over a database session. No Slack imports here."""
