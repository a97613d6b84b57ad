"""The SFT dataset: grounded Bitext responses plus synthetic tool-grounded examples, split once.

Splits are reproducible from the seed. Bitext rows are split by row (held-out rows are never
trained on); synthetic held-out examples come from their own random streams.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from supportbot.errors import InputError
from supportbot.training.bitext_examples import bitext_examples, read_bitext_rows
from supportbot.training.examples import ReplyExample
from supportbot.training.synthetic_examples import synthetic_examples

SPLITS = ("train", "eval", "test")


@dataclass
class ReplyDataset:
    train: list[ReplyExample]
    eval: list[ReplyExample]
    test: list[ReplyExample]

    def split(self, name: str) -> list[ReplyExample]:
        if name not in SPLITS:
            raise InputError(f"unknown split {name!r} (choose from {', '.join(SPLITS)})")
        examples: list[ReplyExample] = getattr(self, name)
        return examples

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for name in SPLITS:
            for example in self.split(name):
                digest.update(name.encode())
                digest.update(example.model_dump_json().encode())
        return digest.hexdigest()

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name in SPLITS:
            lines = (example.model_dump_json() + "\n" for example in self.split(name))
            (directory / f"{name}.jsonl").write_text("".join(lines), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> ReplyDataset:
        parts: dict[str, list[ReplyExample]] = {}
        for name in SPLITS:
            path = directory / f"{name}.jsonl"
            if not path.is_file():
                raise InputError(f"{path} is missing (build it with 'supportbot train build-data')")
            try:
                parts[name] = [
                    ReplyExample.model_validate_json(line)
                    for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()
                ]
            except ValueError as exc:
                raise InputError(f"{path}: not a reply dataset ({str(exc).splitlines()[0]})") from None
        return cls(**parts)


def build_dataset(
    *,
    seed: int = 13,
    synthetic_per_intent: int = 40,
    heldout_bitext: int = 60,
    heldout_synthetic_per_intent: int = 2,
) -> ReplyDataset:
    """Build all splits. eval and test each hold ``heldout_bitext`` Bitext rows and
    ``heldout_synthetic_per_intent`` synthetic examples per intent."""
    rng = random.Random(seed)
    grounded = list(bitext_examples(read_bitext_rows(), rng))
    rng.shuffle(grounded)
    bitext = [example for _, example in grounded]
    test_bitext = bitext[:heldout_bitext]
    eval_bitext = bitext[heldout_bitext : 2 * heldout_bitext]
    train_bitext = bitext[2 * heldout_bitext :]

    train_synth = synthetic_examples(synthetic_per_intent, random.Random(seed + 1))
    eval_synth = synthetic_examples(heldout_synthetic_per_intent, random.Random(seed + 2))
    test_synth = synthetic_examples(heldout_synthetic_per_intent, random.Random(seed + 3))

    train = train_bitext + train_synth
    random.Random(seed + 4).shuffle(train)
    return ReplyDataset(train=train, eval=eval_bitext + eval_synth, test=test_bitext + test_synth)


def to_jsonable(example: ReplyExample) -> dict[str, object]:
    """trl's conversational prompt-completion format (loss on the completion only)."""
    return {
        "prompt": example.prompt_messages(),
        "completion": [{"role": "assistant", "content": example.reply}],
    }


def summary(dataset: ReplyDataset) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for name in SPLITS:
        counts: dict[str, int] = {}
        for example in dataset.split(name):
            counts[example.source] = counts.get(example.source, 0) + 1
        out[name] = counts
    return out


def dumps(value: object) -> str:
    return json.dumps(value, indent=2, sort_keys=True)
