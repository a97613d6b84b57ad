"""Training: fit on training data, calibrate and choose thresholds on validation, refit."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from supportbot.errors import InputError
from supportbot.intents.calibration import expected_calibration_error, fit_temperature, softmax
from supportbot.intents.examples import LabeledExample
from supportbot.intents.features import FeatureKind, build_features, embedding_cache, slim
from supportbot.intents.model import IntentModel, ModelCard
from supportbot.intents.thresholds import (
    choose_confirm_threshold,
    choose_low_confidence_threshold,
    choose_oos_threshold,
)
from supportbot.intents.tuned import EncoderTuning
from supportbot.taxonomy import OUT_OF_SCOPE, action_intents


class TrainConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    features: FeatureKind = "tfidf+static"
    c: float = Field(default=0.5, gt=0, description="Inverse regularisation of the linear SVM.")
    seed: int = 13
    val_fraction: float = Field(default=0.2, gt=0, lt=1)
    target_oos_precision: float = Field(
        default=0.7, gt=0, le=1, description="Validation precision the out_of_scope decisions must keep."
    )
    max_in_scope_loss: float = Field(
        default=0.03, ge=0, lt=1, description="Share of in-scope validation tickets out_of_scope may take."
    )
    target_error_catch: float = Field(default=0.92, gt=0, le=1)
    target_confirm_precision: float = Field(
        default=0.9,
        gt=0,
        le=1,
        description="How often an unsure action label must be right (validation, unsure band) for the bot "
        "to propose the action and ask the customer to confirm it, rather than escalate.",
    )
    oos_label: str = OUT_OF_SCOPE
    encoder: EncoderTuning = Field(
        default_factory=EncoderTuning, description="Fine-tuning of the encoder (features tfidf+tuned only)."
    )


class ValidationSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    examples: int
    accuracy: float
    macro_f1: float
    ece: float
    temperature: float
    oos_threshold: float
    low_confidence_threshold: float
    confirm_threshold: float | None = None  # older cards: none (unsure actions always escalate)
    confirm_precision: float | None = None
    oos_precision: float | None
    oos_recall: float | None
    error_catch: float | None
    escalation_rate: float


def _fit(texts: list[str], labels: list[str], config: TrainConfig, progress: bool) -> tuple[Any, Any]:
    from sklearn.svm import LinearSVC

    features = build_features(config.features, tuning=config.encoder, seed=config.seed, progress=progress)
    x = features.fit_transform(texts, labels)
    classifier = LinearSVC(C=config.c, random_state=config.seed)
    classifier.fit(x, labels)
    classifier.coef_ = classifier.coef_.astype(np.float32)
    slim(features)
    return features, classifier


def _encoder_info(config: TrainConfig) -> dict[str, Any]:
    """The fine-tuning settings, recorded in the model card of a ``tfidf+tuned`` model."""
    return {"encoder_tuning": config.encoder.model_dump()} if config.features == "tfidf+tuned" else {}


def split_by_group(
    examples: list[LabeledExample], fraction: float, seed: int
) -> tuple[list[LabeledExample], list[LabeledExample]]:
    """Hold out whole groups (phrasings), so validation measures unseen phrasings."""
    from sklearn.model_selection import GroupShuffleSplit

    splitter = GroupShuffleSplit(n_splits=1, test_size=fraction, random_state=seed)
    fit_idx, val_idx = next(splitter.split(examples, groups=[e.group for e in examples]))
    return [examples[i] for i in fit_idx], [examples[i] for i in val_idx]


def _validate(
    probe: IntentModel, val: list[LabeledExample], config: TrainConfig
) -> tuple[float, float, float, ValidationSummary]:
    from sklearn.metrics import f1_score

    labels = probe.labels
    index = {label: i for i, label in enumerate(labels)}
    known = [e for e in val if e.label in index]
    y = np.array([index[e.label] for e in known])
    scores = probe.scores([e.text for e in known])
    temperature = fit_temperature(scores, y)
    proba = softmax(scores, temperature)
    oos_col = index.get(config.oos_label)
    in_scope_proba = proba.copy()
    if oos_col is not None:
        in_scope_proba[:, oos_col] = -1.0
    p_best = in_scope_proba.max(axis=1)
    best = in_scope_proba.argmax(axis=1)
    argmax_is_oos = proba.argmax(axis=1) == oos_col if oos_col is not None else np.zeros(len(y), dtype=bool)
    true_oos = np.array([e.label == config.oos_label for e in known])
    oos_threshold = choose_oos_threshold(
        p_best, argmax_is_oos, true_oos, config.target_oos_precision, config.max_in_scope_loss
    )
    decided_oos = argmax_is_oos | (p_best < oos_threshold)
    routed = ~decided_oos
    wrong_routed = routed & (best != y)
    low = choose_low_confidence_threshold(
        p_best[routed], wrong_routed[routed], config.target_error_catch, floor=oos_threshold
    )
    predicted = np.where(decided_oos, oos_col if oos_col is not None else -1, best)
    wrong = predicted != y
    acting = np.array([label in action_intents() for label in labels])
    acts = routed & acting[best]
    confirm = choose_confirm_threshold(
        p_best, ~wrong, acts, low=low, floor=oos_threshold, target_precision=config.target_confirm_precision
    )
    band = acts & (p_best >= confirm) & (p_best < low)
    escalated = decided_oos | (p_best < low)
    summary = ValidationSummary(
        examples=len(known),
        accuracy=float((~wrong).mean()),
        macro_f1=float(f1_score(y, predicted, average="macro")),
        ece=expected_calibration_error(proba.max(axis=1), proba.argmax(axis=1) == y),
        temperature=temperature,
        oos_threshold=oos_threshold,
        low_confidence_threshold=low,
        confirm_threshold=confirm,
        confirm_precision=float((~wrong)[band].mean()) if band.any() else None,
        oos_precision=float((decided_oos & true_oos).sum() / max(decided_oos.sum(), 1))
        if true_oos.any()
        else None,
        oos_recall=float((decided_oos & true_oos).sum() / true_oos.sum()) if true_oos.any() else None,
        error_catch=float(escalated[wrong].mean()) if wrong.any() else None,
        escalation_rate=float(escalated.mean()),
    )
    return temperature, oos_threshold, low, summary


def train_intent_model(
    train: list[LabeledExample],
    config: TrainConfig | None = None,
    *,
    val: list[LabeledExample] | None = None,
    data_info: dict[str, Any] | None = None,
    progress: bool = True,
) -> tuple[IntentModel, ValidationSummary]:
    """Train, calibrate and choose thresholds.

    Without ``val``, whole phrasing groups are held out of ``train`` for calibration and the final
    model is refitted on all of ``train``; with ``val``, the model fitted on ``train`` is kept.
    """
    config = config or TrainConfig()
    with embedding_cache():
        return _train(train, config, val, data_info, progress)


def _train(
    train: list[LabeledExample],
    config: TrainConfig,
    val: list[LabeledExample] | None,
    data_info: dict[str, Any] | None,
    progress: bool,
) -> tuple[IntentModel, ValidationSummary]:
    from tqdm import tqdm

    if len({e.label for e in train}) < 2:
        raise InputError("intent training needs examples of at least two labels")
    started = time.perf_counter()
    steps = tqdm(total=4, desc="intent model", unit="step", disable=not progress)
    refit = val is None
    fit_part, val_part = (
        split_by_group(train, config.val_fraction, config.seed) if val is None else (train, val)
    )
    steps.update(1)
    features, classifier = _fit([e.text for e in fit_part], [e.label for e in fit_part], config, progress)
    steps.update(1)
    labels = [str(label) for label in classifier.classes_]
    oos_label = config.oos_label
    card = ModelCard(
        model_version=datetime.now(UTC).strftime("%Y%m%d-%H%M%S"),
        features=config.features,
        labels=labels,
        oos_label=oos_label,
        temperature=1.0,
        oos_threshold=0.0,
        low_confidence_threshold=0.5,
        seed=config.seed,
        train_examples=len(train),
        train_seconds=0.0,
        data={**(data_info or {}), **_encoder_info(config)},
    )
    temperature, oos_threshold, low, summary = _validate(
        IntentModel.from_fitted(features, classifier, card), val_part, config
    )
    steps.update(1)
    if refit:
        features, classifier = _fit([e.text for e in train], [e.label for e in train], config, progress)
    steps.update(1)
    steps.close()
    card = card.model_copy(
        update={
            "labels": [str(label) for label in classifier.classes_],
            "temperature": temperature,
            "oos_threshold": oos_threshold,
            "low_confidence_threshold": low,
            "train_seconds": round(time.perf_counter() - started, 2),
            "validation": summary.model_dump(),
        }
    )
    return IntentModel.from_fitted(features, classifier, card), summary
