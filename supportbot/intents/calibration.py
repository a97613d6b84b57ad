"""Calibrated probabilities from linear scores (temperature scaling) and calibration metrics."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


def fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of ``y`` (indices) on validation."""
    from scipy.optimize import minimize_scalar

    def nll(log_t: float) -> float:
        p = softmax(scores, float(np.exp(log_t)))
        return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)).mean())

    result = minimize_scalar(nll, bounds=(np.log(1e-3), np.log(100.0)), method="bounded")
    return float(np.exp(result.x))


class ReliabilityBin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lower: float
    upper: float
    count: int
    confidence: float
    accuracy: float


def reliability(confidence: np.ndarray, correct: np.ndarray, n_bins: int = 10) -> list[ReliabilityBin]:
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bins: list[ReliabilityBin] = []
    for i in range(n_bins):
        mask = (confidence > edges[i]) & (confidence <= edges[i + 1])
        if i == 0:
            mask |= confidence == 0
        count = int(mask.sum())
        bins.append(
            ReliabilityBin(
                lower=float(edges[i]),
                upper=float(edges[i + 1]),
                count=count,
                confidence=float(confidence[mask].mean()) if count else 0.0,
                accuracy=float(correct[mask].mean()) if count else 0.0,
            )
        )
    return bins


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, n_bins: int = 15) -> float:
    """ECE: bin-size weighted gap between confidence and accuracy (equal-width bins)."""
    total = len(confidence)
    if total == 0:
        return 0.0
    return float(
        sum(
            b.count / total * abs(b.accuracy - b.confidence) for b in reliability(confidence, correct, n_bins)
        )
    )
