"""Banking77 benchmark of the intent pipeline (no dataset-specific modelling code).

    python benchmarks/intents_banking77.py /work/shared/data/banking77 [--features tfidf+static] [--json out.json]

Trains on train.csv (10,003), calibrates on a 10% split of it, evaluates test accuracy on test.csv
(3,080), and reports training time and per-ticket latency.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from supportbot.intents.benchmark import add_encoder_options, encoder_tuning, print_comparison, run_benchmark
from supportbot.intents.examples import LabeledExample
from supportbot.intents.features import FEATURE_KINDS
from supportbot.intents.training import TrainConfig

PUBLISHED = [
    ("BERT fine-tuned, test accuracy (Casanueva et al. 2020)", "93.66%"),
    ("USE+ConveRT, test accuracy (Casanueva et al. 2020)", "93.36%"),
]


def read_split(path: Path) -> list[LabeledExample]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            LabeledExample(
                text=row["text"], label=row["category"], group=f"{path.stem}:{i}", source="banking77"
            )
            for i, row in enumerate(csv.DictReader(handle))
        ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="folder with train.csv and test.csv")
    parser.add_argument("--features", default="tfidf+static", choices=list(FEATURE_KINDS))
    add_encoder_options(parser)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", type=Path, help="also write the full result as JSON")
    args = parser.parse_args()
    config = TrainConfig(
        features=args.features,
        seed=args.seed,
        val_fraction=0.1,
        encoder=encoder_tuning(args),
    )
    result = run_benchmark(
        "Banking77", read_split(args.data_dir / "train.csv"), read_split(args.data_dir / "test.csv"), config
    )
    print_comparison(result, PUBLISHED)
    if args.json:
        args.json.write_text(json.dumps(result.model_dump(mode="json"), indent=2) + "\n")


if __name__ == "__main__":
    main()
