"""Shared fixtures: isolated settings, and real demo databases on SQLite and PostgreSQL.

PostgreSQL tests use the server at ``PG_TEST_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``); each test gets its own schema, so runs
never see each other's rows. They fail, not skip, when the server is down.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

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


@pytest.fixture
def pg_url(pg_empty_url: str) -> str:
    """URL of a migrated PostgreSQL schema loaded with the demo data."""
    engine = create_db_engine(pg_empty_url)
    upgrade(engine)
    load_demo(engine)
    engine.dispose()
    return pg_empty_url


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
