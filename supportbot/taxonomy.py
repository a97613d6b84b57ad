"""The 44-intent label contract (``supportbot/data/taxonomy.yaml``), loaded once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from supportbot.paths import TAXONOMY_FILE

OUT_OF_SCOPE = "out_of_scope"


class IntentSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    category: str
    bitext: str | None
    needs: tuple[str, ...]
    acts: bool
    description: str


class Taxonomy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    fallback: str
    intents: dict[str, IntentSpec]

    @property
    def names(self) -> list[str]:
        return list(self.intents)

    @property
    def labels(self) -> list[str]:
        """All labels a classifier may output: the 44 intents plus the fallback."""
        return [*self.intents, self.fallback]

    def spec(self, name: str) -> IntentSpec:
        return self.intents[name]


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    raw: dict[str, Any] = yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))
    intents = {
        name: IntentSpec(
            name=name,
            category=spec["category"],
            bitext=spec.get("bitext"),
            needs=tuple(spec.get("needs") or ()),
            acts=bool(spec.get("acts")),
            description=spec["description"],
        )
        for name, spec in raw["intents"].items()
    }
    return Taxonomy(version=raw["version"], fallback=raw["fallback"], intents=intents)


@lru_cache(maxsize=1)
def action_intents() -> frozenset[str]:
    """The intents whose plans act on an order or the account (``acts: true``)."""
    return frozenset(name for name, spec in load_taxonomy().intents.items() if spec.acts)
