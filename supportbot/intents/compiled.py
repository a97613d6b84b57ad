"""The fitted feature blocks in plain Python + numpy, so a model loads and predicts without
importing scikit-learn (its import alone takes seconds on a busy machine).

Each TF-IDF block reproduces scikit-learn's ``TfidfVectorizer.transform`` for the options
:func:`supportbot.intents.features.build_features` uses (lowercase, unicode accent stripping,
sublinear tf, l2 norm; word or ``char_wb`` n-grams) and carries its slice of the linear weights.
``tests/intents/test_compiled.py`` checks the scores against scikit-learn's.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

_WHITESPACES = re.compile(r"\s\s+")


def _strip_accents(text: str) -> str:
    try:
        text.encode("ASCII", errors="strict")
        return text
    except UnicodeEncodeError:
        normalized = unicodedata.normalize("NFKD", text)
        return "".join(c for c in normalized if not unicodedata.combining(c))


@dataclass
class TfidfBlock:
    analyzer: str  # "word" or "char_wb"
    ngram_range: tuple[int, int]
    token_pattern: str | None
    vocabulary: dict[str, int]
    idf: np.ndarray  # (n_features,)
    weights: np.ndarray  # (n_features, n_classes)

    def __post_init__(self) -> None:
        self._token_re = re.compile(self.token_pattern) if self.token_pattern else None

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_token_re"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def ngrams(self, text: str) -> list[str]:
        text = _strip_accents(text.lower())
        low, high = self.ngram_range
        out: list[str] = []
        if self.analyzer == "word":
            assert self._token_re is not None
            tokens = self._token_re.findall(text)
            for n in range(low, high + 1):
                out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
            return out
        for word in _WHITESPACES.sub(" ", text).split():
            word = f" {word} "
            length = len(word)
            for n in range(low, high + 1):
                offset = 0
                out.append(word[offset : offset + n])
                while offset + n < length:
                    offset += 1
                    out.append(word[offset : offset + n])
                if offset == 0:  # the word is shorter than n
                    break
        return out

    def scores(self, text: str) -> np.ndarray:
        counts = Counter(i for i in map(self.vocabulary.get, self.ngrams(text)) if i is not None)
        if not counts:
            return np.zeros(self.weights.shape[1], dtype=np.float64)
        index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float64, count=len(counts))
        values = tf * self.idf[index]
        values /= np.sqrt(np.dot(values, values))
        return np.asarray(values @ self.weights[index], dtype=np.float64)


@dataclass
class EmbeddingBlock:
    """MiniLM sentence embeddings (only in models trained with ``--features tfidf+minilm``)."""

    weights: np.ndarray  # (384, n_classes)

    def scores_many(self, texts: list[str]) -> np.ndarray:
        from supportbot.intents.features import shared_embedder

        return np.asarray(shared_embedder().transform(texts) @ self.weights, dtype=np.float64)


@dataclass
class StaticBlock:
    """Static token embeddings distilled from MiniLM (models trained with ``--features
    tfidf+static``). The table is not pickled: it is loaded from ``folder`` (default: the shipped
    one) and must match ``table_sha256``. ``weights`` already include the block's scale."""

    weights: np.ndarray  # (dims, n_classes)
    table_sha256: str
    folder: str | None = None

    def table(self) -> Any:
        from supportbot.errors import ArtifactError
        from supportbot.intents.static import DEFAULT_STATIC_DIR, load_static

        table = load_static(self.folder or str(DEFAULT_STATIC_DIR))
        if table.meta.get("sha256") != self.table_sha256:
            raise ArtifactError(
                "the intent model was trained with other static embeddings than the installed ones",
                hint="retrain it with 'supportbot intents train'",
            )
        return table

    def scores_many(self, texts: list[str]) -> np.ndarray:
        # row by row, so a ticket scores exactly the same alone and in a batch
        rows = [np.asarray(row @ self.weights, dtype=np.float64) for row in self.table().embed(texts)]
        return np.stack(rows) if rows else np.zeros((0, self.weights.shape[1]), dtype=np.float64)


@dataclass
class TunedBlock:
    """Sentence vectors of the MiniLM fine-tuned on the training labels (``--features
    tfidf+tuned``, :mod:`supportbot.intents.tuned`). The encoder is not pickled: it lives in
    ``folder`` (relative to the model file once saved) and must match ``weights_sha256``."""

    weights: np.ndarray  # (384, n_classes), the block's scale included
    weights_sha256: str
    folder: str
    max_length: int  # tokens per text, as in fine-tuning

    def scores_many(self, texts: list[str]) -> np.ndarray:
        from supportbot.intents.tuned import load_encoder

        embedded = load_encoder(self.folder, self.max_length).embed(texts)
        return np.asarray(embedded @ self.weights, dtype=np.float64)


Block = TfidfBlock | EmbeddingBlock | StaticBlock | TunedBlock


def compile_blocks(features: Any, coef: np.ndarray) -> list[Block]:
    """Turn a fitted FeatureUnion and the linear weights into blocks."""
    blocks: list[Block] = []
    start = 0
    for _, step in features.transformer_list:
        if hasattr(step, "vocabulary_"):
            width = len(step.vocabulary_)
            blocks.append(
                TfidfBlock(
                    analyzer=step.analyzer,
                    ngram_range=tuple(step.ngram_range),
                    token_pattern=step.token_pattern if step.analyzer == "word" else None,
                    vocabulary={str(k): int(v) for k, v in step.vocabulary_.items()},
                    idf=np.asarray(step.idf_, dtype=np.float64),
                    weights=np.ascontiguousarray(coef[:, start : start + width].T, dtype=np.float32),
                )
            )
        elif hasattr(step, "scale") and hasattr(step, "table"):  # StaticEmbedder
            table = step.table()
            width = table.dims
            weights = coef[:, start : start + width].T * float(step.scale)
            blocks.append(
                StaticBlock(
                    np.ascontiguousarray(weights, dtype=np.float32), table.meta["sha256"], step.folder
                )
            )
        elif hasattr(step, "tuning"):  # TunedEmbedder
            from pathlib import Path

            from supportbot.intents.tuned import DIMS, weights_sha256

            width = DIMS
            folder = str(step.folder)
            blocks.append(
                TunedBlock(
                    np.ascontiguousarray(
                        coef[:, start : start + width].T * step.tuning.scale, dtype=np.float32
                    ),
                    weights_sha256(Path(folder)),
                    folder,
                    step.tuning.max_length,
                )
            )
        else:
            width = 384
            blocks.append(
                EmbeddingBlock(np.ascontiguousarray(coef[:, start : start + width].T, dtype=np.float32))
            )
        start += width
    if start != coef.shape[1]:
        raise ValueError(f"feature blocks cover {start} columns, the weights have {coef.shape[1]}")
    return blocks


def block_scores(blocks: list[Block], intercept: np.ndarray, texts: list[str]) -> np.ndarray:
    total = np.tile(np.asarray(intercept, dtype=np.float64), (len(texts), 1))
    for block in blocks:
        if isinstance(block, TfidfBlock):
            if texts:
                total += np.stack([block.scores(t) for t in texts])
        else:
            total += block.scores_many(texts)
    return total
