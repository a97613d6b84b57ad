"""Shared fixtures: isolated settings, and real demo databases on SQLite and PostgreSQL.

PostgreSQL tests use the server at ``PG_TEST_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). A test of the demo data gets its own
database, a copy (``CREATE DATABASE ... TEMPLATE``) of one migrated and loaded once per session,
which is far faster than migrating and loading it again (about 5 s a test); where the server
refuses ``CREATE DATABASE``, each test migrates and loads its own schema. A test of an empty
database gets its own schema. Either way runs never see each other's rows. They fail, not skip,
when the server is down.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import ProgrammingError

from supportbot.db.engine import create_db_engine
from supportbot.db.migrate import upgrade
from supportbot.db.seed import load_demo
from supportbot.settings import Settings, get_settings, load_settings

PG_TEST_URL = os.environ.get("PG_TEST_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test sees the developer's SUPPORTBOT_* variables or config file."""
    for key in list(os.environ):
        if key.startswith("SUPPORTBOT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("SUPPORTBOT_CONFIG", str(tmp_path / "no-such-config.toml"))
    monkeypatch.setenv("SUPPORTBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def _demo_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.db"
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    load_demo(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, _demo_sqlite_template: Path) -> str:
    """URL of a fresh copy of the migrated demo database (SQLite)."""
    path = tmp_path / "demo.db"
    shutil.copy(_demo_sqlite_template, path)
    return f"sqlite:///{path}"


def _new_pg_schema() -> tuple[str, str]:
    schema = f"sbt_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_TEST_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    sep = "&" if "?" in PG_TEST_URL else "?"
    return schema, f"{PG_TEST_URL}{sep}options=-csearch_path%3D{schema}"


def _drop_pg_schema(schema: str) -> None:
    admin = create_engine(PG_TEST_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def pg_empty_url() -> Iterator[str]:
    """URL of an empty PostgreSQL schema of its own (no tables)."""
    schema, url = _new_pg_schema()
    yield url
    _drop_pg_schema(schema)


def _pg_admin(statement: str) -> None:
    """Run ``statement`` outside a transaction (CREATE / DROP DATABASE need that)."""
    admin = create_engine(PG_TEST_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(statement))
    finally:
        admin.dispose()


def _pg_database_url(name: str) -> str:
    return make_url(PG_TEST_URL).set(database=name).render_as_string(hide_password=False)


def _load_demo_into(url: str) -> None:
    engine = create_db_engine(url)
    try:
        upgrade(engine)
        load_demo(engine)
    finally:
        engine.dispose()  # no connection may stay open on a template


@pytest.fixture(scope="session")
def _pg_demo_template() -> Iterator[str | None]:
    """Name of a database holding the migrated demo data, copied for each test; None when the
    server does not let us create databases."""
    name = f"sbt_template_{uuid.uuid4().hex[:12]}"
    try:
        _pg_admin(f'CREATE DATABASE "{name}"')
    except ProgrammingError:  # no CREATEDB privilege: per-test schemas instead
        yield None
        return
    try:
        _load_demo_into(_pg_database_url(name))
        yield name
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def pg_demo_database(template: str | None) -> Iterator[str]:
    """URL of a PostgreSQL database (or schema) of its own with the migrated demo data: a copy of
    ``template``, or migrated and loaded here when there is none; dropped afterwards."""
    if template is None:
        schema, url = _new_pg_schema()
        try:
            _load_demo_into(url)
            yield url
        finally:
            _drop_pg_schema(schema)
        return
    name = f"sbt_{uuid.uuid4().hex[:12]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield _pg_database_url(name)
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(_pg_demo_template: str | None) -> Iterator[str]:
    """URL of a migrated PostgreSQL database (or schema) of its own, loaded with the demo data."""
    with pg_demo_database(_pg_demo_template) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_url(request: pytest.FixtureRequest) -> str:
    """The demo database, once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    url: str = request.getfixturevalue(fixture)
    return url


@pytest.fixture
def demo_engine(demo_url: str) -> Iterator[Engine]:
    engine = create_db_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture
def demo_settings(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing at the demo database (also exported to the environment for CLI tests)."""
    monkeypatch.setenv("SUPPORTBOT_DB__URL", demo_url)
    get_settings.cache_clear()
    return get_settings()
