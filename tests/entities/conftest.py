from __future__ import annotations

import datetime as dt

import pytest

from supportbot.entities.catalog import load_json_catalog
from supportbot.entities.extractor import DEFAULT_MODEL_DIR, EntityExtractor, load_pipeline
from supportbot.settings import load_settings

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="session")
def json_extractor() -> EntityExtractor:
    """The shipped pipeline with the vendored catalogue (no database)."""
    settings = load_settings()
    return EntityExtractor(load_pipeline(DEFAULT_MODEL_DIR), load_json_catalog(), settings.entities)
