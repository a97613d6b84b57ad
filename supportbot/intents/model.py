"""The trained intent model: features, linear classifier, temperature and chosen thresholds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from supportbot.errors import ArtifactError
from supportbot.intents.calibration import softmax
from supportbot.paths import MODELS_DIR

# Bump when the pickled structure changes; older artefacts are refused with a clear message.
FORMAT_VERSION = 1
DEFAULT_MODEL_DIR = MODELS_DIR / "intents"
DEFAULT_MODEL_FILE = DEFAULT_MODEL_DIR / "intent_model.joblib"
CARD_NAME = "model_card.json"


class ModelCard(BaseModel):
    """What the artefact is and how it was made; written next to it as JSON."""

    model_config = ConfigDict(extra="forbid")

    format_version: int = FORMAT_VERSION
    model_version: str
    features: str
    labels: list[str]
    oos_label: str
    temperature: float
    oos_threshold: float
    low_confidence_threshold: float
    seed: int
    train_examples: int
    train_seconds: float
    data: dict[str, Any] = Field(default_factory=dict)
    validation: dict[str, Any] = Field(default_factory=dict)


class IntentModel:
    def __init__(self, features: Any, classifier: Any, card: ModelCard) -> None:
        self.features = features
        self.classifier = classifier
        self.card = card

    @property
    def labels(self) -> list[str]:
        return self.card.labels

    @property
    def oos_label(self) -> str:
        return self.card.oos_label

    def scores(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.classifier.decision_function(self.features.transform(texts)), dtype=np.float64)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return softmax(self.scores(texts), self.card.temperature)

    def save(self, path: Path) -> Path:
        import joblib

        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(
            {"format_version": FORMAT_VERSION, "features": self.features, "classifier": self.classifier,
             "card": self.card.model_dump(mode="json")},
            path,
            compress=("xz", 3),
        )  # fmt: skip
        (path.parent / CARD_NAME).write_text(json.dumps(self.card.model_dump(mode="json"), indent=2) + "\n")
        return path

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        import joblib

        if not path.is_file():
            raise ArtifactError(
                f"intent model not found at {path}", hint="train one with 'supportbot intents train'"
            )
        try:
            blob = joblib.load(path)
        except Exception as exc:  # a truncated or foreign file
            raise ArtifactError(f"intent model at {path} cannot be read: {exc}") from exc
        if not isinstance(blob, dict) or blob.get("format_version") != FORMAT_VERSION:
            raise ArtifactError(
                f"intent model at {path} has an unsupported format",
                hint=f"expected format {FORMAT_VERSION}; retrain with 'supportbot intents train'",
            )
        card = ModelCard.model_validate(blob["card"])
        return cls(blob["features"], blob["classifier"], card)
