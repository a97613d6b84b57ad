"""PNG plots of an end-to-end report (matplotlib, Agg backend, imported lazily)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from supportbot.evaluation.goals import GOALS, value
from supportbot.evaluation.metrics import STAGES, E2EMetrics, Prediction
from supportbot.lazy import require


def _pyplot() -> Any:
    matplotlib = require("matplotlib", "report plots")
    matplotlib.use("Agg")
    return require("matplotlib.pyplot", "report plots")


def goals_plot(metrics: E2EMetrics, path: Path) -> Path:
    plt = _pyplot()
    rows = [g for g in GOALS if g.kind == "percent"]
    labels = [g.label for g in rows]
    ours = [value(metrics, g.key) * 100 for g in rows]
    goals = [g.target * 100 for g in rows]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], ours, height=0.4, label="measured", color="#3b7dd8")
    ax.barh([i - 0.2 for i in y], goals, height=0.4, label="goal", color="#bbbbbb")
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    ax.set_title(f"End-to-end metrics vs goals ({metrics.n} tickets)")
    for i, v in enumerate(ours):
        ax.text(min(v + 1, 92), i + 0.2, f"{v:.1f}", va="center", fontsize=8)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def entity_plot(metrics: E2EMetrics, path: Path) -> Path:
    plt = _pyplot()
    kinds = sorted(metrics.entity)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    width = 0.27
    for k, (name, color) in enumerate((("precision", "#8fb8ee"), ("recall", "#f0b36b"), ("f1", "#3b7dd8"))):
        ax.bar(
            [i + (k - 1) * width for i in range(len(kinds))],
            [metrics.entity[t][name] for t in kinds],
            width,
            label=name,
            color=color,
        )
    ax.set_xticks(range(len(kinds)), kinds, rotation=20)
    ax.set_ylim(0, 1.05)
    ax.set_title("Entity extraction by type")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def latency_plot(metrics: E2EMetrics, preds: list[Prediction], path: Path) -> Path:
    plt = _pyplot()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    stages = [*STAGES, "end_to_end"]
    p50 = [metrics.latency_ms[s]["p50"] for s in stages]
    p95 = [metrics.latency_ms[s]["p95"] for s in stages]
    xs = range(len(stages))
    ax1.bar(
        [x - 0.2 for x in xs], [0 if math.isnan(v) else v for v in p50], 0.4, label="P50", color="#8fb8ee"
    )
    ax1.bar(
        [x + 0.2 for x in xs], [0 if math.isnan(v) else v for v in p95], 0.4, label="P95", color="#3b7dd8"
    )
    ax1.set_xticks(list(xs), stages, rotation=20)
    ax1.set_ylabel("ms")
    ax1.set_yscale("symlog", linthresh=1)
    ax1.set_title("Latency by stage")
    ax1.legend(fontsize=8)
    e2e = [p.latency_ms for p in preds if p.error is None]
    if e2e:
        ax2.hist(e2e, bins=40, color="#3b7dd8")
        ax2.axvline(3000, color="#cc3333", linestyle="--", label="goal P95 3 s")
        ax2.legend(fontsize=8)
    ax2.set_xlabel("end-to-end ms per ticket")
    ax2.set_title("Latency distribution")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def tag_plot(metrics: E2EMetrics, path: Path) -> Path:
    plt = _pyplot()
    tags = list(metrics.by_tag)
    fig, ax = plt.subplots(figsize=(10, 4))
    width = 0.2
    for k, (name, color) in enumerate(
        (("intent", "#8fb8ee"), ("tools", "#3b7dd8"), ("db", "#f0b36b"), ("escalation", "#6bbf7a"))
    ):
        ax.bar(
            [i + (k - 1.5) * width for i in range(len(tags))],
            [metrics.by_tag[t][name] for t in tags],
            width,
            label=name,
            color=color,
        )
    ax.set_xticks(
        range(len(tags)),
        [f"{t}\n(n={int(metrics.by_tag[t]['n'])})" for t in tags],
        rotation=35,
        fontsize=7,
        ha="right",
    )
    ax.set_ylim(0, 1.05)
    ax.set_title("Correctness by ticket kind")
    ax.legend(fontsize=8, ncols=4, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
