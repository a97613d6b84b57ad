from __future__ import annotations

import pytest

from supportbot.settings import Settings, get_settings


@pytest.fixture
def sqlite_settings(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings on a fresh SQLite demo database (exported to the environment for CLI tests)."""
    monkeypatch.setenv("SUPPORTBOT_DB__URL", sqlite_url)
    get_settings.cache_clear()
    return get_settings()
