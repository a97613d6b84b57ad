"""Order and ticket database: typed ORM models, engine/session handling, migrations, demo data."""
