"""Programmatic Alembic: upgrade, downgrade, current revision, new revisions (for developers)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from supportbot.lazy import require
from supportbot.paths import PACKAGE_DIR

MIGRATIONS_DIR = PACKAGE_DIR / "db" / "migrations"


def _config(connection: object | None = None) -> Any:
    alembic_config = require("alembic.config")
    cfg = alembic_config.Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (idempotent)."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(_config(conn), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def autogenerate(engine: Engine, message: str) -> None:
    """Write a new revision from the difference between the models and ``engine``'s schema."""
    from alembic import command

    with engine.begin() as conn:
        command.revision(_config(conn), message=message, autogenerate=True)
