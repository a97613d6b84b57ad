"""PNG plots for intent evaluation: confusion matrix and reliability diagram (matplotlib, Agg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from supportbot.intents.calibration import ReliabilityBin


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_confusion(labels: list[str], matrix: np.ndarray, path: Path) -> Path:
    """Row-normalised confusion matrix (each true label's row sums to 1)."""
    plt = _pyplot()
    rows = matrix.sum(axis=1, keepdims=True)
    norm = np.divide(matrix, rows, out=np.zeros_like(matrix, dtype=float), where=rows > 0)
    size = max(6.0, 0.28 * len(labels))
    fig, ax = plt.subplots(figsize=(size, size))
    image = ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=6)
    ax.set_yticks(range(len(labels)), labels, fontsize=6)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("Intent confusion matrix (row-normalised)")
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path


def plot_reliability(bins: list[ReliabilityBin], ece: float, path: Path) -> Path:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    centres = [(b.lower + b.upper) / 2 for b in bins]
    width = bins[0].upper - bins[0].lower if bins else 0.1
    ax.bar(centres, [b.accuracy for b in bins], width=width * 0.9, alpha=0.7, label="accuracy", edgecolor="k")
    used = [b for b in bins if b.count]
    ax.plot(
        [b.confidence for b in used],
        [b.accuracy for b in used],
        "o",
        color="C1",
        label="bin: mean confidence vs accuracy",
    )
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
    for centre, b in zip(centres, bins, strict=True):
        if b.count:
            ax.text(centre, 0.02, str(b.count), ha="center", fontsize=7, rotation=90)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence (top probability)")
    ax.set_ylabel("accuracy")
    ax.set_title(f"Reliability diagram (ECE {ece:.3f})")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path
