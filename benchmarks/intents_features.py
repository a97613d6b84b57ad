"""Which features should the shipped intent model use? TF-IDF alone vs TF-IDF + MiniLM embeddings.

    python benchmarks/intents_features.py [--per-label 120] [--test-per-label 40] [--latency-samples 200]

Trains both variants on the same (optionally subsampled) training split of our corpus, evaluates on
the same held-out test tickets and prints accuracy, macro-F1, ECE and per-ticket CPU and wall time. Subsampling keeps the run short on a small CPU; it lowers both variants alike.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict

from supportbot.intents.dataset import build_corpus
from supportbot.intents.evaluation import evaluate
from supportbot.intents.examples import LabeledExample
from supportbot.intents.training import TrainConfig, train_intent_model


def subsample(examples: list[LabeledExample], per_label: int, seed: int) -> list[LabeledExample]:
    by_label: dict[str, list[LabeledExample]] = defaultdict(list)
    for example in examples:
        by_label[example.label].append(example)
    rng = random.Random(seed)
    out: list[LabeledExample] = []
    for label in sorted(by_label):
        rows = by_label[label]
        out.extend(rng.sample(rows, min(per_label, len(rows))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-label", type=int, default=120, help="training tickets per label (0: all)")
    parser.add_argument("--test-per-label", type=int, default=40, help="test tickets per label (0: all)")
    parser.add_argument("--latency-samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    corpus = build_corpus(args.seed)
    train = subsample(corpus.train, args.per_label, args.seed) if args.per_label else corpus.train
    test = subsample(corpus.test, args.test_per_label, args.seed) if args.test_per_label else corpus.test

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Intent features on our taxonomy ({len(train)} train / {len(test)} held-out test)")
    for column in (
        "features",
        "val acc",
        "test acc",
        "macro-F1",
        "ECE",
        "CPU ms P50/P95",
        "wall ms P50/P95",
        "load s",
    ):
        table.add_column(column, justify="right")
    for kind in ("tfidf", "tfidf+minilm"):
        model, summary = train_intent_model(train, TrainConfig(features=kind, seed=args.seed))  # type: ignore[arg-type]
        report, _, _ = evaluate(
            model,
            test,
            model.card.oos_threshold,
            model.card.low_confidence_threshold,
            latency_samples=args.latency_samples,
        )
        table.add_row(
            kind,
            f"{100 * summary.accuracy:.2f}%",
            f"{100 * report.accuracy:.2f}%",
            f"{report.macro_f1:.4f}",
            f"{report.ece:.4f}",
            f"{report.cpu_ms_p50:.2f} / {report.cpu_ms_p95:.2f}",
            f"{report.latency_ms_p50:.2f} / {report.latency_ms_p95:.2f}",
        )
    Console().print(table)


if __name__ == "__main__":
    main()
