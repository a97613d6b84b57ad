"""A small real intent model trained once per session on real fixtures (Bitext rows + synthetic)."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportbot.intents.dataset import load_bitext
from supportbot.intents.examples import LabeledExample
from supportbot.intents.model import IntentModel
from supportbot.intents.synth import generate
from supportbot.intents.training import TrainConfig, train_intent_model

SMALL_INTENTS = [
    "track_order",
    "cancel_order",
    "get_refund",
    "recover_password",
    "delivery_delay",
    "damaged_item",
]


def small_training_set() -> list[LabeledExample]:
    bitext = [e for e in load_bitext() if e.label in SMALL_INTENTS]
    synthetic = generate(SMALL_INTENTS, 60, 120, "train", seed=7)
    return [*bitext, *synthetic]


@pytest.fixture(scope="session")
def small_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    model, _ = train_intent_model(small_training_set(), TrainConfig(seed=7), progress=False)
    return model.save(tmp_path_factory.mktemp("intent-model") / "intent_model.pkl.gz")


@pytest.fixture(scope="session")
def small_model(small_model_file: Path) -> IntentModel:
    return IntentModel.load(small_model_file)
