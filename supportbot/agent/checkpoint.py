"""LangGraph checkpointers: SQLite by default, PostgreSQL when the database is PostgreSQL."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy.engine import make_url

from supportbot.errors import DatabaseUnavailable
from supportbot.settings import Settings

CHECKPOINT_SETUP_LOCK = 0x5B0C4E7  # advisory lock key for the checkpointer's set-up
SETUP_WAIT_S = 120.0


def _try_lock(conn: Any) -> bool:
    row = conn.execute("SELECT pg_try_advisory_lock(%s) AS locked", (CHECKPOINT_SETUP_LOCK,)).fetchone()
    return bool(row["locked"])


def checkpoint_url(settings: Settings) -> str:
    if settings.agent.checkpoint_url:
        return settings.agent.checkpoint_url
    if settings.is_postgres:
        return settings.database_url
    return f"sqlite:///{settings.data_dir / 'checkpoints.db'}"


def _libpq_conninfo(url: str) -> str:
    """SQLAlchemy URL -> libpq URI (drops the '+driver' part)."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def make_checkpointer(settings: Settings) -> tuple[Any, Any]:
    """A ready checkpointer and the resource to close afterwards."""
    url = checkpoint_url(settings)
    if url.startswith("postgresql"):
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        pool = ConnectionPool(
            _libpq_conninfo(url),
            min_size=1,
            max_size=max(4, settings.worker.batch_size),
            kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
            open=True,
        )
        saver = PostgresSaver(pool)  # type: ignore[arg-type]
        # Several workers may start at once on a fresh database: their set-ups (CREATE TABLE,
        # migrations) must not race, so they take turns under an advisory lock.
        # Waiters poll pg_try_advisory_lock rather than block in pg_advisory_lock: a blocked
        # statement keeps a snapshot open, and the set-up's CREATE INDEX CONCURRENTLY waits for
        # every open snapshot, so a blocking wait would deadlock.
        with pool.connection() as conn:
            deadline = time.monotonic() + SETUP_WAIT_S
            while not _try_lock(conn):
                if time.monotonic() > deadline:
                    raise DatabaseUnavailable(
                        "timed out waiting for another process to set up the checkpoint tables"
                    )
                time.sleep(0.2)
            try:
                saver.setup()
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (CHECKPOINT_SETUP_LOCK,))
        return saver, pool
    import sqlite3

    from langgraph.checkpoint.sqlite import SqliteSaver

    path = make_url(url).database or ":memory:"
    if path != ":memory:":
        from pathlib import Path

        Path(path).parent.mkdir(parents=True, exist_ok=True)
    sqlite_conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
    sqlite_conn.execute("PRAGMA journal_mode=WAL")
    # WAL + synchronous=NORMAL: a commit does not wait for fsync (one fewer disk flush per turn,
    # about 3-8 ms here). The file stays consistent and survives a killed process; only an OS
    # crash or power loss can lose the latest checkpoints (the ticket's outcome and every
    # effect are in the order database, which keeps its own settings).
    sqlite_conn.execute("PRAGMA synchronous=NORMAL")
    sqlite_saver = SqliteSaver(sqlite_conn)
    sqlite_saver.setup()
    return sqlite_saver, sqlite_conn
