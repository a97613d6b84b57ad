"""CLINC150 benchmark of the intent pipeline (no dataset-specific modelling code).

    python benchmarks/intents_clinc150.py /work/shared/data/clinc150 [--features tfidf+static] [--json out.json]

``data_full.json``: trains on train + oos_train, calibrates and chooses the out-of-scope threshold
on val + oos_val (the same targets as for our own taxonomy: out-of-scope precision and the
share of in-scope queries it may take), evaluates on test +
oos_test: in-scope accuracy (an in-scope query sent to out_of_scope counts as wrong) and
out-of-scope recall at the chosen threshold.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from supportbot.intents.benchmark import add_encoder_options, encoder_tuning, print_comparison, run_benchmark
from supportbot.intents.examples import LabeledExample
from supportbot.intents.features import FEATURE_KINDS
from supportbot.intents.training import TrainConfig
from supportbot.taxonomy import OUT_OF_SCOPE

PUBLISHED = [
    ("BERT in-scope accuracy / OOS recall, threshold (Larson et al. 2019)", "96.2% / 52.3%"),
    ("BERT trained with oos_train, OOS+ (Larson et al. 2019)", "96.7% / 59.2%"),
    ("BERT-base deterministic test accuracy (uncertainty-baselines)", "96.5%"),
]


def read_splits(path: Path, *splits: str) -> list[LabeledExample]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        LabeledExample(
            text=text,
            label=OUT_OF_SCOPE if label == "oos" else label,
            group=f"{split}:{i}",
            source="clinc150",
        )
        for split in splits
        for i, (text, label) in enumerate(data[split])
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data_dir", type=Path, help="folder with data_full.json")
    parser.add_argument("--features", default="tfidf+static", choices=list(FEATURE_KINDS))
    add_encoder_options(parser)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--target-oos-precision", type=float, default=TrainConfig().target_oos_precision)
    parser.add_argument("--max-in-scope-loss", type=float, default=TrainConfig().max_in_scope_loss)
    parser.add_argument("--json", type=Path, help="also write the full result as JSON")
    args = parser.parse_args()
    full = args.data_dir / "data_full.json"
    config = TrainConfig(
        features=args.features,
        seed=args.seed,
        encoder=encoder_tuning(args),
        target_oos_precision=args.target_oos_precision,
        max_in_scope_loss=args.max_in_scope_loss,
    )
    result = run_benchmark(
        "CLINC150",
        read_splits(full, "train", "oos_train"),
        read_splits(full, "test", "oos_test"),
        config,
        val=read_splits(full, "val", "oos_val"),
    )
    print_comparison(result, PUBLISHED)
    if args.json:
        args.json.write_text(json.dumps(result.model_dump(mode="json"), indent=2) + "\n")


if __name__ == "__main__":
    main()
