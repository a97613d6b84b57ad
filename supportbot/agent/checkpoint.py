"""LangGraph checkpointers: SQLite by default, PostgreSQL when the database is PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url

from supportbot.settings import Settings


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
        saver.setup()
        return saver, pool
    import sqlite3

    from langgraph.checkpoint.sqlite import SqliteSaver

    path = make_url(url).database or ":memory:"
    if path != ":memory:":
        from pathlib import Path

        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    sqlite_saver = SqliteSaver(conn)
    sqlite_saver.setup()
    return sqlite_saver, conn
