"""The intent router's result: the contract the agent graph relies on."""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field


class IntentPrediction(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: str = Field(description="A taxonomy intent name, or 'out_of_scope'.")
    confidence: float = Field(ge=0, le=1, description="Calibrated probability of `intent`.")
    top: list[tuple[str, float]] = Field(description="Top intents with probabilities, best first (up to 3).")
    language: str = Field(description="ISO 639-1 code of the text, or 'unknown'.")
    low_confidence: bool = Field(description="True when confidence is below the escalation threshold.")
    out_of_scope: bool = Field(description="True when the ticket is outside the 44 intents.")


class IntentClassifier(Protocol):
    def predict(self, text: str) -> IntentPrediction: ...

    def predict_many(self, texts: list[str]) -> list[IntentPrediction]: ...
