"""The `circles` command for admins: serve, migrate, manifest."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any

import typer

from bot.cli_onboarding import onboarding_cli
from bot.config import DatabaseSettings, S, Settings, SettingsError, load_settings
from bot.logging import configure_logging

cli = typer.Typer(help="Circles: peer learning circles and mentorship in Slack.", no_args_is_help=True)


def _load(kind: type[S]) -> S:
    try:
        return load_settings(kind)
    except SettingsError as error:
        typer.echo(f"circles: {error}", err=True)
        raise typer.Exit(code=2) from None


async def _migrate(url: str) -> None:
    from bot.db.engine import create_engine
    from bot.db.migrate import upgrade

    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date (safe to run on every start and from several replicas)."""
    settings = _load(DatabaseSettings)
    configure_logging()
    asyncio.run(_migrate(settings.database_url))
    typer.echo("Database is up to date.")


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 3000,
    socket: Annotated[bool, typer.Option("--socket", help="Use Socket Mode (needs SLACK_APP_TOKEN)")] = False,
    run_migrations: Annotated[bool, typer.Option("--migrate/--no-migrate", help="Migrate before starting")] = True,
) -> None:
    """Run the bot: HTTP mode on /slack/events, or Socket Mode when SLACK_APP_TOKEN is set or --socket."""
    settings = _load(Settings)
    configure_logging(settings.log_level)
    if socket and not settings.socket_mode:
        typer.echo(f"circles: SLACK_APP_TOKEN is missing: {_hint('SLACK_APP_TOKEN')}.", err=True)
        raise typer.Exit(code=2)
    if settings.oauth and settings.socket_mode:
        typer.echo(
            "circles: installing in several workspaces (SLACK_CLIENT_ID) needs HTTP mode: unset SLACK_APP_TOKEN.",
            err=True,
        )
        raise typer.Exit(code=2)
    if not settings.socket_mode:
        try:
            settings.require_signing_secret()
        except SettingsError as error:
            typer.echo(f"circles: {error}", err=True)
            raise typer.Exit(code=2) from None
    if run_migrations:
        asyncio.run(_migrate(settings.database_url))
    if settings.database_url.startswith("sqlite"):
        typer.echo("Using SQLite: run one `circles serve` process; for several replicas use PostgreSQL.")
    if settings.socket_mode:
        from bot.socket_mode import run_socket_mode

        typer.echo("Circles is running in Socket Mode. Press Ctrl+C to stop.")
        asyncio.run(run_socket_mode(settings))
        return
    import uvicorn

    from bot.server import create_asgi

    typer.echo(f"Circles is listening on http://{host}:{port}/slack/events")
    if settings.oauth:
        typer.echo(f"Workspaces install it from http://{host}:{port}/slack/install (behind your public URL).")
    uvicorn.run(create_asgi(settings), host=host, port=port, log_config=None, proxy_headers=True)


@cli.command()
def simulate(
    members: Annotated[int, typer.Option(min=2, max=500, help="Simulated members")] = 30,
    circles: Annotated[int, typer.Option(min=1, max=8, help="Circles they form")] = 3,
    weeks: Annotated[int, typer.Option(min=1, max=26, help="Simulated weeks")] = 6,
    seed: Annotated[int, typer.Option(help="Same seed, same run")] = 1,
    out: Annotated[Path, typer.Option(help="Folder for report.html, transcript.txt and the database")] = Path(
        "circles-simulation"
    ),
    program: Annotated[
        Path | None, typer.Option(help="A mentorship program YAML to preview a cycle of (see README > Mentorship)")
    ] = None,
) -> None:
    """Run the real bot against a built-in Slack double with simulated members: no tokens, no network."""
    from bot.simulate import Options, run

    configure_logging("ERROR")  # the report is the output; routine logs would only scroll past
    if program is not None:
        from bot.services.mentorship import program_form_from_yaml

        try:
            program_form_from_yaml(program.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            typer.echo(f"circles: {program} isn't a valid program file ({error}); see README > Mentorship.", err=True)
            raise typer.Exit(code=2) from None
    options = Options(members=members, circles=circles, weeks=weeks, seed=seed, out=out, program=program)
    typer.echo(f"Simulating {members} members in {circles} circles for {weeks} weeks (seed {seed})...")
    try:
        outcome, report, transcript = asyncio.run(run(options, lambda line: typer.echo(f"  {line}")))
    except (OSError, ValueError) as error:
        typer.echo(f"circles: {error}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"Done: {', '.join(f'{n} {what}' for what, n in outcome.counts.items())}.")
    typer.echo(f"Report:     {report}\nTranscript: {transcript}")
    if outcome.violations:
        typer.echo(f"circles: {len(outcome.violations)} Slack API problems (listed in the report).", err=True)
        raise typer.Exit(code=1)


@cli.command()
def keygen() -> None:
    """Print a new CIRCLES_ENCRYPTION_KEY (encrypts the workspaces' tokens in the database)."""
    from bot.crypto import new_key

    typer.echo(new_key())


TeamOption = Annotated[
    str | None, typer.Option("--team", help="Slack team id (T...); not needed when the database holds one workspace")
]


async def _workspace(session: Any, team: str | None) -> str:
    """The workspace a command acts on: `--team`, or the only one there is (said on stderr)."""
    from bot.services import members

    known = await members.workspaces(session)
    if team is not None and team in dict(known):
        return team
    if team is None and len(known) == 1:
        only, name = known[0]
        typer.echo(f"circles: workspace {only} ({name or 'no name yet'}), the only one in the database.", err=True)
        return only
    if not known:
        typer.echo("circles: no workspace in the database yet; install the bot and run it once first.", err=True)
        raise typer.Exit(code=2)
    listed = "\n".join(f"  {team_id}  {name}" for team_id, name in known)
    problem = f"there is no workspace {team}" if team else "the database holds several workspaces; pick one"
    typer.echo(f"circles: {problem} with --team:\n{listed}", err=True)
    raise typer.Exit(code=2)


def _write(
    out: Path,
    stem: str,
    format: str,
    formats: tuple[str, ...],
    produce: Callable[[str], Coroutine[Any, Any, tuple[str, str]]],
) -> None:
    """Check `--format`, produce (workspace, content) from the database, write `<stem>-<team>.<format>`."""
    if format not in formats:
        typer.echo(f"circles: --format is {', '.join(formats[:-1])} or {formats[-1]}.", err=True)
        raise typer.Exit(code=2)
    settings = _load(DatabaseSettings)
    team_id, content = asyncio.run(produce(settings.database_url))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{stem}-{team_id}.{format}"
    path.write_text(content, encoding="utf-8")
    typer.echo(f"Wrote {path}")


@cli.command()
def export(
    out: Annotated[Path, typer.Option(help="Folder to write the files to")] = Path("."),
    format: Annotated[str, typer.Option("--format", help="csv or json")] = "csv",
    team: TeamOption = None,
) -> None:
    """Write the program insights (12 weeks, per circle and overall, figures under 5 people suppressed)."""
    _write(out, "circles-insights", format, ("csv", "json"), lambda url: _export(url, format, team))


async def _export(url: str, format: str, team: str | None) -> tuple[str, str]:
    import json as json_module

    from bot.clock import SystemClock
    from bot.db.engine import Database
    from bot.services import insights

    db = Database.from_url(url)
    try:
        async with db.session() as session:
            team_id = await _workspace(session, team)
            figures = await insights.compute(session, team_id, SystemClock().now())
    finally:
        await db.dispose()
    content = insights.to_csv(figures) if format == "csv" else json_module.dumps(insights.to_json(figures), indent=2)
    return team_id, content


@cli.command()
def report(
    out: Annotated[Path, typer.Option(help="Folder to write the report to")] = Path("."),
    format: Annotated[str, typer.Option("--format", help="html, csv or json")] = "html",
    team: TeamOption = None,
) -> None:
    """Write the outcome report: skill growth, goals, engagement, attendance, retention, mentorship
    and evaluations, per circle, per program and overall (figures under 5 people withheld)."""
    _write(out, "circles-outcomes", format, ("html", "csv", "json"), lambda url: _report(url, format, team))


async def _report(url: str, format: str, team: str | None) -> tuple[str, str]:
    import json as json_module

    from bot.clock import SystemClock
    from bot.db.engine import Database
    from bot.services import members, outcomes
    from bot.views.outcome_report import to_html

    db = Database.from_url(url)
    try:
        async with db.session() as session:
            team_id = await _workspace(session, team)
            found = await outcomes.report(session, team_id, SystemClock().now())
            name = dict(await members.workspaces(session)).get(team_id, "")
    finally:
        await db.dispose()
    if format == "html":
        return team_id, to_html(found, name)
    if format == "csv":
        return team_id, outcomes.to_csv(found)
    return team_id, json_module.dumps(outcomes.to_json(found), indent=2, default=str)


program_cli = typer.Typer(help="Mentorship cycles from a YAML file kept in git.", no_args_is_help=True)
cli.add_typer(program_cli, name="program")
cli.add_typer(onboarding_cli, name="onboarding")


@program_cli.command("create")
def program_create(
    file: Annotated[
        Path, typer.Argument(help="YAML: name, goals, length_months, cadence, enrolment_deadline, channels")
    ],
    admin: Annotated[str, typer.Option(help="Slack user id of the program's admin")],
    team: TeamOption = None,
) -> None:
    """Create a cycle; the bot invites the channels' members on its next run."""
    from bot.services.mentorship import program_form_from_yaml

    try:
        form = program_form_from_yaml(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        typer.echo(f"circles: {file} isn't a valid program file ({error}); see README > Mentorship.", err=True)
        raise typer.Exit(code=2) from None
    settings = _load(DatabaseSettings)
    asyncio.run(_program_create(settings.database_url, team, admin, form))
    typer.echo(f"Created {form.name}; invitations go out on the bot's next run.")


async def _program_create(url: str, team: str | None, admin: str, form: object) -> None:
    from bot.clock import SystemClock
    from bot.db.engine import Database
    from bot.errors import CirclesError
    from bot.services import mentorship

    db = Database.from_url(url)
    try:
        async with db.session() as session:
            now = SystemClock().now()
            team_id = await _workspace(session, team)
            await mentorship.create_program(session, team_id, admin, form, now.date(), now)  # type: ignore[arg-type]
    except CirclesError as error:
        typer.echo(f"circles: {error}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        await db.dispose()


@program_cli.command("match")
def program_match(
    name: Annotated[str, typer.Argument(help="The program's name (any case)")],
    team: TeamOption = None,
) -> None:
    """Preview the matches now: every pair with its reasons, the unmatched and why, quality vs random."""
    settings = _load(DatabaseSettings)
    for line in asyncio.run(_program_match(settings.database_url, team, name)):
        typer.echo(line)


async def _program_match(url: str, team: str | None, name: str) -> list[str]:
    from bot.clock import SystemClock
    from bot.db.engine import Database
    from bot.errors import CirclesError
    from bot.services import mentorship

    db = Database.from_url(url)
    try:
        async with db.session() as session:
            program = await mentorship.get_program(session, await _workspace(session, team), name)
            proposal = await mentorship.propose(session, program, SystemClock().now())
    except CirclesError as error:
        typer.echo(f"circles: {error}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        await db.dispose()
    q, b = proposal.matched, proposal.baseline
    lines = [f"{len(proposal.result.pairs)} pairs, {len(proposal.result.unmatched)} unmatched"]
    lines += [
        f"{p.mentor.user_id} -> {p.mentee.user_id} ({p.score:.1f}): {'; '.join(p.reasons)}"
        for p in proposal.result.pairs
    ]
    lines += [f"unmatched {person.user_id}: {why}" for person, why in proposal.result.unmatched]
    lines.append(
        f"quality: mean score {q.mean_score:.2f} (random {b.mean_score:.2f}), cross-department "
        f"{q.cross_department:.0%} (random {b.cross_department:.0%}), skill coverage {q.skill_coverage:.0%} "
        f"(random {b.skill_coverage:.0%})"
    )
    return lines


@cli.command()
def manifest(
    url: Annotated[str | None, typer.Option(help="Your public base URL, e.g. https://circles.example.com")] = None,
    socket: Annotated[bool, typer.Option("--socket", help="A manifest for Socket Mode (no public URL)")] = False,
    oauth: Annotated[
        bool, typer.Option("--oauth", help="For installing in several workspaces: adds the OAuth redirect URL")
    ] = False,
    token_rotation: Annotated[bool, typer.Option("--token-rotation", help="With --oauth: rotating tokens")] = False,
) -> None:
    """Print the Slack app manifest to paste into api.slack.com/apps > Create New App > From a manifest."""
    from bot.manifest import render_manifest

    if url and not url.startswith("https://"):
        typer.echo("circles: --url must start with https:// (Slack only calls HTTPS request URLs).", err=True)
        raise typer.Exit(code=2)
    if oauth and socket:
        typer.echo(
            "circles: --oauth needs HTTP mode (Slack apps installed in several workspaces use request URLs).", err=True
        )
        raise typer.Exit(code=2)
    typer.echo(
        json.dumps(render_manifest(url, socket_mode=socket, oauth=oauth, token_rotation=token_rotation), indent=2)
    )


def _hint(name: str) -> str:
    from bot.config import HINTS

    return HINTS[name]


def main() -> None:
    cli()
