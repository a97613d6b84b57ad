"""Alembic environment: runs with the connection handed over by supportbot.db.migrate."""

from __future__ import annotations

from alembic import context

from supportbot.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from supportbot.db.engine import get_engine

        connection = get_engine().connect()
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
