"""The parts the graph runs with, loaded lazily once per process and injectable in tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from supportbot.agent.store import StoreProfile, load_store_profile
from supportbot.settings import Settings

if TYPE_CHECKING:
    from supportbot.intents.types import IntentClassifier
    from supportbot.llm.base import ReplyBackend


@dataclass
class Components:
    settings: Settings
    engine: Engine
    classifier_override: Any = None
    extractor_override: Any = None
    backend_override: Any = None
    _extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def classifier(self) -> IntentClassifier:
        if self.classifier_override is not None:
            return self.classifier_override
        from supportbot.intents.router import load_intent_classifier

        return load_intent_classifier(self.settings)

    @cached_property
    def extractor(self) -> Any:
        if self.extractor_override is not None:
            return self.extractor_override
        from supportbot.entities.extractor import load_extractor

        return load_extractor(self.settings, self.engine)

    @cached_property
    def backend(self) -> ReplyBackend | None:
        """The reply model, or None for the 'template' backend."""
        if self.backend_override is not None:
            return self.backend_override
        if self.settings.llm.backend == "template":
            return None
        from supportbot.llm.loader import load_backend

        return load_backend(self.settings)

    @cached_property
    def store(self) -> StoreProfile:
        return load_store_profile(self.settings.agent.store_profile)

    @cached_property
    def product_names(self) -> list[str]:
        from sqlalchemy import select

        from supportbot.db.engine import session_scope
        from supportbot.db.models import Product

        with session_scope(self.engine) as s:
            return sorted(set(s.scalars(select(Product.name))))

    def warm_up(self) -> None:
        """Load every part now (the worker does this before claiming tickets)."""
        _ = (self.classifier, self.extractor, self.backend, self.store, self.product_names)
