from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportbot.errors import ArtifactError
from supportbot.intents.model import DEFAULT_MODEL_FILE, IntentModel
from supportbot.intents.router import clear_cache, load_intent_classifier
from supportbot.settings import load_settings
from supportbot.taxonomy import OUT_OF_SCOPE, load_taxonomy


@pytest.fixture
def router(small_model_file: Path):  # type: ignore[no-untyped-def]
    clear_cache()
    return load_intent_classifier(load_settings(intents={"model_path": small_model_file}))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Hi, where is my order #W2611340? It hasn't shipped yet. Thanks, Ana", "track_order"),
        ("I forgot my password and need to reset it", "recover_password"),
        ("Please cancel order #W4817420, I ordered it by mistake", "cancel_order"),
        ("The lamp arrived completely broken, the glass is shattered", "damaged_item"),
    ],
)
def test_clear_tickets_map_to_their_intent(router, text: str, intent: str) -> None:  # type: ignore[no-untyped-def]
    prediction = router.predict(text)
    assert prediction.intent == intent
    assert not prediction.out_of_scope
    assert prediction.language == "en"
    assert prediction.top[0][0] == intent
    assert len(prediction.top) == 3
    assert prediction.top[0][1] >= prediction.top[1][1] >= prediction.top[2][1]


def test_subject_line_and_email_wrapping_keep_the_intent(router) -> None:  # type: ignore[no-untyped-def]
    # The agent classifies subject + body; a generic subject, a greeting and a sign-off must not
    # move a clear request to another intent or out of scope.
    bare = "Please cancel order #W4817420, I ordered it by mistake"
    wrapped = f"Account question\n\nGood afternoon,\n{bare}.\nThank you for your help,\nOle Hansen"
    assert router.predict(bare).intent == "cancel_order"
    assert router.predict(wrapped).intent == "cancel_order"


@pytest.mark.parametrize("text", ["qzxv wpfh jjkd", "blorf snizzle wug", "xkcd plmq zzrt vvb"])
def test_gibberish_falls_under_the_threshold(router, text: str) -> None:  # type: ignore[no-untyped-def]
    prediction = router.predict(text)
    assert prediction.out_of_scope or prediction.low_confidence


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "?!?!",
        "\x00\x01\x02\xff\ufffd" * 50,
        bytes(range(256)).decode("latin-1") * 10,
        "where is my order " + "x" * 1_000_000,
        "a" * 1_000_000,
        "Hola, quiero cancelar mi pedido, where is my order? 我的订单在哪里",
        "\ud800 lone surrogate",
    ],
)
def test_bad_input_never_raises(router, text: str) -> None:  # type: ignore[no-untyped-def]
    prediction = router.predict(text)
    assert prediction.out_of_scope or prediction.low_confidence or prediction.intent in load_taxonomy().names
    assert 0.0 <= prediction.confidence <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "\x00\x00\x00", "!!!"])
def test_empty_input_is_out_of_scope(router, text: str) -> None:  # type: ignore[no-untyped-def]
    prediction = router.predict(text)
    assert prediction.intent == OUT_OF_SCOPE
    assert prediction.out_of_scope and prediction.low_confidence


def test_non_english_is_detected_and_low_confidence(router) -> None:  # type: ignore[no-untyped-def]
    german = router.predict("Wo ist meine Bestellung? Ich warte schon seit zwei Wochen auf das Paket.")
    russian = router.predict("Где мой заказ? Я жду уже две недели.")
    assert german.language == "de" and german.low_confidence
    assert russian.language == "ru" and russian.low_confidence


def test_predict_many_matches_predict_and_survives_odd_items(router) -> None:  # type: ignore[no-untyped-def]
    texts = ["I want my money back for this order", "", None, b"\x00binary", "where is my package"]
    many = router.predict_many(texts)  # type: ignore[arg-type]
    assert len(many) == len(texts)
    assert many[0] == router.predict(texts[0])
    assert many[1].out_of_scope


def test_thresholds_come_from_settings(small_model_file: Path) -> None:
    clear_cache()
    strict = load_intent_classifier(
        load_settings(
            intents={"model_path": small_model_file, "oos_threshold": 1.0, "low_confidence_threshold": 1.0}
        )
    )
    lenient = load_intent_classifier(
        load_settings(
            intents={"model_path": small_model_file, "oos_threshold": 0.0, "low_confidence_threshold": 0.0}
        )
    )
    text = "my parcel is late and the tracking has not moved"
    assert strict.predict(text).out_of_scope
    assert not lenient.predict(text).out_of_scope
    assert not lenient.predict(text).low_confidence


def test_loader_is_cached(small_model_file: Path) -> None:
    clear_cache()
    settings = load_settings(intents={"model_path": small_model_file})
    assert load_intent_classifier(settings) is load_intent_classifier(settings)


def test_missing_and_corrupt_models_raise_artifact_error(tmp_path: Path) -> None:
    clear_cache()
    with pytest.raises(ArtifactError, match="not found"):
        load_intent_classifier(load_settings(intents={"model_path": tmp_path / "nope.joblib"}))
    corrupt = tmp_path / "corrupt.joblib"
    corrupt.write_bytes(b"not a model")
    with pytest.raises(ArtifactError, match="cannot be read"):
        IntentModel.load(corrupt)


def test_shipped_model_loads_fast_and_predicts() -> None:
    clear_cache()
    assert DEFAULT_MODEL_FILE.is_file(), "the shipped intent model is missing"
    started = time.perf_counter()
    router = load_intent_classifier(load_settings())
    assert time.perf_counter() - started < 1.0
    labels = set(router.model.labels)  # type: ignore[attr-defined]
    assert labels == {*load_taxonomy().names, OUT_OF_SCOPE}
    prediction = router.predict("Hello, my order #W2611340 still hasn't arrived, where is it? Thanks, Noah")
    assert prediction.intent in {"track_order", "delivery_delay"}
    assert router.predict("What's the weather in Paris tomorrow?").intent == OUT_OF_SCOPE
    assert router.predict("I was charged twice for the same order").intent == "double_charge"
    # a subject line and an email's wrapping around the request (the way tickets arrive)
    email = "Re: account\n\nDear all,\nmy card got charged two times for one order\nKind wishes,\nBo"
    assert router.predict(email).intent == "double_charge"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_text_gives_a_valid_prediction(router, text: str) -> None:  # type: ignore[no-untyped-def]
    prediction = router.predict(text)
    assert prediction.intent in {*load_taxonomy().names, OUT_OF_SCOPE}
    assert 0.0 <= prediction.confidence <= 1.0
    assert prediction.top and all(0.0 <= p <= 1.0 for _, p in prediction.top)
