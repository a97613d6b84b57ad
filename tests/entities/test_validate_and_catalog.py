"""Database side: catalogue from the DB (SQLite and PostgreSQL), fallbacks, order-id flags."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.migrate import upgrade
from supportbot.db.models import Product, Variant
from supportbot.entities.extractor import clear_cache, load_extractor
from supportbot.entities.validate import validate_order_ids
from supportbot.settings import Settings

from .conftest import TODAY


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_cache()


def test_catalogue_comes_from_the_database(demo_engine: Engine, demo_settings: Settings) -> None:
    with session_scope(demo_engine) as s:
        product = Product(id="9990000001", name="Cat Tree")
        product.variants = [Variant(id="9990000002", options={"color": "mauve"}, price=10, available=True)]
        s.add(product)
    extractor = load_extractor(demo_settings, demo_engine)
    assert extractor.catalog.source == "db"
    values = [(e.type, e.value) for e in extractor.extract("the mauve cat trees and a laptop").entities]
    assert values == [("variant", "mauve"), ("product", "Cat Tree"), ("product", "Laptop")]
    assert load_extractor(demo_settings, demo_engine) is extractor  # cached


def test_empty_database_falls_back_to_vendored_catalogue(tmp_path, settings: Settings) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(engine)
    extractor = load_extractor(settings, engine)
    assert extractor.catalog.source.startswith("json")
    assert extractor.extract("my laptop").first("product") is not None
    engine.dispose()


def test_unreachable_database_falls_back(settings: Settings) -> None:
    engine = create_db_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_timeout_s=1)
    extractor = load_extractor(settings, engine)
    assert extractor.catalog.source.startswith("json")


def test_default_settings_do_not_create_a_database_file(settings: Settings) -> None:
    extractor = load_extractor(settings)
    assert extractor.catalog.source.startswith("json")
    assert not (settings.data_dir / "supportbot.db").exists()


def test_order_flags_ok_unknown_foreign(demo_engine: Engine, demo_settings: Settings) -> None:
    extractor = load_extractor(demo_settings, demo_engine)
    # #W2611340 belongs to james_li_5688 in the demo shop; #W7678072 to noah_brown_6181.
    extraction = extractor.extract("orders W2611340, W7678072 and W0000001", today=TODAY)
    with session_scope(demo_engine) as session:
        checked = validate_order_ids(extraction, "james_li_5688", session)
        anonymous = validate_order_ids(extraction, None, session)
    assert [(e.value, e.flag) for e in checked.of_type("order_id")] == [
        ("#W2611340", "ok"),
        ("#W7678072", "foreign"),
        ("#W0000001", "unknown"),
    ]
    assert [e.flag for e in anonymous.of_type("order_id")] == ["ok", "ok", "unknown"]
    assert all(e.flag is None for e in extraction.entities)  # the input is not modified


def test_validate_without_order_ids_is_a_copy(sqlite_url: str) -> None:
    from supportbot.entities.types import Extraction

    engine = create_db_engine(sqlite_url)
    with session_scope(engine) as session:
        assert validate_order_ids(Extraction(), "x", session) == Extraction()
    engine.dispose()
