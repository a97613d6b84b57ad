"""``supportbot db``: create, migrate, load demo data, show counts."""

from __future__ import annotations

import typer

from supportbot.db import migrate, seed, stats
from supportbot.db.engine import check_connection, get_engine, require_schema
from supportbot.settings import get_settings

app = typer.Typer(help="Order and ticket database.", no_args_is_help=True)


@app.command("init")
def init(
    demo: bool = typer.Option(False, "--demo", help="Load the bundled retail demo data (idempotent)."),
    reset: bool = typer.Option(False, "--reset", help="Delete all rows first, then start over."),
) -> None:
    """Create or upgrade the schema; optionally load the demo shop."""
    settings = get_settings()
    engine = get_engine(settings)
    check_connection(engine)
    migrate.upgrade(engine)
    if reset:
        seed.reset(engine)
        typer.echo("reset: all rows deleted")
    typer.echo(f"schema at revision {migrate.current_revision(engine)} ({engine.url.render_as_string()})")
    if demo:
        report = seed.load_demo(engine, progress=True)
        if report.total:
            typer.echo(
                f"demo data loaded: {report.customers} customers, {report.orders} orders, "
                f"{report.products} products, {report.variants} variants"
            )
        else:
            typer.echo("demo data already present: nothing changed")


@app.command("upgrade")
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION."""
    engine = get_engine()
    check_connection(engine)
    migrate.upgrade(engine, revision)
    typer.echo(f"schema at revision {migrate.current_revision(engine)}")


@app.command("stats")
def show_stats() -> None:
    """Row counts by table and orders by status."""
    from rich.console import Console
    from rich.table import Table

    engine = get_engine()
    require_schema(engine)
    console = Console()
    t = Table(title="rows by table")
    t.add_column("table")
    t.add_column("rows", justify="right")
    for name, n in stats.table_counts(engine).items():
        t.add_row(name, str(n))
    console.print(t)
    for title, counts in (
        ("orders by status", stats.order_status_counts(engine)),
        ("tickets by status", stats.ticket_status_counts(engine)),
    ):
        t = Table(title=title)
        t.add_column("status")
        t.add_column("count", justify="right")
        for status, n in counts.items():
            t.add_row(status, str(n))
        console.print(t)
