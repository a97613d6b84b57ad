"""``supportbot eval e2e`` runs the real batch path (real models, template replies) on a fresh DB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.evaluation.eval_set import DEFAULT_SET, load_eval_set, write_eval_set
from supportbot.paths import MODELS_DIR

pytestmark = pytest.mark.skipif(
    not (MODELS_DIR / "intents").is_dir() or not (MODELS_DIR / "entities").is_dir(),
    reason="the shipped intent model / entity pipeline are not in the package yet",
)

KINDS = (
    "explicit_action",
    "policy_violation",
    "foreign_order",
    "human_request",
    "non_english",
    "prompt_injection",
    "missing_order_id",
    "multi_request",
    "needs_approval",
    "angry",
)


def _slice(tmp_path: Path, per_kind: int) -> Path:
    """A small slice with every kind of ticket (plus plain ones)."""
    tickets = load_eval_set(DEFAULT_SET)
    chosen = [t for t in tickets if "standard" in t.gold.tags][: max(1, per_kind)]
    for kind in KINDS:
        chosen += [t for t in tickets if kind in t.gold.tags][:per_kind]
    path = tmp_path / "slice.jsonl"
    write_eval_set(chosen, path)
    return path


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_kind: int) -> dict[str, object]:
    monkeypatch.setenv("SUPPORTBOT_LLM__BACKEND", "template")
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app, ["eval", "e2e", "--set", str(_slice(tmp_path, per_kind)), "--out", str(out), "--no-progress"]
    )
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "report:" in result.output
    for name in ("report.md", "goals.png", "entities.png", "latency.png", "kinds.png", "predictions.jsonl"):
        assert (out / name).is_file(), name
    # The user's database (data_dir of the isolated settings) was never created.
    assert not (tmp_path / "data" / "supportbot.db").exists()
    metrics: dict[str, object] = json.loads((out / "metrics.json").read_text(encoding="utf-8"))["metrics"]
    return metrics


def test_e2e_on_a_small_slice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    m = _run(tmp_path, monkeypatch, per_kind=1)
    assert m["n"] == 11 and m["errors"] == 0
    assert m["leak_count"] == 0
    for key in ("intent_accuracy", "tool_call_accuracy", "db_match_rate", "escalation_recall"):
        assert 0.0 <= float(m[key]) <= 1.0  # type: ignore[arg-type]
    latency = m["latency_ms"]
    assert isinstance(latency, dict) and latency["end_to_end"]["n"] == 11
    assert latency["classify"]["n"] == 11  # stage timings come from the runner's outcome


@pytest.mark.slow
def test_e2e_on_a_larger_slice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    m = _run(tmp_path, monkeypatch, per_kind=12)
    assert m["errors"] == 0 and m["leak_count"] == 0
    assert int(m["n"]) >= 100  # type: ignore[call-overload]
