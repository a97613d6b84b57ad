"""How the shipped intent model's settings were chosen: grouped validation, with the held-out test
split and the independent end-to-end set reported beside it (never used to choose).

    python benchmarks/intents_selection.py                 # corpus sizes x SVM C (takes ~10 min)
    python benchmarks/intents_selection.py --quick         # the shipped setting and one neighbour
    python benchmarks/intents_selection.py --quick --features tfidf   # another feature set

For each configuration the linear SVM pipeline of ``supportbot.intents`` (``--features``, default
the shipped TF-IDF + static MiniLM token embeddings) is fitted on the
training corpus minus whole phrasing groups (20 %, the same split ``supportbot intents train``
calibrates on) and scored on those groups ("val"); then it is refitted on the whole training corpus
and scored on the held-out test split and on ``supportbot/data/eval/e2e_set.jsonl``. Accuracy is
argmax accuracy (no thresholds), so it compares the models, not the thresholds.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

SIZES: dict[str, dict[str, int]] = {
    "300/150/600": {
        "synthetic_per_intent": 300,
        "synthetic_per_bitext_intent": 150,
        "out_of_scope_train": 600,
    },
    "450/300/800": {
        "synthetic_per_intent": 450,
        "synthetic_per_bitext_intent": 300,
        "out_of_scope_train": 800,
    },
    "600/450/1000 (shipped)": {},
    "800/600/1300": {
        "synthetic_per_intent": 800,
        "synthetic_per_bitext_intent": 600,
        "out_of_scope_train": 1300,
    },
}


def _accuracy(features: Any, classifier: Any, texts: list[str], labels: list[str]) -> float:
    return float((classifier.predict(features.transform(texts)) == np.array(labels)).mean())


def _fit(texts: list[str], labels: list[str], c: float, kind: Any) -> tuple[Any, Any]:
    from sklearn.svm import LinearSVC

    from supportbot.intents.features import build_features

    features = build_features(kind)
    classifier = LinearSVC(C=c, random_state=13).fit(features.fit_transform(texts), labels)
    return features, classifier


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="Only the shipped size with C 0.5 and 1.")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--features", default="tfidf+static", choices=["tfidf", "tfidf+static", "tfidf+minilm"]
    )
    parser.add_argument("--c", type=float, action="append", help="Only these C values (repeatable).")
    args = parser.parse_args(argv)

    from supportbot.evaluation.eval_set import DEFAULT_SET
    from supportbot.intents.dataset import build_corpus, read_labeled_jsonl
    from supportbot.intents.training import split_by_group

    e2e = read_labeled_jsonl(DEFAULT_SET)
    sizes = {"600/450/1000 (shipped)": {}} if args.quick else SIZES
    cs = args.c or ([0.5, 1.0] if args.quick else [0.25, 0.5, 1.0])
    print(f"features: {args.features}")
    print(
        f"{'corpus (per intent / per Bitext intent / OOS)':46s} {'C':>5s} {'val':>7s} {'test':>7s} {'e2e':>7s} {'fit s':>6s}"
    )
    for name, size in sizes.items():
        corpus = build_corpus(args.seed, **size)
        fit, val = split_by_group(corpus.train, 0.2, args.seed)
        for c in cs:
            model = _fit([e.text for e in fit], [e.label for e in fit], c, args.features)
            val_acc = _accuracy(*model, [e.text for e in val], [e.label for e in val])
            started = time.perf_counter()
            model = _fit([e.text for e in corpus.train], [e.label for e in corpus.train], c, args.features)
            seconds = time.perf_counter() - started
            test_acc = _accuracy(*model, [e.text for e in corpus.test], [e.label for e in corpus.test])
            e2e_acc = _accuracy(*model, [e.text for e in e2e], [e.label for e in e2e])
            print(
                f"{name:46s} {c:5.2f} {val_acc * 100:6.2f}% {test_acc * 100:6.2f}% {e2e_acc * 100:6.2f}% "
                f"{seconds:6.1f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
