from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.settings import get_settings

runner = CliRunner()


def test_init_demo_twice_and_stats(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SUPPORTBOT_DB__URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    first = runner.invoke(app, ["db", "init", "--demo"])
    assert first.exit_code == 0, first.output
    assert "1000 orders" in first.output
    second = runner.invoke(app, ["db", "init", "--demo"])
    assert second.exit_code == 0
    assert "nothing changed" in second.output
    stats = runner.invoke(app, ["db", "stats"])
    assert stats.exit_code == 0
    assert "pending" in stats.output and "423" in stats.output


@pytest.mark.postgres
def test_init_demo_reset_on_postgres(pg_empty_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_DB__URL", pg_empty_url)
    get_settings.cache_clear()
    assert runner.invoke(app, ["db", "init", "--demo"]).exit_code == 0
    result = runner.invoke(app, ["db", "init", "--demo", "--reset"])
    assert result.exit_code == 0, result.output
    assert "reset" in result.output and "1000 orders" in result.output


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"SUPPORTBOT_DB__URL": "mysql://x@y/z"}, "db.url"),
        ({"SUPPORTBOT_DB__URL": "postgresql+psycopg://postgres@127.0.0.1:1/test"}, "db.url"),
        ({"SUPPORTBOT_NOPE": "1"}, "SUPPORTBOT_NOPE"),
    ],
)
def test_bad_settings_give_one_line_without_traceback(env: dict[str, str], needle: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    full_env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
    full_env.update(env, SUPPORTBOT_DATA_DIR=str(tmp_path), SUPPORTBOT_CONFIG=str(tmp_path / "none.toml"))
    proc = subprocess.run(
        [sys.executable, "-m", "supportbot", "db", "stats"],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], proc.stderr


def test_config_show_masks_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_DB__URL", "postgresql+psycopg://u:hunter2@h:5432/d")
    get_settings.cache_clear()
    result = runner.invoke(app, ["config", "show", "--json"])
    assert result.exit_code == 0
    assert "hunter2" not in result.output and "***" in result.output
