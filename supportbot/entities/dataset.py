"""Training and held-out sets for entity extraction, rebuilt deterministically from a seed.

* Bitext: unique instructions are split 80/20 by text (case-insensitive), so no held-out text
  is ever trained on.
* Synthetic tickets: held-out tickets use templates, orders and customers that training never
  saw (see :mod:`supportbot.entities.synthetic`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from supportbot.entities.bitext import load_bitext
from supportbot.entities.examples import Example, GoldSpan
from supportbot.entities.synthetic import ShopData, generate, split_shop
from supportbot.entities.types import ENTITY_TYPES
from supportbot.paths import BITEXT_CSV, TAU_RETAIL_DIR

DEFAULT_SEED = 13
DEFAULT_TRAIN_SYNTHETIC = 3000
DEFAULT_HELDOUT_SYNTHETIC = 800
HELDOUT_FRACTION = 0.2
# Entity types each source annotates; evaluation ignores predictions of other types there.
ANNOTATED_TYPES = {
    # Bitext annotates amounts only in some get_refund rows (many other "$299" are unannotated),
    # so its amounts are used for training context but not scored.
    "bitext": frozenset({"order_id", "invoice_id", "person_name"}),
    "challenge": frozenset(ENTITY_TYPES),
    "synthetic": frozenset(ENTITY_TYPES),
}


CHALLENGE_FILE = Path(__file__).with_name("challenge.jsonl")
# "Today" of the hand-written challenge tickets.
CHALLENGE_TODAY = dt.date(2026, 11, 20)


def load_challenge(path: Path = CHALLENGE_FILE) -> list[Example]:
    """Hand-written, hand-labelled tickets (not from templates): gold as (type, surface, value),
    in order of appearance."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text, spans, pos = row["text"], [], 0
        for kind, surface, value in row["gold"]:
            # Whole-word occurrence: "W2611340" must not be found inside "W26113400".
            match = re.compile(rf"(?<!\w){re.escape(surface)}(?!\w)").search(text, pos)
            if match is None:
                raise ValueError(f"challenge gold {surface!r} not found in {text!r}")
            start, pos = match.start(), match.end()
            spans.append(GoldSpan(type=kind, start=start, end=pos, value=value))
        examples.append(Example(text=text, spans=spans, source="challenge", group="challenge"))
    return examples


@dataclass(frozen=True)
class EntityDatasets:
    train: list[Example]
    heldout: list[Example]
    seed: int


def build_datasets(
    seed: int = DEFAULT_SEED,
    *,
    n_train_synthetic: int = DEFAULT_TRAIN_SYNTHETIC,
    n_heldout_synthetic: int = DEFAULT_HELDOUT_SYNTHETIC,
    bitext_csv: Path = BITEXT_CSV,
    shop_dir: Path = TAU_RETAIL_DIR,
) -> EntityDatasets:
    bitext = load_bitext(bitext_csv)
    groups = sorted({ex.group for ex in bitext})
    random.Random(f"bitext-split:{seed}").shuffle(groups)
    held_groups = set(groups[: round(len(groups) * HELDOUT_FRACTION)])
    bitext_train = [ex for ex in bitext if ex.group not in held_groups]
    bitext_held = [ex for ex in bitext if ex.group in held_groups]

    shop = ShopData.load(shop_dir)
    train_split, held_split = split_shop(shop, seed, HELDOUT_FRACTION)
    synth_train = generate(train_split, shop, n_train_synthetic, seed, "train")
    synth_held = generate(held_split, shop, n_heldout_synthetic, seed, "heldout")

    train = bitext_train + synth_train
    train_texts = {ex.text.lower() for ex in train}
    heldout = [ex for ex in bitext_held + synth_held if ex.text.lower() not in train_texts]
    return EntityDatasets(train=train, heldout=heldout, seed=seed)
