"""Choosing the out-of-scope and low-confidence thresholds on validation predictions."""

from __future__ import annotations

import numpy as np

# Up to 0.99: with a sharp (low-temperature) model the errors of unfamiliar wording can sit above
# 0.95, and the low-confidence target must still be reachable; 1.0 would escalate everything.
GRID = np.round(np.arange(0.0, 1.0, 0.01), 2)
LOW_CONFIDENCE_CEILING = 0.99


def choose_oos_threshold(
    p_best: np.ndarray,
    argmax_is_oos: np.ndarray,
    true_oos: np.ndarray,
    target_precision: float,
    max_in_scope_loss: float,
) -> float:
    """The largest threshold that keeps both targets on validation.

    Raising the threshold sends more tickets to out_of_scope: out-of-scope recall goes up, while
    its precision drops and more in-scope tickets are lost to it. The threshold must keep the
    out-of-scope precision at ``target_precision`` and lose at most ``max_in_scope_loss`` of the
    in-scope tickets. Without out-of-scope examples in validation there is no evidence for any
    threshold, and 0 is returned.
    """
    if not true_oos.any():
        return 0.0
    in_scope = ~true_oos
    chosen = 0.0
    for t in GRID:
        predicted = argmax_is_oos | (p_best < t)
        loss = float(predicted[in_scope].mean()) if in_scope.any() else 0.0
        if loss > max_in_scope_loss:
            break
        precise = not predicted.any() or (
            float((predicted & true_oos).sum() / predicted.sum()) >= target_precision
        )
        if not precise:
            continue
        chosen = float(t)
    return chosen


def choose_low_confidence_threshold(
    p_best: np.ndarray,
    wrong: np.ndarray,
    target_catch: float,
    floor: float,
    ceiling: float = LOW_CONFIDENCE_CEILING,
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


def choose_confirm_threshold(
    p_best: np.ndarray,
    correct: np.ndarray,
    acts: np.ndarray,
    *,
    low: float,
    floor: float,
    target_precision: float,
    min_support: int = 20,
) -> float:
    """The smallest threshold from which an unsure label that names an *action* is right often
    enough for the bot to propose that action and ask the customer to confirm it (instead of
    handing the ticket to a person).

    Over the validation tickets routed to an action intent whose probability is in ``[t, low)``
    (the unsure band), the label must be right at least ``target_precision`` of the time, on at
    least ``min_support`` tickets. ``low`` (never) when no threshold qualifies.
    """
    for t in GRID:
        if t < floor or t >= low:
            continue
        band = acts & (p_best >= t) & (p_best < low)
        if int(band.sum()) < min_support:
            break
        if float(correct[band].mean()) >= target_precision:
            return float(t)
    return float(low)
