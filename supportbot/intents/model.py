"""The trained intent model: features, linear classifier, temperature and chosen thresholds."""

from __future__ import annotations

import gzip
import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from supportbot.errors import ArtifactError
from supportbot.intents.calibration import softmax
from supportbot.intents.compiled import Block, StaticBlock, TunedBlock, block_scores, compile_blocks
from supportbot.paths import MODELS_DIR

# Bump when the pickled structure changes; older artefacts are refused with a clear message.
FORMAT_VERSION = 2
DEFAULT_MODEL_DIR = MODELS_DIR / "intents"
DEFAULT_MODEL_FILE = DEFAULT_MODEL_DIR / "intent_model.pkl.gz"
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
    """Feature blocks with their linear weights, the intercept and the model card (see
    :mod:`supportbot.intents.compiled`: no scikit-learn needed to load or predict)."""

    def __init__(self, blocks: list[Block], intercept: np.ndarray, card: ModelCard) -> None:
        self.blocks = blocks
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.card = card

    @classmethod
    def from_fitted(cls, features: Any, classifier: Any, card: ModelCard) -> IntentModel:
        """From a fitted scikit-learn FeatureUnion and linear classifier."""
        return cls(compile_blocks(features, np.asarray(classifier.coef_)), classifier.intercept_, card)

    @property
    def labels(self) -> list[str]:
        return self.card.labels

    @property
    def oos_label(self) -> str:
        return self.card.oos_label

    def scores(self, texts: list[str]) -> np.ndarray:
        return block_scores(self.blocks, self.intercept, list(texts))

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return softmax(self.scores(texts), self.card.temperature)

    def save(self, path: Path) -> Path:
        """Gzipped pickle (protocol 5) of plain blocks: a few MB, loads without scikit-learn.

        A fine-tuned encoder (``tfidf+tuned``) is copied beside it, as ``<name>.encoder/`` (further
        members of an ensemble as ``<name>.encoder2/`` ...).
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        blocks: list[Block] = []
        encoders = 0
        for block in self.blocks:
            if isinstance(block, TunedBlock):
                encoders += 1
            blocks.append(self._saved_block(block, path, encoders))
        blob = {
            "format_version": FORMAT_VERSION,
            "blocks": blocks,
            "intercept": self.intercept,
            "card": self.card.model_dump(mode="json"),
        }
        payload = gzip.compress(pickle.dumps(blob, protocol=5), compresslevel=6, mtime=0)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(payload)
        tmp.replace(path)
        (path.parent / CARD_NAME).write_text(json.dumps(self.card.model_dump(mode="json"), indent=2) + "\n")
        return path

    @staticmethod
    def _saved_block(block: Block, path: Path, number: int) -> Block:
        """``block`` as saved at ``path``: a fine-tuned encoder (the ``number``-th) is copied to
        ``<name>.encoder/`` (the first) or ``<name>.encoder<number>/``."""
        if not isinstance(block, TunedBlock):
            return block
        from dataclasses import replace

        from supportbot.intents.tuned import copy_encoder

        name = path.name.split(".")[0] + ".encoder" + (str(number) if number > 1 else "")
        copy_encoder(Path(block.folder), path.parent / name)
        return replace(block, folder=name)

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        """Load a model written by :meth:`save`. Only load artefacts you trust (it is a pickle)."""
        if not path.is_file():
            raise ArtifactError(
                f"intent model not found at {path}", hint="train one with 'supportbot intents train'"
            )
        try:
            blob = pickle.loads(gzip.decompress(path.read_bytes()))
        except Exception as exc:  # a truncated or foreign file
            raise ArtifactError(f"intent model at {path} cannot be read: {exc}") from exc
        if not isinstance(blob, dict) or blob.get("format_version") != FORMAT_VERSION:
            raise ArtifactError(
                f"intent model at {path} has an unsupported format",
                hint=f"expected format {FORMAT_VERSION}; retrain with 'supportbot intents train'",
            )
        card = ModelCard.model_validate(blob["card"])
        for block in blob["blocks"]:
            if isinstance(block, StaticBlock):
                block.table()  # load and check the distilled table now, not on the first ticket
            if isinstance(block, TunedBlock):
                _check_encoder(block, path)
        return cls(blob["blocks"], blob["intercept"], card)


def _check_encoder(block: TunedBlock, path: Path) -> None:
    """Point a fine-tuned encoder block at its folder beside ``path``, check its weights and load
    it now, not on the first ticket."""
    from supportbot.intents.tuned import load_encoder, weights_sha256

    folder = Path(block.folder)
    block.folder = str(folder if folder.is_absolute() else path.parent / folder)
    if weights_sha256(Path(block.folder)) != block.weights_sha256:
        raise ArtifactError(
            f"the fine-tuned encoder in {block.folder} is not the one the intent model was trained with",
            hint="retrain with 'supportbot intents train --features tfidf+tuned'",
        )
    load_encoder(block.folder, block.max_length)
