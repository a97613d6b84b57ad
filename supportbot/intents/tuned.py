"""The MiniLM sentence encoder fine-tuned on the training labels (feature kind ``tfidf+tuned``).

The offline all-MiniLM-L6-v2 is trained end to end as a classifier (mean pooling, L2
normalisation, a cosine softmax head), then the head is dropped: its normalised sentence vectors
become one more feature block of the same linear pipeline, which still does the classifying,
calibrating and thresholding. Costs (README, intent benchmarks): about 9 minutes of one CPU
thread per 10,000 training texts at 3 epochs, 88 MB of weights next to the model file, and 15-25 ms
of CPU per ticket (the static block costs ~0.2 ms).
"""

from __future__ import annotations

import atexit
import hashlib
import random
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from supportbot.errors import ArtifactError
from supportbot.lazy import require

WEIGHTS_FILE = "model.safetensors"
DIMS = 384


class EncoderTuning(BaseModel):
    """How the encoder is fine-tuned (only used with ``features = "tfidf+tuned"``)."""

    model_config = ConfigDict(extra="forbid")

    epochs: float = Field(default=3.0, gt=0, description="Passes over the training texts.")
    learning_rate: float = Field(default=1e-4, gt=0, description="Peak learning rate of the encoder.")
    head_lr_factor: float = Field(default=20.0, gt=0, description="Head learning rate / encoder's.")
    batch_size: int = Field(default=32, ge=1)
    max_length: int = Field(default=64, ge=8, description="Tokens per text (longer ones are cut).")
    logit_scale: float = Field(default=20.0, gt=0, description="Scale of the cosine softmax head.")
    warmup_ratio: float = Field(default=0.06, ge=0, lt=1)
    threads: int = Field(default=1, ge=1, description="torch threads while training and embedding.")
    scale: float = Field(
        default=1.0, gt=0, description="Weight of the encoder's block against the two TF-IDF blocks."
    )
    members: int = Field(
        default=1,
        ge=1,
        le=5,
        description="Encoders fine-tuned, with seeds seed, seed+1, ...: each adds its own feature block "
        "(an ensemble; training time, size and CPU per ticket grow with it).",
    )


@contextmanager
def _torch_threads(threads: int) -> Iterator[Any]:
    torch = require("torch", "the fine-tuned intent encoder")
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield torch
    finally:
        torch.set_num_threads(previous)


def _mean_pool(encoder: Any, tokenizer: Any, texts: list[str], max_length: int) -> Any:
    batch = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    hidden = encoder(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)


def _length_bucketed_batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar lengths (less padding), in shuffled order."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches: list[list[int]] = []
    chunk = batch_size * 50
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def fine_tune_encoder(
    texts: list[str],
    labels: list[str],
    out_dir: Path,
    tuning: EncoderTuning,
    *,
    seed: int,
    progress: bool = True,
) -> Path:
    """Fine-tune the offline MiniLM on ``texts``/``labels`` and save the encoder to ``out_dir``."""
    from tqdm import tqdm

    from supportbot.intents.features import minilm_model_dir

    transformers = require("transformers", "the fine-tuned intent encoder")
    classes = sorted(set(labels))
    index = {label: i for i, label in enumerate(classes)}
    with _torch_threads(tuning.threads) as torch:
        torch.manual_seed(seed)
        rng = random.Random(seed)
        tokenizer = transformers.AutoTokenizer.from_pretrained(minilm_model_dir())
        encoder = transformers.AutoModel.from_pretrained(minilm_model_dir())
        head = torch.nn.Linear(encoder.config.hidden_size, len(classes), bias=False)
        optimizer = torch.optim.AdamW(
            [
                {"params": encoder.parameters(), "lr": tuning.learning_rate},
                {"params": head.parameters(), "lr": tuning.learning_rate * tuning.head_lr_factor},
            ],
            weight_decay=0.01,
        )
        steps = max(1, int(tuning.epochs * len(texts) / tuning.batch_size))
        warmup = max(1, int(tuning.warmup_ratio * steps))
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / steps)
        )
        params = [*encoder.parameters(), *head.parameters()]
        lengths = [len(t) for t in texts]
        encoder.train()
        bar = tqdm(total=steps, desc="fine-tuning encoder", unit="step", disable=not progress)
        done = 0
        while done < steps:
            for batch in _length_bucketed_batches(lengths, tuning.batch_size, rng):
                if done >= steps:
                    break
                pooled = _mean_pool(encoder, tokenizer, [texts[i] for i in batch], tuning.max_length)
                pooled = torch.nn.functional.dropout(pooled, 0.1, training=True)
                logits = head(torch.nn.functional.normalize(pooled, dim=-1)) * tuning.logit_scale
                target = torch.tensor([index[labels[i]] for i in batch])
                loss = torch.nn.functional.cross_entropy(logits, target)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                optimizer.step()
                schedule.step()
                optimizer.zero_grad()
                done += 1
                bar.update(1)
                bar.set_postfix(loss=f"{loss.item():.3f}")
        bar.close()
        encoder.eval()
        out_dir.mkdir(parents=True, exist_ok=True)
        encoder.save_pretrained(out_dir, safe_serialization=True)
        tokenizer.save_pretrained(out_dir)
    return out_dir


def weights_sha256(folder: Path) -> str:
    path = folder / WEIGHTS_FILE
    if not path.is_file():
        raise ArtifactError(
            f"fine-tuned intent encoder not found in {folder}",
            hint="it is written next to the model file; retrain with 'supportbot intents train --features tfidf+tuned'",
        )
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class TunedEncoder:
    """A saved fine-tuned encoder: texts -> L2-normalised float32 sentence vectors."""

    def __init__(self, folder: Path, threads: int = 1, max_length: int = 64) -> None:
        transformers = require("transformers", "the fine-tuned intent encoder")
        self.folder = folder
        self.threads = threads
        self.max_length = max_length
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
        self.encoder = transformers.AutoModel.from_pretrained(folder).eval()

    def embed(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMS), dtype=np.float32)
        out = np.zeros((len(texts), DIMS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with _torch_threads(self.threads) as torch, torch.inference_mode():
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                pooled = _mean_pool(self.encoder, self.tokenizer, [texts[i] for i in rows], self.max_length)
                out[rows] = torch.nn.functional.normalize(pooled, dim=-1).float().numpy()
        return out


@lru_cache(maxsize=4)
def load_encoder(folder: str, max_length: int = 64) -> TunedEncoder:
    """One loaded encoder per folder (and text length limit) and process."""
    return TunedEncoder(Path(folder), max_length=max_length)


class TunedEmbedder:
    """scikit-learn transformer: ``fit`` fine-tunes the encoder on the labels (into a fresh
    temporary folder), ``transform`` embeds with it."""

    def __init__(self, tuning: EncoderTuning | None = None, seed: int = 13, progress: bool = True) -> None:
        self.tuning = tuning or EncoderTuning()
        self.seed = seed
        self.progress = progress
        self.folder: str | None = None

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"tuning": self.tuning, "seed": self.seed, "progress": self.progress}

    def set_params(self, **params: Any) -> TunedEmbedder:
        for key, value in params.items():
            setattr(self, key, value)
        return self

    def fit(self, texts: list[str], y: Any = None) -> TunedEmbedder:
        if y is None:
            raise ValueError("the tuned encoder needs the labels to fit")
        folder = Path(tempfile.mkdtemp(prefix="supportbot-intent-encoder-"))
        # Needed only while this process uses the model: IntentModel.save copies it beside the file.
        atexit.register(shutil.rmtree, folder, True)
        fine_tune_encoder(
            list(texts),
            [str(label) for label in y],
            folder,
            self.tuning,
            seed=self.seed,
            progress=self.progress,
        )
        self.folder = str(folder)
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        if self.folder is None:
            raise ValueError("TunedEmbedder is not fitted")
        encoder = load_encoder(self.folder, self.tuning.max_length)
        return encoder.embed(list(texts)) * np.float32(self.tuning.scale)

    def fit_transform(self, texts: list[str], y: Any = None) -> np.ndarray:
        return self.fit(texts, y).transform(texts)


def copy_encoder(source: Path, target: Path) -> None:
    """Copy a fine-tuned encoder folder to ``target`` (the model file's ``<name>.encoder/``
    sibling), replacing what is there only once the copy is complete."""
    if source.resolve() == target.resolve():
        return
    staging = target.with_name(target.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.replace(target)
