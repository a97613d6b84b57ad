"""Routing throughput without the LLM, with plain baselines measured in the same run.

    python benchmarks/routing_throughput.py                       # the bundled e2e set, shipped models
    python benchmarks/routing_throughput.py --limit 200 --no-baselines
    python benchmarks/routing_throughput.py --set my_labelled.jsonl --json out.json

On the labelled end-to-end set (subject + body of each ticket) it measures, on this machine:

- the intent router (batched ``predict_many`` and one ticket at a time) and the entity
  extractor, in tickets/s, and both together ("routing");
- intent accuracy of the shipped model beside a TF-IDF + logistic-regression baseline trained on
  the same corpus (``supportbot.intents.dataset.build_corpus``) with default hyper-parameters;
- order-id precision/recall/F1 of the spaCy pipeline beside a regex-only extractor
  (``#?W\\d{7}``), with their throughput.

Prints tables; ``--json`` also writes the numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REGEX_ORDER_ID = re.compile(r"#?\b[Ww](\d{7})\b")


def _texts(tickets: list[Any]) -> list[str]:
    return [f"{t.subject}\n{t.body}" if t.subject else t.body for t in tickets]


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def _prf(gold: list[set[str]], pred: list[set[str]]) -> tuple[float, float, float]:
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, pred, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        pairs = zip(cells, widths, strict=True)
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(pairs))

    return "\n".join([title, line(header), line(["-" * w for w in widths]), *(line(r) for r in rows), ""])


def tfidf_lr_baseline(seed: int) -> tuple[Callable[[list[str]], list[str]], float]:
    """TF-IDF word n-grams + logistic regression on the intent corpus; returns (predict, train s)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from supportbot.intents.dataset import build_corpus

    corpus = build_corpus(seed)
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1), LogisticRegression(max_iter=2000)
    )
    _, seconds = _timed(lambda: model.fit([e.text for e in corpus.train], [e.label for e in corpus.train]))
    return (lambda texts: [str(x) for x in model.predict(texts)]), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--set", type=Path, default=None, help="Labelled JSONL (default: the bundled e2e set)."
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--seed", type=int, default=13, help="Seed of the baseline's training corpus.")
    parser.add_argument("--no-baselines", action="store_true", help="Only time our components.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    args = parser.parse_args(argv)

    from supportbot.entities.extractor import load_extractor
    from supportbot.evaluation.eval_set import DEFAULT_SET, load_eval_set
    from supportbot.evaluation.metrics import norm_entity
    from supportbot.intents.router import load_intent_classifier
    from supportbot.settings import get_settings

    tickets = load_eval_set(args.set or DEFAULT_SET, args.limit)
    texts = _texts(tickets)
    n = len(texts)
    settings = get_settings()
    router, load_router_s = _timed(lambda: load_intent_classifier(settings))
    extractor, load_extractor_s = _timed(lambda: load_extractor(settings))
    router.predict_many(texts[:8])
    extractor.extract(texts[0])

    batched, t_batch = _timed(lambda: router.predict_many(texts))
    _, t_single = _timed(lambda: [router.predict(t) for t in texts])
    extracted, t_extract = _timed(lambda: [extractor.extract(t) for t in texts])
    regex_ids, t_regex = _timed(lambda: [{f"#W{m}" for m in REGEX_ORDER_ID.findall(t)} for t in texts])

    results: dict[str, Any] = {
        "tickets": n,
        "load_s": {"intent_router": load_router_s, "entities": load_extractor_s},
    }
    results["throughput"] = {
        "intent router (batched)": n / t_batch,
        "intent router (one by one)": n / t_single,
        "entity extractor": n / t_extract,
        "routing: classify + extract": n / (t_single + t_extract),
        "regex order-id extractor": n / t_regex,
    }
    print(
        _table(
            f"Routing throughput on {n} tickets (no LLM), 1 process",
            ["component", "tickets/s", "ms/ticket"],
            [[k, f"{v:,.0f}", f"{1000 / v:.2f}"] for k, v in results["throughput"].items()],
        )
    )

    gold_ids = [
        {norm_entity("order_id", e.value) for e in t.gold.entities if e.type == "order_id"} for t in tickets
    ]
    ours_ids = [
        {norm_entity("order_id", e.value) for e in x.entities if e.type == "order_id"} for x in extracted
    ]
    results["order_id"] = {
        "spaCy pipeline": _prf(gold_ids, ours_ids),
        "regex only": _prf(gold_ids, regex_ids),
    }
    rows = [
        [name, *(f"{v * 100:.1f}%" for v in prf), f"{results['throughput'][label]:,.0f}"]
        for name, prf, label in (
            ("spaCy pipeline (ours)", results["order_id"]["spaCy pipeline"], "entity extractor"),
            ("regex only (baseline)", results["order_id"]["regex only"], "regex order-id extractor"),
        )
    ]
    print(
        _table(
            "Order-id extraction on the e2e set",
            ["extractor", "precision", "recall", "F1", "tickets/s"],
            rows,
        )
    )

    gold_intents = [t.gold.intent for t in tickets]
    english = [i for i, t in enumerate(tickets) if t.gold.language == "en"]
    ours = [p.intent for p in batched]

    def acc(pred: list[str], idx: Any) -> float:
        idx = list(idx)
        return sum(pred[i] == gold_intents[i] for i in idx) / len(idx) if idx else 0.0

    intent_rows = [
        [
            "shipped intent model (ours)",
            f"{acc(ours, range(n)) * 100:.1f}%",
            f"{acc(ours, english) * 100:.1f}%",
            f"{n / t_batch:,.0f}",
            "-",
        ]
    ]
    results["intent_accuracy"] = {"ours": acc(ours, range(n)), "ours_english": acc(ours, english)}
    if not args.no_baselines:
        predict, train_s = tfidf_lr_baseline(args.seed)
        base, t_base = _timed(lambda: predict(texts))
        results["intent_accuracy"].update(
            {"tfidf_lr": acc(base, range(n)), "tfidf_lr_english": acc(base, english)}
        )
        intent_rows.append(
            [
                "TF-IDF + logistic regression (baseline)",
                f"{acc(base, range(n)) * 100:.1f}%",
                f"{acc(base, english) * 100:.1f}%",
                f"{n / t_base:,.0f}",
                f"{train_s:.0f}",
            ]
        )
    print(
        _table(
            "Intent accuracy on the e2e set (router output incl. its out-of-scope threshold)",
            ["model", "all", "English", "tickets/s", "train s"],
            intent_rows,
        )
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    from supportbot.errors import SupportbotError

    try:
        sys.exit(main())
    except SupportbotError as exc:
        print(f"error: {exc.user_message()}", file=sys.stderr)
        sys.exit(2)
