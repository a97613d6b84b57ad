from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from supportbot.errors import ArtifactError
from supportbot.intents.compiled import TunedBlock
from supportbot.intents.features import minilm_model_dir
from supportbot.intents.model import IntentModel
from supportbot.intents.router import IntentRouter
from supportbot.intents.synth import generate
from supportbot.intents.training import TrainConfig, train_intent_model
from supportbot.intents.tuned import EncoderTuning, TunedEncoder, weights_sha256
from supportbot.settings import IntentSettings

INTENTS = ["track_order", "recover_password", "double_charge"]


@pytest.fixture(scope="module")
def tuned_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[IntentModel, Path]:
    """A tfidf+tuned model trained on a small real synthetic fixture, saved and reloaded."""
    train = generate(INTENTS, 20, 20, "train", seed=5)
    val = generate(INTENTS, 8, 8, "test", seed=6)
    config = TrainConfig(features="tfidf+tuned", seed=5, encoder=EncoderTuning(epochs=1.0, batch_size=16))
    model, _ = train_intent_model(train, config, val=val, progress=False)
    path = model.save(tmp_path_factory.mktemp("tuned") / "m.pkl.gz")
    return IntentModel.load(path), path


def test_tuned_model_saves_its_encoder_beside_it_and_predicts(tuned_model: tuple[IntentModel, Path]) -> None:
    model, path = tuned_model
    assert model.card.features == "tfidf+tuned"
    assert model.card.data["encoder_tuning"]["epochs"] == 1.0
    assert (path.parent / "m.encoder" / "model.safetensors").is_file()
    block = next(b for b in model.blocks if isinstance(b, TunedBlock))
    assert Path(block.folder) == path.parent / "m.encoder"
    router = IntentRouter(model, IntentSettings(oos_threshold=0.0, low_confidence_threshold=0.5))
    assert router.predict("I can't remember my password").intent == "recover_password"
    assert router.predict("you took the money two times for one purchase").intent == "double_charge"


def test_fine_tuning_moved_the_encoder_off_the_pretrained_one(tuned_model: tuple[IntentModel, Path]) -> None:
    _, path = tuned_model
    assert weights_sha256(path.parent / "m.encoder") != weights_sha256(Path(minilm_model_dir()))
    texts = ["where is my parcel", "reset my password please"]
    tuned = TunedEncoder(path.parent / "m.encoder").embed(texts)
    base = TunedEncoder(Path(minilm_model_dir())).embed(texts)
    assert tuned.shape == base.shape == (2, 384)
    assert np.allclose(np.linalg.norm(tuned, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(tuned, base, atol=1e-3)


def test_a_swapped_or_missing_encoder_is_refused(
    tuned_model: tuple[IntentModel, Path], tmp_path: Path
) -> None:
    model, _ = tuned_model
    copy = model.save(tmp_path / "copy.pkl.gz")
    weights = tmp_path / "copy.encoder" / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-8] + b"\0" * 8)
    with pytest.raises(ArtifactError, match="not the one"):
        IntentModel.load(copy)
    weights.unlink()
    with pytest.raises(ArtifactError, match="not found"):
        IntentModel.load(copy)


def test_an_ensemble_of_two_encoders_saves_and_checks_each(tmp_path: Path) -> None:
    train = generate(INTENTS, 12, 12, "train", seed=7)
    val = generate(INTENTS, 6, 6, "test", seed=8)
    tuning = EncoderTuning(epochs=0.5, batch_size=16, members=2)
    model, _ = train_intent_model(
        train, TrainConfig(features="tfidf+tuned", seed=7, encoder=tuning), val=val, progress=False
    )
    path = model.save(tmp_path / "e.pkl.gz")
    loaded = IntentModel.load(path)
    blocks = [b for b in loaded.blocks if isinstance(b, TunedBlock)]
    assert [Path(b.folder).name for b in blocks] == ["e.encoder", "e.encoder2"]
    assert blocks[0].weights_sha256 != blocks[1].weights_sha256  # seeds 7 and 8: two encoders
    texts = [e.text for e in val]
    assert np.allclose(loaded.scores(texts), model.scores(texts), atol=1e-4)
    (tmp_path / "e.encoder2" / "model.safetensors").unlink()
    with pytest.raises(ArtifactError):
        IntentModel.load(path)
