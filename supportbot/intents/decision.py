"""From calibrated probabilities to a routing decision: intent, out_of_scope, low confidence."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: str
    confidence: float
    top: list[tuple[str, float]]
    best_in_scope: str
    best_in_scope_probability: float
    out_of_scope: bool
    low_confidence: bool


def decide(
    proba: np.ndarray,
    labels: list[str],
    oos_label: str,
    oos_threshold: float,
    low_confidence_threshold: float,
    top_k: int = 3,
) -> Decision:
    """``proba`` is one row of calibrated class probabilities in ``labels`` order.

    A ticket is out of scope when the model's best label is ``oos_label`` or the best in-scope
    intent's probability is under ``oos_threshold``; its confidence is then ``1 - p(best in-scope)``.
    Otherwise it is the best in-scope intent, low confidence when under ``low_confidence_threshold``.
    """
    order = np.argsort(-proba)
    top = [(labels[i], round(float(proba[i]), 4)) for i in order[:top_k]]
    in_scope = [i for i in order if labels[i] != oos_label]
    best = in_scope[0] if in_scope else int(order[0])
    p_best = float(proba[best])
    oos = labels[int(order[0])] == oos_label or p_best < oos_threshold or not in_scope
    if oos:
        confidence = float(np.clip(1.0 - p_best, 0.0, 1.0))
        return Decision(
            intent=oos_label,
            confidence=confidence,
            top=top,
            best_in_scope=labels[best],
            best_in_scope_probability=p_best,
            out_of_scope=True,
            low_confidence=confidence < low_confidence_threshold,
        )
    return Decision(
        intent=labels[best],
        confidence=p_best,
        top=top,
        best_in_scope=labels[best],
        best_in_scope_probability=p_best,
        out_of_scope=False,
        low_confidence=p_best < low_confidence_threshold,
    )
