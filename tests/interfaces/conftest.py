from __future__ import annotations

import pytest

from supportbot.db.engine import create_db_engine
from supportbot.db.migrate import upgrade


@pytest.fixture
def pg_queue_url(pg_empty_url: str) -> str:
    """A migrated PostgreSQL schema without the demo shop (queue tests need no orders)."""
    engine = create_db_engine(pg_empty_url)
    upgrade(engine)
    engine.dispose()
    return pg_empty_url
