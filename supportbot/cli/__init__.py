"""The ``supportbot`` command. Errors become one-line messages here, and only here."""

from __future__ import annotations

import sys

import typer

from supportbot.cli import config_cmd, db_cmd
from supportbot.errors import SupportbotError

app = typer.Typer(
    name="supportbot",
    help="Self-hosted customer-support agent for online shops.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _configure(ctx: typer.Context) -> None:
    """Every command logs through the masked handler (no personal data in any log)."""
    if ctx.resilient_parsing:
        return
    from supportbot.privacy import configure_logging
    from supportbot.settings import get_settings

    configure_logging(get_settings())
    import logging

    for noisy in ("alembic", "httpx", "urllib3", "sentence_transformers", "transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


app.add_typer(config_cmd.app, name="config")
app.add_typer(db_cmd.app, name="db")


def _register_optional_groups() -> None:
    """Sub-command groups of the other capabilities; each lives in its own module."""
    import importlib

    for module_name, group in (
        ("supportbot.cli.intents_cmd", "intents"),
        ("supportbot.cli.entities_cmd", "entities"),
        ("supportbot.cli.tools_cmd", "tools"),
        ("supportbot.cli.agent_cmd", "agent"),
        ("supportbot.cli.train_cmd", "train"),
        ("supportbot.cli.eval_cmd", "eval"),
        ("supportbot.cli.ticket_cmd", "ticket"),
        ("supportbot.cli.queue_cmd", "queue"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        app.add_typer(module.app, name=group)
    # Single commands (not groups): process, worker, chat.
    for module_name in ("supportbot.cli.process_cmd", "supportbot.cli.worker_cmd", "supportbot.cli.chat_cmd"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        module.register(app)


_register_optional_groups()


def main() -> None:
    """Entry point: run the app, print supportbot errors as one line, never a traceback."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    try:
        app()
    except SupportbotError as exc:
        typer.secho(f"error: {exc.user_message()}", fg=typer.colors.RED, err=True)
        sys.exit(2)
    except (OperationalError, InterfaceError) as exc:
        from supportbot.db.engine import describe_db_error
        from supportbot.settings import get_settings

        try:
            url = get_settings().database_url
        except SupportbotError:
            url = "?"
        typer.secho(f"error: {describe_db_error(exc, url).user_message()}", fg=typer.colors.RED, err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
