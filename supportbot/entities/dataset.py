"""Training and held-out sets for entity extraction, rebuilt deterministically from a seed.

* Bitext: unique instructions are split 80/20 by text (case-insensitive), so no held-out text
  is ever trained on.
* Synthetic tickets: held-out tickets use templates, orders and customers that training never
  saw (see :mod:`supportbot.entities.synthetic`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from supportbot.entities.bitext import load_bitext
from supportbot.entities.examples import Example
from supportbot.entities.synthetic import ShopData, generate, split_shop
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
    "synthetic": frozenset(
        {
            "order_id",
            "product",
            "variant",
            "tracking_number",
            "email",
            "amount",
            "date",
            "person_name",
            "invoice_id",
        }
    ),
}


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
