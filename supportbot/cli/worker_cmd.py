"""``supportbot worker``: process queued tickets with the agent until stopped."""

from __future__ import annotations

import os
import sys

import typer


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)


def worker(
    batch_size: int = typer.Option(None, "--batch-size", help="Tickets claimed and generated together."),
    drain: bool = typer.Option(False, "--drain", help="Exit when the queue is empty instead of waiting."),
    max_tickets: int = typer.Option(None, "--max-tickets", min=1, help="Stop after this many tickets."),
    worker_id: str = typer.Option(None, "--id", help="Name in leases and logs (default host:pid:random)."),
) -> None:
    """Claim queued tickets, run them through the agent, write replies and handoffs.

    PostgreSQL: run as many workers as you like, on any machines. SQLite: one worker. SIGTERM or
    Ctrl-C finishes the current batch and exits; a second one releases the batch at once.
    """
    from supportbot.db.engine import get_engine, require_schema
    from supportbot.interfaces.runner_port import start_agent_runner
    from supportbot.interfaces.ticket_queue import queue_depth
    from supportbot.interfaces.worker import Worker, WorkerStats
    from supportbot.privacy import configure_logging
    from supportbot.settings import get_settings

    settings = get_settings()
    if batch_size:
        settings = settings.model_copy(
            update={"worker": settings.worker.model_copy(update={"batch_size": batch_size})}
        )
    configure_logging(settings)  # structured JSON on stderr, personal data masked
    engine = get_engine(settings)
    require_schema(engine)
    if engine.dialect.name == "sqlite":
        typer.echo("SQLite database: running a single worker (use PostgreSQL for several workers).", err=True)
    runner = start_agent_runner(settings)
    tty = sys.stdout.isatty()
    last = [0.0]

    def progress(stats: WorkerStats) -> None:
        if tty:
            sys.stdout.write("\r\033[K" + stats.line(queue_depth(engine)))
            sys.stdout.flush()
        elif stats.elapsed_s - last[0] >= settings.worker.progress_every_s:
            last[0] = stats.elapsed_s
            typer.echo(stats.line(queue_depth(engine)))

    consumer = Worker(
        engine,
        settings,
        runner.run_many,
        worker_id=worker_id,
        exit_when_idle=drain,
        max_tickets=max_tickets,
        on_progress=progress,
    )
    consumer.install_signal_handlers()
    stats = consumer.run()
    if tty:
        sys.stdout.write("\n")
    typer.echo(f"worker {consumer.worker_id} stopped: {stats.line(queue_depth(engine))}")
    if stats.aborted:  # second signal: do not wait for the abandoned batch's generation to finish
        sys.stdout.flush()
        os._exit(130)
