"""The double's side of Slack's OAuth: the app installed in several workspaces, codes, tokens."""

from __future__ import annotations

import secrets
from typing import Any

from bot.slack_double.workspace import Workspace


class OAuthApp:
    """Mixed into `SlackDouble`, whose constructor sets these fields."""

    url: str
    scopes: set[str] | None
    workspaces: dict[str, Workspace]  # bot token → the workspace it acts in
    client_id: str | None
    client_secret: str | None
    token_rotation: bool
    token_lifetime: int
    _codes: dict[str, tuple[Workspace, str]]
    _refresh_tokens: dict[str, Workspace]

    def install_app(
        self, client_id: str, client_secret: str, *, token_rotation: bool = False, token_lifetime: int = 43200
    ) -> None:
        """Act as Slack for a distributed app: `oauth.v2.access` exchanges codes for bot tokens."""
        self.client_id, self.client_secret, self.token_rotation = client_id, client_secret, token_rotation
        self.token_lifetime = token_lifetime

    def add_workspace(self, team_id: str, team_name: str) -> Workspace:
        workspace = Workspace(team_id=team_id, team_name=team_name, bot_user_id=f"UBOT{team_id[1:]}")
        workspace.base_url = self.url
        return workspace

    def authorize(self, workspace: Workspace, user_id: str) -> str:
        """What Slack's "Allow" page does: a one-time code for `oauth.v2.access`."""
        code = f"code-{secrets.token_hex(8)}"
        self._codes[code] = (workspace, user_id)
        return code

    def revoke(self, token: str) -> None:
        """The token stops working (uninstalled, revoked, or expired after rotation)."""
        self.workspaces.pop(token, None)

    def tokens_of(self, workspace: Workspace) -> list[str]:
        return [token for token, ws in self.workspaces.items() if ws is workspace]

    def _issue(self, workspace: Workspace, user_id: str) -> dict[str, Any]:
        prefix = "xoxe.xoxb-" if self.token_rotation else "xoxb-"
        token = f"{prefix}{workspace.team_id}-{secrets.token_hex(12)}"
        self.workspaces[token] = workspace
        answer: dict[str, Any] = {
            "app_id": "ACIRCLES",
            "authed_user": {"id": user_id},
            "scope": ",".join(sorted(self.scopes or ())),
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": workspace.team_id, "name": workspace.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if self.token_rotation:
            refresh = f"xoxe-1-{secrets.token_hex(16)}"
            self._refresh_tokens[refresh] = workspace
            answer |= {"refresh_token": refresh, "expires_in": self.token_lifetime}
        return answer
