"""Engines and sessions, with driver errors translated to supportbot's own errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from supportbot.errors import ConfigError, DatabaseNotInitialised, DatabaseUnavailable
from supportbot.settings import Settings, get_settings


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def create_db_engine(url: str, *, connect_timeout_s: float = 5.0, echo: bool = False) -> Engine:
    """Create an engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError("db.url", f"not a database URL: {exc}") from None
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    elif parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": max(1, int(connect_timeout_s))}
        kwargs["pool_pre_ping"] = True
    else:
        raise ConfigError("db.url", f"unsupported database '{parsed.get_backend_name()}'")
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise ConfigError("db.url", str(exc)) from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@lru_cache(maxsize=8)
def _cached_engine(url: str, connect_timeout_s: float, echo: bool) -> Engine:
    return create_db_engine(url, connect_timeout_s=connect_timeout_s, echo=echo)


def get_engine(settings: Settings | None = None) -> Engine:
    """The process-wide engine for the configured database."""
    s = settings or get_settings()
    return _cached_engine(s.database_url, s.db.connect_timeout_s, s.db.echo)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)


def describe_db_error(exc: Exception, url: str) -> DatabaseUnavailable:
    where = make_url(url).render_as_string(hide_password=True)
    first_line = (
        str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0] if str(exc) else type(exc).__name__
    )
    return DatabaseUnavailable(
        f"setting db.url: cannot reach the database at {where}: {first_line}",
        hint="check SUPPORTBOT_DB__URL and that the server is running",
    )


def is_transient(exc: BaseException) -> bool:
    """True for connection-level failures worth retrying."""
    if isinstance(exc, DatabaseUnavailable):
        return True
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A transaction: commit on success, roll back on any error. Connection failures become
    :class:`DatabaseUnavailable`."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except (OperationalError, InterfaceError) as exc:
        session.rollback()
        raise describe_db_error(exc, str(engine.url)) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def check_connection(engine: Engine) -> None:
    """Connect once; raise :class:`DatabaseUnavailable` with a one-line reason if impossible."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except (OperationalError, InterfaceError) as exc:
        raise describe_db_error(exc, str(engine.url)) from exc


def require_schema(engine: Engine) -> None:
    """Raise :class:`DatabaseNotInitialised` unless the schema exists."""
    check_connection(engine)
    if not inspect(engine).has_table("orders"):
        raise DatabaseNotInitialised(
            "the database has no supportbot schema", hint="run 'supportbot db init --demo'"
        )
