"""Settings from the environment or a `.env` file.

Every setting has a hint saying where an admin finds its value, so that a missing or malformed one
stops start-up with a single actionable line instead of a traceback.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///" + str(Path("circles.db"))
SLACK_API_URL = "https://slack.com/api/"

HINTS: dict[str, str] = {
    "SLACK_BOT_TOKEN": "copy the Bot User OAuth Token (xoxb-...) from your Slack app's 'OAuth & Permissions' page",
    "SLACK_SIGNING_SECRET": "copy the Signing Secret from your Slack app's 'Basic Information' page",
    "SLACK_APP_TOKEN": "create an app-level token with the connections:write scope under 'Basic "
    "Information > App-Level Tokens' (it starts with xapp-)",
    "DATABASE_URL": "use sqlite+aiosqlite:///path/to/circles.db or postgresql://user@host/db",
    "SLACK_API_URL": "leave it unset to talk to Slack; set an http(s) URL only for a test double",
    "SLACK_CLIENT_ID": "copy the Client ID from your Slack app's 'Basic Information' page",
    "SLACK_CLIENT_SECRET": "copy the Client Secret from your Slack app's 'Basic Information' page",
    "CIRCLES_ENCRYPTION_KEY": "generate one with `circles keygen` and keep it safe: it encrypts the "
    "workspaces' tokens in the database",
}


class SettingsError(Exception):
    """A setting is missing or malformed; `str()` is one line for the admin."""


class DatabaseSettings(BaseSettings):
    """What `circles migrate` needs: the database and nothing Slack-related."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        return normalise_database_url(value)


class Settings(DatabaseSettings):
    # Single workspace: the bot token. Several workspaces ("Add to Slack"): client id and secret instead.
    slack_bot_token: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    circles_encryption_key: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = SLACK_API_URL
    # Bolt acks in the background and keeps working after the HTTP response by default; FaaS hosts
    # (and the test-suite, for determinism) set this to finish the listener before responding.
    process_before_response: bool = False
    member_sync_interval_minutes: int = Field(default=360, ge=5)
    # Slack user ids (comma-separated) who administer Circles besides the workspace's admins and owners.
    circles_admins: str = ""
    # Pace sends to stay inside Slack's documented rate limits (turn off only for tests on a fake clock).
    rate_limits: bool = True
    # First wait before retrying a failed call (doubling each time); 429s wait for Slack's Retry-After.
    slack_retry_backoff_seconds: float = Field(default=0.5, ge=0)
    # Days a workspace's data is kept after it uninstalls Circles (or revokes its tokens).
    uninstall_grace_days: int = Field(default=30, ge=0)
    # After this long, a message claimed by a sender that died is taken over (and checked in Slack first).
    circles_delivery_lease_seconds: float = Field(default=300, gt=0)
    # Conversations each sender sends to side by side (1: one message at a time, in a fixed order).
    circles_send_lanes: int = Field(default=8, ge=1, le=64)
    log_level: str = "INFO"
    # Where people reach this server from outside (e.g. https://circles.example.com): calendar feed
    # links are made from it. Unset (or in Socket Mode), `/circles calendar` offers files instead.
    circles_public_url: str | None = None
    # Demos and tests only: run on simulated time from this moment, `speed` times faster than real time,
    # counted from wall time `anchor` (unix seconds; default: when the process starts).
    circles_clock_start: datetime | None = None
    circles_clock_speed: float = Field(default=1.0, gt=0)
    circles_clock_anchor: float | None = None
    # Demos and tests only: run the scheduled jobs every this many real seconds instead of each minute.
    circles_tick_seconds: float | None = Field(default=None, gt=0)

    @field_validator("circles_public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be the server's full address, e.g. https://circles.example.com")
        return value.rstrip("/")

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith("xoxb-"):
            raise ValueError("must start with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith("xapp-"):
            raise ValueError("must start with xapp-")
        return value

    @field_validator("slack_signing_secret")
    @classmethod
    def _empty_secret_is_missing(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        # slack_sdk drops the /api part of the path unless the base URL ends with a slash.
        return value if value.endswith("/") else value + "/"

    @field_validator("circles_clock_start")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    @property
    def admin_ids(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.circles_admins.split(",") if part.strip())

    @field_validator("slack_client_id", "slack_client_secret", "circles_encryption_key")
    @classmethod
    def _empty_is_unset(cls, value: str | None) -> str | None:
        return value or None

    @property
    def oauth(self) -> bool:
        """Installed with "Add to Slack" in any number of workspaces (tokens come from the database)."""
        return bool(self.slack_client_id or self.slack_client_secret)

    def check_credentials(self) -> None:
        """Either a bot token, or client id + secret + an encryption key for the tokens at rest."""
        if not self.oauth:
            if not self.slack_bot_token:
                raise SettingsError(
                    f"SLACK_BOT_TOKEN is missing: {HINTS['SLACK_BOT_TOKEN']} (or set SLACK_CLIENT_ID and "
                    "SLACK_CLIENT_SECRET to install Circles in several workspaces)."
                )
            return
        for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "CIRCLES_ENCRYPTION_KEY"):
            if not getattr(self, name.lower()):
                raise SettingsError(f"{name} is missing: {HINTS[name]}.")
        from bot.crypto import TokenCipher

        try:
            TokenCipher(self.circles_encryption_key or "")
        except ValueError:
            raise SettingsError(
                "CIRCLES_ENCRYPTION_KEY is invalid (not a key made by `circles keygen`): "
                f"{HINTS['CIRCLES_ENCRYPTION_KEY']}."
            ) from None

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    def require_signing_secret(self) -> str:
        if not self.slack_signing_secret:
            raise SettingsError(f"SLACK_SIGNING_SECRET is missing: {HINTS['SLACK_SIGNING_SECRET']}.")
        return self.slack_signing_secret


S = TypeVar("S", bound=DatabaseSettings)


def normalise_database_url(url: str) -> str:
    """Accept the URLs admins copy from their provider and pick the async driver for them."""
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url.split("://", 1)[1]
    if url.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
        return url
    raise ValueError("must be a sqlite:// or postgresql:// URL")


def load_settings(kind: type[S] = Settings, **overrides: object) -> S:  # type: ignore[assignment]
    """Build settings, turning pydantic's report into one line naming the setting and how to fix it."""
    try:
        settings = kind(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(describe_validation_error(exc)) from None
    if isinstance(settings, Settings):
        settings.check_credentials()
    return settings


def describe_validation_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    name = str(first["loc"][0]).upper() if first["loc"] else "settings"
    problem = "is missing" if first["type"] == "missing" else f"is invalid ({first['msg']})"
    hint = HINTS.get(name)
    return f"{name} {problem}" + (f": {hint}." if hint else ".")
