from __future__ import annotations

import pytest
from sqlalchemy import inspect

from supportbot.db.engine import create_db_engine
from supportbot.db.migrate import current_revision, downgrade, head_revision, upgrade
from supportbot.db.models import Base


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    url: str = request.getfixturevalue("pg_empty_url")
    return url


def test_upgrade_creates_every_table_and_is_idempotent(empty_url: str) -> None:
    engine = create_db_engine(empty_url)
    upgrade(engine)
    upgrade(engine)  # a second run changes nothing
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables
    engine.dispose()


def test_lookup_indexes_exist(empty_url: str) -> None:
    engine = create_db_engine(empty_url)
    upgrade(engine)
    insp = inspect(engine)
    indexed = lambda table: {tuple(ix["column_names"]) for ix in insp.get_indexes(table)}  # noqa: E731
    assert ("customer_id",) in indexed("orders")
    assert ("email",) in indexed("customers")
    pk = insp.get_pk_constraint("orders")["constrained_columns"]
    assert pk == ["id"]
    engine.dispose()


def test_models_match_migrations(empty_url: str) -> None:
    """Autogenerate finds no difference between the ORM models and the migrated schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = create_db_engine(empty_url)
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()


def test_downgrade_to_base_drops_tables(empty_url: str) -> None:
    engine = create_db_engine(empty_url)
    upgrade(engine)
    downgrade(engine, "base")
    assert "orders" not in inspect(engine).get_table_names()
    engine.dispose()
