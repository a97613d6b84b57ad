from __future__ import annotations

from pathlib import Path

import pytest

from supportbot.intents.model import IntentModel
from supportbot.intents.router import IntentRouter
from supportbot.intents.synth import generate
from supportbot.intents.training import TrainConfig, train_intent_model
from supportbot.settings import IntentSettings


@pytest.mark.slow
def test_tfidf_plus_minilm_model_trains_saves_loads_and_predicts(tmp_path: Path) -> None:
    """The optional MiniLM-feature model, with the real offline encoder."""
    intents = ["track_order", "recover_password", "double_charge"]
    train = generate(intents, 25, 25, "train", seed=5)
    model, _ = train_intent_model(train, TrainConfig(features="tfidf+minilm", seed=5), progress=False)
    loaded = IntentModel.load(model.save(tmp_path / "m.pkl.gz"))
    assert loaded.card.features == "tfidf+minilm"
    router = IntentRouter(loaded, IntentSettings(oos_threshold=0.0, low_confidence_threshold=0.5))
    assert router.predict("I can't remember my password").intent == "recover_password"
    assert router.predict("you took the money two times for one purchase").intent == "double_charge"
