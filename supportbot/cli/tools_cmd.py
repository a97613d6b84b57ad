"""``supportbot tools``: list the tools, show one's arguments, call one as a customer."""

from __future__ import annotations

import json

import typer

app = typer.Typer(help="Order-database tools (the same ones the agent calls).", no_args_is_help=True)


@app.command("list")
def list_tools() -> None:
    """Every tool: group, whether it changes the database, needs consent, works without a customer."""
    from rich.console import Console
    from rich.table import Table

    from supportbot.tools.registry import REGISTRY

    table = Table(title=f"{len(REGISTRY)} tools")
    for column in ("tool", "group", "acts", "consent", "public", "what it does"):
        table.add_column(column)
    for spec in REGISTRY.values():
        flags = ["yes" if f else "" for f in (spec.acts, spec.needs_consent, spec.public)]
        table.add_row(spec.name, spec.group, *flags, spec.summary)
    Console(width=160).print(table)


@app.command("show")
def show(name: str = typer.Argument(..., help="Tool name.")) -> None:
    """A tool's description and JSON schema of its arguments."""
    from supportbot.errors import InputError
    from supportbot.tools.registry import REGISTRY

    spec = REGISTRY.get(name)
    if spec is None:
        raise InputError(f"no tool named '{name}'", hint="see 'supportbot tools list'")
    typer.echo(spec.description)
    typer.echo(json.dumps(spec.args_model.model_json_schema(), indent=2))


@app.command("call")
def call(
    name: str = typer.Argument(..., help="Tool name, e.g. get_order_details."),
    as_email: str = typer.Option(
        "", "--as", help="Act as the customer with this email (empty: unknown sender)."
    ),
    args: str = typer.Option(
        "{}", "--args", help='Arguments as a JSON object, e.g. \'{"order_id": "#W2611340"}\'.'
    ),
    ticket: str | None = typer.Option(
        None, "--ticket", help="Ticket id (audit log, default idempotency key)."
    ),
    actor: str = typer.Option("cli", "--actor", help="Who is acting, for the audit log."),
) -> None:
    """Call a tool exactly as the agent would and print its result as JSON. Exit code 0 when the
    status is ok, 1 otherwise."""
    from supportbot.db.engine import get_engine, require_schema
    from supportbot.errors import InputError
    from supportbot.settings import get_settings
    from supportbot.tools.context import ToolContext
    from supportbot.tools.registry import call_tool

    try:
        parsed = json.loads(args)
    except json.JSONDecodeError as exc:
        raise InputError(f"--args is not valid JSON: {exc.msg} at position {exc.pos}") from None
    settings = get_settings()
    engine = get_engine(settings)
    require_schema(engine)
    ctx = ToolContext.for_sender(engine, as_email or None, ticket_id=ticket, actor=actor, settings=settings)
    if as_email and ctx.customer_id is None:
        typer.secho(f"note: no customer with email {as_email}; acting as an unknown sender", err=True)
    result = call_tool(ctx, name, parsed)
    typer.echo(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    raise typer.Exit(0 if result.ok else 1)


@app.command("audit")
def audit(
    ticket: str | None = typer.Option(None, "--ticket", help="Only calls made for this ticket."),
    tool: str | None = typer.Option(None, "--tool", help="Only calls of this tool."),
    limit: int = typer.Option(20, "--limit", min=1, max=1000, help="Newest first, at most this many."),
) -> None:
    """The audit log of tool calls: when, actor, ticket, tool, status, duration."""
    from rich.console import Console
    from rich.table import Table
    from sqlalchemy import select

    from supportbot.db.engine import get_engine, require_schema, session_scope
    from supportbot.db.models import AuditLog

    engine = get_engine()
    require_schema(engine)
    stmt = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
    if ticket:
        stmt = stmt.where(AuditLog.ticket_id == ticket)
    if tool:
        stmt = stmt.where(AuditLog.action == tool)
    table = Table(title="audit log (newest first)")
    for column in ("at", "actor", "ticket", "tool", "status", "ms", "message"):
        table.add_column(column)
    with session_scope(engine) as s:
        for row in s.scalars(stmt):
            result = row.result or {}
            table.add_row(
                row.at.strftime("%Y-%m-%d %H:%M:%S"),
                row.actor,
                row.ticket_id or "-",
                row.action,
                str(result.get("status", "?")) + (" (replayed)" if result.get("replayed") else ""),
                f"{float(row.duration_ms):.1f}",
                str(result.get("message", ""))[:60],
            )
    Console(width=160).print(table)


@app.command("invoice")
def invoice(
    order_id: str = typer.Argument(..., help="Order id, e.g. '#W2611340'."),
    as_email: str = typer.Option(..., "--as", help="The customer the order belongs to (email)."),
    pdf: str | None = typer.Option(None, "--pdf", help="Also write the invoice as a PDF to this file."),
) -> None:
    """Print an order's invoice (through the audited get_invoice tool); optionally write a PDF."""
    from pathlib import Path

    from supportbot.db.engine import get_engine, require_schema
    from supportbot.errors import InputError
    from supportbot.settings import get_settings
    from supportbot.tools.context import ToolContext
    from supportbot.tools.invoice import render_invoice_pdf
    from supportbot.tools.registry import call_tool

    settings = get_settings()
    engine = get_engine(settings)
    require_schema(engine)
    ctx = ToolContext.for_sender(engine, as_email, actor="cli", settings=settings)
    result = call_tool(ctx, "get_invoice", {"order_id": order_id})
    if not result.ok:
        raise InputError(result.message)
    text = str(result.data["text"])
    typer.echo(text)
    if pdf:
        Path(pdf).write_bytes(render_invoice_pdf(text))
        typer.echo(f"wrote {pdf}")
