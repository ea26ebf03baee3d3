"""Settings and the `circles` command: one clear line for a bad setting, and a usable manifest."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from bot.config import Settings, SettingsError, load_settings

runner = CliRunner()
SLACK_VARS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DATABASE_URL", "SLACK_API_URL")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name in SLACK_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no developer .env leaks in


def test_missing_bot_token_is_named_with_where_to_get_it() -> None:
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith("SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token")
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token", "SLACK_BOT_TOKEN is invalid"),
        ("DATABASE_URL", "mysql://db", "DATABASE_URL is invalid"),
        ("SLACK_APP_TOKEN", "xoxb-wrong-kind", "SLACK_APP_TOKEN is invalid"),
        ("SLACK_API_URL", "ftp://nope", "SLACK_API_URL is invalid"),
    ],
)
def test_malformed_setting_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=expected):
        load_settings()


def test_defaults_and_normalisation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9999/api")
    settings = load_settings()
    assert settings.database_url.startswith("sqlite+aiosqlite:///") and settings.database_url.endswith("circles.db")
    assert settings.slack_api_url == "http://127.0.0.1:9999/api/"  # slack_sdk needs the trailing slash
    assert not settings.socket_mode
    assert Settings(_env_file=None, slack_bot_token="xoxb-1", database_url="postgres://u@h/db").database_url == (
        "postgresql+asyncpg://u@h/db"
    )


def test_settings_come_from_a_dotenv_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_APP_TOKEN=xapp-1\n")
    settings = load_settings()
    assert settings.slack_bot_token == "xoxb-from-file" and settings.socket_mode


def test_serve_without_settings_exits_with_one_line() -> None:
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "circles: SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-...) from your Slack "
        "app's 'OAuth & Permissions' page (or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install Circles "
        "in several workspaces)."
    ]


def test_serve_in_http_mode_needs_the_signing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    result = runner.invoke(cli, ["serve", "--no-migrate"])
    assert result.exit_code == 2
    assert "SLACK_SIGNING_SECRET is missing" in result.output


def test_serve_socket_mode_needs_the_app_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    result = runner.invoke(cli, ["serve", "--socket", "--no-migrate"])
    assert result.exit_code == 2
    assert "SLACK_APP_TOKEN is missing: create an app-level token" in result.output


def test_manifest_command_fills_in_the_url() -> None:
    result = runner.invoke(cli, ["manifest", "--url", "https://circles.example.com"])
    assert result.exit_code == 0
    manifest = json.loads(result.output)
    assert manifest["settings"]["event_subscriptions"]["request_url"] == "https://circles.example.com/slack/events"

    socket = json.loads(runner.invoke(cli, ["manifest", "--socket"]).output)
    assert socket["settings"]["socket_mode_enabled"] is True
    assert "url" not in socket["features"]["slash_commands"][0]

    refused = runner.invoke(cli, ["manifest", "--url", "http://insecure.example.com"])
    assert refused.exit_code == 2 and "https://" in refused.output


def test_migrate_command_creates_the_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = runner.invoke(cli, ["migrate"], env={"DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    tables = {row[0] for row in sqlite3.connect(tmp_path / "fresh.db").execute("select name from sqlite_master")}
    assert {"team", "member", "circle", "circle_membership", "alembic_version"} <= tables
    assert runner.invoke(cli, ["migrate"], env={"DATABASE_URL": url}).exit_code == 0  # idempotent


def test_oauth_mode_refuses_to_start_without_an_encryption_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_CLIENT_ID", "111.222")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "secret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing")
    result = runner.invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "circles: CIRCLES_ENCRYPTION_KEY is missing: generate one with `circles keygen` and keep it safe: it "
        "encrypts the workspaces' tokens in the database."
    ]
    monkeypatch.setenv("CIRCLES_ENCRYPTION_KEY", "not-a-key")
    with pytest.raises(SettingsError, match="CIRCLES_ENCRYPTION_KEY is invalid"):
        load_settings()
    key = runner.invoke(cli, ["keygen"]).output.strip()
    monkeypatch.setenv("CIRCLES_ENCRYPTION_KEY", key)
    settings = load_settings()
    assert settings.oauth and settings.slack_bot_token is None
    monkeypatch.delenv("SLACK_CLIENT_SECRET")
    with pytest.raises(SettingsError, match=r"^SLACK_CLIENT_SECRET is missing: copy the Client Secret"):
        load_settings()


def test_tokens_are_encrypted_with_the_key_and_refused_with_another() -> None:
    from bot.crypto import TokenCipher, new_key

    cipher = TokenCipher(new_key())
    sealed = cipher.encrypt("xoxb-secret")
    assert sealed is not None and sealed.startswith("enc:v1:") and "secret" not in sealed
    assert cipher.encrypt(sealed) == sealed  # never twice
    assert cipher.decrypt(sealed) == "xoxb-secret"
    assert cipher.decrypt("xoxb-plain-from-before") == "xoxb-plain-from-before"
    with pytest.raises(ValueError, match="another CIRCLES_ENCRYPTION_KEY"):
        TokenCipher(new_key()).decrypt(sealed)
