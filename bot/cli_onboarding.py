"""`circles onboarding`: the day-0/7/30 messages from a YAML file kept in git."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

onboarding_cli = typer.Typer(help="Onboarding messages from a YAML file kept in git.", no_args_is_help=True)
FileArgument = Annotated[
    Path, typer.Argument(help="YAML with any of: welcome, day7, day30 ({name}, {buddy}, {workspace})")
]


def _read(file: Path) -> dict[str, str]:
    from bot.services.onboarding import parse_messages

    try:
        return parse_messages(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        typer.echo(f"circles: {file} isn't a valid onboarding file ({error}); see README > Onboarding.", err=True)
        raise typer.Exit(code=2) from None


@onboarding_cli.command("preview")
def onboarding_preview(file: FileArgument) -> None:
    """Print each message as a new hire (Ada, whose buddy is Grace, at Acme) would read it."""
    from bot.services.onboarding import STEPS, render

    texts = _read(file)
    for step in STEPS:
        typer.echo(f"--- {step} ---")
        typer.echo(render(texts, step, name="Ada", buddy="@grace", workspace="Acme"))


@onboarding_cli.command("set")
def onboarding_set(
    file: FileArgument,
    team: Annotated[str | None, typer.Option("--team", help="Slack team id (T...)")] = None,
) -> None:
    """Use the file's messages from now on (the steps it leaves out keep the defaults)."""
    from bot.cli import _load
    from bot.config import DatabaseSettings

    texts = _read(file)
    settings = _load(DatabaseSettings)
    team_id = asyncio.run(_store(settings.database_url, team, texts))
    typer.echo(f"Saved {', '.join(sorted(texts))} for {team_id}.")


async def _store(url: str, team: str | None, texts: dict[str, str]) -> str:
    from bot.cli import _workspace
    from bot.clock import SystemClock
    from bot.db.engine import Database
    from bot.services import team_settings

    db = Database.from_url(url)
    try:
        async with db.session() as session:
            team_id = await _workspace(session, team)
            row = await team_settings.get(session, team_id, SystemClock().now())
            row.onboarding_messages = texts
            return team_id
    finally:
        await db.dispose()
