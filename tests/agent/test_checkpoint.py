from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from supportbot.agent.checkpoint import checkpoint_url, make_checkpointer
from supportbot.settings import load_settings


def test_sqlite_checkpoints_live_in_the_data_dir(tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = load_settings(data_dir=tmp_path)
    assert checkpoint_url(s) == f"sqlite:///{tmp_path / 'checkpoints.db'}"
    _saver, conn = make_checkpointer(s)
    conn.close()
    assert (tmp_path / "checkpoints.db").is_file()


@pytest.mark.postgres
def test_workers_starting_together_set_up_checkpoints_once(pg_empty_url: str) -> None:
    """Four processes' worth of set-ups on a fresh database must not race (UniqueViolation)."""
    s = load_settings(db={"url": pg_empty_url})
    assert checkpoint_url(s) == pg_empty_url

    def start(_: int) -> None:
        _saver, pool = make_checkpointer(s)
        pool.close()

    with ThreadPoolExecutor(4) as ex:
        list(ex.map(start, range(4)))


def test_sqlite_checkpoints_use_wal_without_waiting_for_fsync(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _saver, conn = make_checkpointer(load_settings(data_dir=tmp_path))
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    finally:
        conn.close()
