"""``supportbot ticket``: put tickets into the queue (one from the command line, or a file)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

app = typer.Typer(help="Ticket intake: add tickets to the worker queue.", no_args_is_help=True)


@app.command("add")
def add(
    from_: str = typer.Option(..., "--from", help="The customer's e-mail address."),
    subject: str = typer.Option(None, "--subject", "-s", help="Subject line."),
    body: str = typer.Option(None, "--body", "-b", help="The message; read from stdin when omitted."),
    ticket_id: str = typer.Option(None, "--id", help="Ticket id (default: generated)."),
    channel: str = typer.Option("email", "--channel", help="email, chat, helpdesk or batch."),
) -> None:
    """Add one ticket to the queue."""
    from supportbot.db.engine import get_engine, require_schema, session_scope
    from supportbot.errors import InputError
    from supportbot.interfaces.intake import add_ticket, parse_ticket

    if body is None:
        if sys.stdin.isatty():
            typer.echo("type the message, end with Ctrl-D:", err=True)
        body = sys.stdin.read()
    ticket = parse_ticket(
        {"id": ticket_id, "customer_email": from_, "subject": subject, "body": body, "channel": channel}
    )
    engine = get_engine()
    require_schema(engine)
    with session_scope(engine) as session:
        row = add_ticket(session, ticket)
        if row is None:
            raise InputError(f"ticket {ticket.id} already exists")
        known = "" if row.customer_id else " (no customer with this e-mail: the bot will ask a human)"
        typer.echo(f"queued {row.id}{known}")


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="CSV (header: id,customer_email,subject,body) or JSONL file."),
) -> None:
    """Add every ticket of a CSV or JSONL file to the queue; ids already present are skipped."""
    from supportbot.db.engine import get_engine, require_schema
    from supportbot.interfaces.intake import import_records, read_records

    engine = get_engine()
    require_schema(engine)
    report = import_records(engine, read_records(file))
    for number, reason in report.invalid[:20]:
        typer.secho(f"{file}:{number}: {reason}", fg=typer.colors.YELLOW, err=True)
    if len(report.invalid) > 20:
        typer.secho(
            f"... and {len(report.invalid) - 20} more invalid lines", fg=typer.colors.YELLOW, err=True
        )
    typer.echo(
        f"queued {report.added} ticket(s); {report.duplicates} already present; {len(report.invalid)} invalid"
    )
    if report.invalid:
        raise typer.Exit(1)


@app.command("show")
def show(ticket_id: str = typer.Argument(..., help="Ticket id.")) -> None:
    """A ticket's status, attempts, last error and conversation."""
    from rich.console import Console
    from rich.text import Text

    from supportbot.db.engine import get_engine, require_schema, session_scope
    from supportbot.db.models import Ticket
    from supportbot.errors import InputError

    engine = get_engine()
    require_schema(engine)
    console = Console()
    with session_scope(engine) as session:
        row = session.get(Ticket, ticket_id)
        if row is None:
            raise InputError(f"no ticket with id {ticket_id}")
        console.print(
            Text(
                f"{row.id}  status {row.status}  attempts {row.attempts}  from {row.customer_email or '-'}  "
                f"subject {row.subject or '-'}"
            )
        )
        if row.last_error:
            console.print(Text(f"last error: {row.last_error}", style="red"))
        for message in row.messages:
            console.print(Text(f"[{message.role}] {message.author or ''}", style="bold"))
            console.print(Text(message.body))
