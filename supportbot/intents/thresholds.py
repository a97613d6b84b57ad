"""Choosing the out-of-scope and low-confidence thresholds on validation predictions."""

from __future__ import annotations

import numpy as np

GRID = np.round(np.arange(0.0, 0.96, 0.01), 2)


def choose_oos_threshold(
    p_best: np.ndarray, argmax_is_oos: np.ndarray, true_oos: np.ndarray, target_precision: float
) -> float:
    """The largest threshold whose out-of-scope decisions keep ``target_precision`` on validation.

    Raising the threshold sends more tickets to out_of_scope: recall goes up, precision down.
    Without out-of-scope examples in validation nothing can be measured and 0 is returned.
    """
    if not true_oos.any():
        return 0.0
    chosen = 0.0
    for t in GRID:
        predicted = argmax_is_oos | (p_best < t)
        if not predicted.any():
            continue
        precision = float((predicted & true_oos).sum() / predicted.sum())
        if precision >= target_precision:
            chosen = float(t)
    return chosen


def choose_low_confidence_threshold(
    p_best: np.ndarray, wrong: np.ndarray, target_catch: float, floor: float, ceiling: float = 0.95
) -> float:
    """The smallest threshold under which ``target_catch`` of the wrongly routed tickets fall.

    ``p_best`` and ``wrong`` cover the validation tickets routed to an intent (not out_of_scope).
    """
    if not wrong.any():
        return float(max(floor, 0.5))
    for t in GRID:
        if t < floor:
            continue
        caught = float((p_best[wrong] < t).mean())
        if caught >= target_catch:
            return float(min(t, ceiling))
    return ceiling
