"""Evaluating an intent model on labelled examples: metrics, confusions, calibration, plots."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from supportbot.intents.calibration import ReliabilityBin, expected_calibration_error, reliability
from supportbot.intents.decision import decide
from supportbot.intents.examples import LabeledExample
from supportbot.intents.model import IntentModel


class PerIntent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    precision: float
    recall: float
    f1: float
    support: int


class Confusion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    true: str
    predicted: str
    count: int
    examples: list[str]


class EvalReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    examples: int
    model_version: str
    oos_threshold: float
    low_confidence_threshold: float
    accuracy: float
    macro_f1: float
    in_scope_accuracy: float | None
    oos_recall: float | None
    oos_precision: float | None
    ece: float
    error_catch_rate: float | None
    escalation_rate: float
    latency_ms_p50: float
    latency_ms_p95: float
    cpu_ms_p50: float
    cpu_ms_p95: float
    per_intent: dict[str, PerIntent]
    top_confusions: list[Confusion]
    reliability: list[ReliabilityBin]


def evaluate(
    model: IntentModel,
    examples: list[LabeledExample],
    oos_threshold: float,
    low_confidence_threshold: float,
    *,
    latency_samples: int = 300,
    seed: int = 0,
) -> tuple[EvalReport, list[str], np.ndarray]:
    """Return the report, the label order and the confusion matrix (rows: true, columns: predicted).

    Out-of-scope decisions count as predictions of the out-of-scope label; "escalated" means out of
    scope or low confidence, and ``error_catch_rate`` is the share of wrong tickets escalated.
    """
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    texts = [e.text for e in examples]
    truth = [e.label for e in examples]
    proba = model.predict_proba(texts)
    decisions = [
        decide(row, model.labels, model.oos_label, oos_threshold, low_confidence_threshold) for row in proba
    ]
    predicted = [d.intent for d in decisions]
    labels = sorted(set(truth) | set(predicted))
    correct = np.array([p == t for p, t in zip(predicted, truth, strict=True)])
    escalated = np.array([d.out_of_scope or d.low_confidence for d in decisions])
    top_proba = proba.max(axis=1)
    top_correct = np.array(
        [model.labels[int(i)] == t for i, t in zip(proba.argmax(axis=1), truth, strict=True)]
    )
    oos = model.oos_label
    true_oos = np.array([t == oos for t in truth])
    pred_oos = np.array([p == oos for p in predicted])
    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    pairs = Counter((t, q) for t, q in zip(truth, predicted, strict=True) if t != q)
    confusions = [
        Confusion(
            true=t,
            predicted=q,
            count=n,
            examples=[
                e.text[:200]
                for e, d in zip(examples, decisions, strict=True)
                if e.label == t and d.intent == q
            ][:3],
        )
        for (t, q), n in pairs.most_common(10)
    ]
    latencies = _latencies(model, texts, latency_samples, seed, (oos_threshold, low_confidence_threshold))
    report = EvalReport(
        examples=len(examples),
        model_version=model.card.model_version,
        oos_threshold=oos_threshold,
        low_confidence_threshold=low_confidence_threshold,
        accuracy=float(correct.mean()),
        macro_f1=float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)),
        in_scope_accuracy=float(correct[~true_oos].mean()) if (~true_oos).any() and true_oos.any() else None,
        oos_recall=float(pred_oos[true_oos].mean()) if true_oos.any() else None,
        oos_precision=float(true_oos[pred_oos].mean()) if true_oos.any() and pred_oos.any() else None,
        ece=expected_calibration_error(top_proba, top_correct),
        error_catch_rate=float(escalated[~correct].mean()) if (~correct).any() else None,
        escalation_rate=float(escalated.mean()),
        latency_ms_p50=latencies[0],
        latency_ms_p95=latencies[1],
        cpu_ms_p50=latencies[2],
        cpu_ms_p95=latencies[3],
        per_intent={
            label: PerIntent(precision=float(p[i]), recall=float(r[i]), f1=float(f[i]), support=int(s[i]))
            for i, label in enumerate(labels)
        },
        top_confusions=confusions,
        reliability=reliability(top_proba, top_correct),
    )
    return report, labels, confusion_matrix(truth, predicted, labels=labels)


def _latencies(
    model: IntentModel, texts: list[str], samples: int, seed: int, thresholds: tuple[float, float]
) -> tuple[float, float, float, float]:
    """Milliseconds per ticket through the whole router, one ticket at a time as the agent calls it:
    wall-clock P50/P95 and CPU-time P50/P95 (CPU time does not count waiting for a busy machine)."""
    from supportbot.intents.router import IntentRouter
    from supportbot.settings import IntentSettings

    if not texts or samples <= 0:
        return 0.0, 0.0, 0.0, 0.0
    router = IntentRouter(
        model, IntentSettings(oos_threshold=thresholds[0], low_confidence_threshold=thresholds[1])
    )
    rng = np.random.default_rng(seed)
    chosen = [texts[int(i)] for i in rng.integers(0, len(texts), size=samples)]
    for text in chosen[:5]:  # warm caches (language profiles, vocabularies)
        router.predict(text)
    wall, cpu = [], []
    for text in chosen:
        start, start_cpu = time.perf_counter(), time.process_time()
        router.predict(text)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return (
        float(np.percentile(wall, 50)),
        float(np.percentile(wall, 95)),
        float(np.percentile(cpu, 50)),
        float(np.percentile(cpu, 95)),
    )


def write_report(report: EvalReport, labels: list[str], matrix: np.ndarray, out_dir: Path) -> list[Path]:
    from supportbot.intents.plots import plot_confusion, plot_reliability

    out_dir.mkdir(parents=True, exist_ok=True)
    report_path = out_dir / "intent_eval.json"
    report_path.write_text(json.dumps(report.model_dump(mode="json"), indent=2) + "\n")
    return [
        report_path,
        plot_confusion(labels, matrix, out_dir / "intent_confusion.png"),
        plot_reliability(report.reliability, report.ece, out_dir / "intent_reliability.png"),
    ]
