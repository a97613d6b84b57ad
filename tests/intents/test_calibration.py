from __future__ import annotations

import numpy as np

from supportbot.intents.calibration import expected_calibration_error, fit_temperature, softmax
from supportbot.intents.decision import decide
from supportbot.intents.thresholds import choose_low_confidence_threshold, choose_oos_threshold


def test_temperature_recovers_the_generating_temperature() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, size=(4000, 5))
    true_t = 2.5
    p = softmax(logits, true_t)
    y = np.array([rng.choice(5, p=row) for row in p])
    assert abs(fit_temperature(logits, y) - true_t) < 0.3


def test_ece_is_zero_when_confidence_matches_accuracy_and_large_when_overconfident() -> None:
    confidence = np.full(1000, 0.8)
    correct = np.arange(1000) % 5 != 0  # 80% right
    assert expected_calibration_error(confidence, correct) < 1e-9
    assert expected_calibration_error(np.full(1000, 0.99), correct) > 0.15


def test_oos_threshold_keeps_target_precision() -> None:
    p_best = np.array([0.1, 0.2, 0.3, 0.5, 0.6, 0.9, 0.95])
    true_oos = np.array([True, True, False, True, False, False, False])
    argmax_oos = np.zeros(7, dtype=bool)
    t = choose_oos_threshold(p_best, argmax_oos, true_oos, target_precision=1.0, max_in_scope_loss=0.5)
    assert 0.2 < t <= 0.3
    # losing in-scope tickets is bounded: the 0.3 ticket is in scope, so with no loss allowed t <= 0.3
    strict = choose_oos_threshold(p_best, argmax_oos, true_oos, target_precision=0.5, max_in_scope_loss=0.0)
    assert strict <= 0.3
    lenient = choose_oos_threshold(p_best, argmax_oos, true_oos, target_precision=0.5, max_in_scope_loss=0.5)
    assert lenient > 0.5
    no_oos = np.zeros(7, dtype=bool)
    assert (
        choose_oos_threshold(p_best, argmax_oos, no_oos, target_precision=0.5, max_in_scope_loss=0.5) == 0.0
    )


def test_low_confidence_threshold_catches_target_share_of_errors() -> None:
    p_best = np.array([0.3, 0.4, 0.5, 0.7, 0.9, 0.95, 0.99])
    wrong = np.array([True, True, True, True, False, False, False])
    t = choose_low_confidence_threshold(p_best, wrong, target_catch=0.75, floor=0.0)
    assert (p_best[wrong] < t).mean() >= 0.75
    assert t <= 0.51
    # errors at 0.96-0.97 are still caught: the threshold may go above 0.95 (up to 0.99)
    sharp = np.array([0.9, 0.96, 0.97, 0.99, 0.999, 0.999])
    sharp_wrong = np.array([True, True, True, False, False, False])
    high = choose_low_confidence_threshold(sharp, sharp_wrong, target_catch=1.0, floor=0.0)
    assert 0.97 < high <= 0.99


def test_decide_routes_low_probability_to_out_of_scope() -> None:
    labels = ["a", "b", "out_of_scope"]
    sure = decide(np.array([0.9, 0.05, 0.05]), labels, "out_of_scope", 0.3, 0.6)
    unsure = decide(np.array([0.5, 0.4, 0.1]), labels, "out_of_scope", 0.3, 0.6)
    lost = decide(np.array([0.25, 0.25, 0.5]), labels, "out_of_scope", 0.3, 0.6)
    assert (sure.intent, sure.low_confidence, sure.out_of_scope) == ("a", False, False)
    assert (unsure.intent, unsure.low_confidence, unsure.out_of_scope) == ("a", True, False)
    assert lost.intent == "out_of_scope" and lost.out_of_scope
    assert abs(lost.confidence - 0.75) < 1e-9


def test_confirm_threshold_is_where_unsure_action_labels_become_precise_enough() -> None:
    from supportbot.intents.thresholds import choose_confirm_threshold

    # action labels: right 60% in [0.5, 0.8), 95% in [0.8, 0.98); a non-action label never counts
    p = np.array([0.6] * 20 + [0.9] * 40 + [0.9] * 30)
    correct = np.array([True] * 12 + [False] * 8 + [True] * 38 + [False] * 2 + [False] * 30)
    acts = np.array([True] * 60 + [False] * 30)
    t = choose_confirm_threshold(p, correct, acts, low=0.98, floor=0.29, target_precision=0.9)
    assert 0.6 < t <= 0.9
    # too few examples in the band: never propose (the low-confidence threshold itself)
    assert (
        choose_confirm_threshold(p[:10], correct[:10], acts[:10], low=0.98, floor=0.29, target_precision=0.9)
        == 0.98
    )
    # no action labels at all (a public benchmark's labels): never
    assert (
        choose_confirm_threshold(p, correct, np.zeros_like(acts), low=0.98, floor=0.29, target_precision=0.9)
        == 0.98
    )
