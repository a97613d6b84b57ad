"""The shop's support profile (``supportbot/data/store.yaml`` or the configured file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from supportbot.errors import ConfigError
from supportbot.paths import PACKAGE_DATA

DEFAULT_STORE_PROFILE = PACKAGE_DATA / "store.yaml"


class StoreProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    store_name: str
    support: dict[str, str]
    answers: dict[str, str]

    def answer(self, intent: str) -> str | None:
        return self.answers.get(intent)


@lru_cache(maxsize=4)
def load_store_profile(path: Path | None = None) -> StoreProfile:
    source = path or DEFAULT_STORE_PROFILE
    try:
        raw: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
        return StoreProfile(**raw)
    except (OSError, yaml.YAMLError, TypeError, ValueError) as exc:
        raise ConfigError("agent.store_profile", f"cannot load {source}: {exc}") from None
