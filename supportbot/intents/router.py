"""The intent router the agent calls: loads the shipped model once and never raises on input."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from supportbot.intents import gloss
from supportbot.intents.decision import decide
from supportbot.intents.language import UNKNOWN, detect_language, warm_up
from supportbot.intents.model import DEFAULT_MODEL_FILE, IntentModel
from supportbot.intents.text import clean_text, letter_count
from supportbot.intents.types import IntentClassifier, IntentPrediction
from supportbot.settings import IntentSettings, Settings, get_settings

log = logging.getLogger(__name__)
# Fewer letters than this cannot carry a request ("", "   ", "???", "\x00\x01").
MIN_LETTERS = 2


class IntentRouter:
    """:class:`IntentClassifier` backed by a trained :class:`IntentModel` and settings thresholds."""

    def __init__(self, model: IntentModel, settings: IntentSettings) -> None:
        self.model = model
        self.oos_threshold = settings.oos_threshold
        self.low_confidence_threshold = max(settings.low_confidence_threshold, settings.oos_threshold)
        self.languages = {code.lower() for code in settings.supported_languages}
        # Tickets in these languages are classified from a word-by-word English gloss (the model reads
        # English only); they keep their language, so unsupported ones still escalate.
        self.gloss_languages: frozenset[str] = gloss.GLOSS_LANGUAGES

    @property
    def version(self) -> str:
        return self.model.card.model_version

    def _no_request(self, language: str = UNKNOWN) -> IntentPrediction:
        oos = self.model.oos_label
        return IntentPrediction(
            intent=oos, confidence=1.0, top=[(oos, 1.0)], language=language, low_confidence=True,
            out_of_scope=True,
        )  # fmt: skip

    def _from_proba(self, proba: Any, language: str) -> IntentPrediction:
        decision = decide(
            proba, self.model.labels, self.model.oos_label, self.oos_threshold, self.low_confidence_threshold
        )
        foreign = language not in self.languages
        return IntentPrediction(
            intent=decision.intent,
            confidence=decision.confidence,
            top=decision.top,
            language=language,
            low_confidence=decision.low_confidence or foreign,
            out_of_scope=decision.out_of_scope,
        )

    def _model_text(self, text: str, language: str) -> str:
        return gloss.gloss(text, language) if language in self.gloss_languages else text

    def predict(self, text: str) -> IntentPrediction:
        return self.predict_many([text])[0]

    def predict_many(self, texts: list[str]) -> list[IntentPrediction]:
        try:
            cleaned = [clean_text(t) for t in texts]
        except Exception:  # e.g. texts is not iterable; nothing sensible to classify
            log.exception("intent router: unusable input")
            return [self._no_request()]
        results: list[IntentPrediction | None] = [None] * len(cleaned)
        todo = [i for i, t in enumerate(cleaned) if letter_count(t) >= MIN_LETTERS]
        for i in set(range(len(cleaned))) - set(todo):
            results[i] = self._no_request(detect_language(cleaned[i]))
        if todo:
            try:
                languages = [detect_language(cleaned[i]) for i in todo]
                proba = self.model.predict_proba(
                    [self._model_text(cleaned[i], lang) for i, lang in zip(todo, languages, strict=True)]
                )
                for row, i, lang in zip(proba, todo, languages, strict=True):
                    results[i] = self._from_proba(row, lang)
            except Exception:  # never let one bad ticket take the batch down
                log.exception("intent router: batch prediction failed; retrying one by one")
                for i in todo:
                    results[i] = self._safe_single(cleaned[i])
        return [r if r is not None else self._no_request() for r in results]

    def _safe_single(self, text: str) -> IntentPrediction:
        try:
            language = detect_language(text)
            return self._from_proba(self.model.predict_proba([self._model_text(text, language)])[0], language)
        except Exception:
            log.exception("intent router: prediction failed; routing as out_of_scope")
            return self._no_request()


_CACHE: dict[tuple[Any, ...], IntentRouter] = {}
_LOCK = threading.Lock()


def model_path(settings: Settings | None = None) -> Path:
    settings = settings or get_settings()
    return Path(settings.intents.model_path) if settings.intents.model_path else DEFAULT_MODEL_FILE


def load_intent_classifier(settings: Settings | None = None) -> IntentClassifier:
    """The intent router for ``settings`` (default: process settings), loaded once and cached."""
    settings = settings or get_settings()
    path = model_path(settings)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    key = (str(path), stamp, settings.intents.model_dump_json())
    with _LOCK:
        router = _CACHE.get(key)
        if router is None:
            router = IntentRouter(IntentModel.load(path), settings.intents)
            _CACHE[key] = router
            warm_up()
            gloss.warm_up()
    return router


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
