"""``supportbot worker``: process queued tickets with the agent until stopped."""

from __future__ import annotations

import os
import shutil
import sys
import time

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
    import threading

    from supportbot.db.engine import get_engine, require_schema
    from supportbot.interfaces.db_wait import Waiting, stop_on_signals, wait_until_reachable
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
    tty = sys.stdout.isatty()
    last_wait_line = [-float("inf")]

    def status(line: str) -> None:
        """A status line, rewritten in place on a TTY."""
        if tty:
            width = shutil.get_terminal_size().columns - 1
            sys.stdout.write("\r\033[K" + line[:width])
            sys.stdout.flush()
        else:
            typer.echo(line)

    waited: list[Waiting] = []
    url = engine.url
    where = f"{url.host}:{url.port or 5432}" if url.get_backend_name() == "postgresql" else str(url.database)

    def waiting(w: Waiting) -> None:
        """At start and during an outage mid-run (off a TTY: every worker.progress_every_s)."""
        waited.append(w)
        if tty or time.monotonic() - last_wait_line[0] >= settings.worker.progress_every_s:
            last_wait_line[0] = time.monotonic()
            status(w.line(where))

    def reachable() -> bool:
        require_schema(engine)  # a connection failure is waited out; a missing schema is not
        return True

    stop = threading.Event()
    started = time.monotonic()
    with stop_on_signals(stop):  # SIGTERM / Ctrl-C while waiting for the database: exit cleanly
        ready = wait_until_reachable(reachable, settings, stop, waiting)
        runner = start_agent_runner(settings) if ready and not stop.is_set() else None
    if waited:
        if tty:
            sys.stdout.write("\n")
        if runner is not None:
            typer.echo(
                f"database reachable after {time.monotonic() - started:,.0f} s "
                f"({len(waited)} failed attempt(s)); starting"
            )
    if runner is None or stop.is_set():
        typer.echo("worker stopped before it started (stop signal while waiting for the database)")
        return
    last = [0.0]
    if engine.dialect.name == "sqlite":
        typer.echo("SQLite database: running a single worker (use PostgreSQL for several workers).", err=True)

    def depth() -> int | None:
        try:
            return queue_depth(engine)
        except Exception:  # the database blinked: the line goes without the queue depth
            return None

    def progress(stats: WorkerStats) -> None:
        if tty:
            status(stats.line(depth()))
        elif stats.elapsed_s - last[0] >= settings.worker.progress_every_s:
            last[0] = stats.elapsed_s
            typer.echo(stats.line(depth()))

    consumer = Worker(
        engine,
        settings,
        runner.run_many,
        worker_id=worker_id,
        exit_when_idle=drain,
        max_tickets=max_tickets,
        on_progress=progress,
        on_waiting=waiting,
    )
    consumer.install_signal_handlers()
    stats = consumer.run()
    if tty:
        sys.stdout.write("\n")
    typer.echo(f"worker {consumer.worker_id} stopped: {stats.line(depth())}")
    if stats.aborted:  # second signal: do not wait for the abandoned batch's generation to finish
        sys.stdout.flush()
        os._exit(130)
