"""The OAuth tables slack_sdk's SQLAlchemy stores read and write, declared on our metadata so that
Alembic creates them (migration 0009) and the migration check covers them.

Same columns as slack_sdk's own definitions, except the token columns: ours hold encrypted tokens,
which are longer than Slack's.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, String, Table

ENCRYPTED_TOKEN = String(1000)


def declare(metadata: MetaData) -> tuple[Table, Table, Table]:
    installations = SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    bots = SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    states = AsyncSQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    for table in (installations, bots):
        for name in ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"):
            if name in table.c:
                table.c[name].type = ENCRYPTED_TOKEN
    return installations, bots, states
