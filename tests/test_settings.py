from __future__ import annotations

from pathlib import Path

import pytest

from supportbot.errors import ConfigError
from supportbot.settings import load_settings, masked_dump


def test_defaults_use_sqlite_in_data_dir(tmp_path: Path) -> None:
    s = load_settings()
    assert s.database_url == f"sqlite:///{tmp_path / 'data' / 'supportbot.db'}"
    assert not s.is_postgres


def test_env_overrides_nested(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_DB__URL", "postgresql+psycopg://u:secret@h:5432/d")
    monkeypatch.setenv("SUPPORTBOT_INTENTS__LOW_CONFIDENCE_THRESHOLD", "0.7")
    s = load_settings()
    assert s.is_postgres
    assert s.intents.low_confidence_threshold == 0.7
    shown = masked_dump(s)
    assert "secret" not in str(shown)


def test_unknown_env_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_DB__URLL", "x")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "SUPPORTBOT_DB__URLL" in str(err.value)


def test_malformed_db_url_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_DB__URL", "not a url")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert err.value.setting == "db.url"


def test_toml_file_and_unknown_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "sb.toml"
    cfg.write_text('[llm]\nbackend = "template"\n')
    monkeypatch.setenv("SUPPORTBOT_CONFIG", str(cfg))
    assert load_settings().llm.backend == "template"
    cfg.write_text('[llm]\nbakend = "template"\n')
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert err.value.setting == "llm.bakend"


def test_invalid_value_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_WORKER__MAX_ATTEMPTS", "0")
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert err.value.setting == "worker.max_attempts"
