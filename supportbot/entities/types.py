"""Extracted entities: the contract used by the agent graph, batch output and evaluation."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal[
    "order_id",
    "product",
    "variant",
    "tracking_number",
    "email",
    "amount",
    "date",
    "person_name",
    "invoice_id",
]
ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]

# ok: checked and usable; unknown: no such record; foreign: belongs to another customer.
EntityFlag = Literal["ok", "unknown", "foreign"]


class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: EntityType
    value: str = Field(description="Normalised value: '#W2611340', ISO date, '12.50 USD', catalog name...")
    text: str = Field(description="The surface text as it appeared in the ticket.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    source: str = Field(default="rule", description="rule | catalog | ner | spacy")
    flag: EntityFlag | None = Field(default=None, description="Set by database validation (order ids).")


class Extraction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: list[Entity] = Field(default_factory=list)
    truncated: bool = Field(default=False, description="The text was cut to entities.max_chars first.")

    def of_type(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.type == kind]

    def first(self, kind: str) -> Entity | None:
        return next((e for e in self.entities if e.type == kind), None)
