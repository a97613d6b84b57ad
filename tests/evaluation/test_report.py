"""The Markdown report, its PNG plots, metrics.json and the README block generated from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supportbot.errors import InputError
from supportbot.evaluation.e2e_run import E2EResult
from supportbot.evaluation.grounding import OwnershipIndex
from supportbot.evaluation.metrics import score
from supportbot.evaluation.readme_results import BEGIN, END, render_block, update_readme
from supportbot.evaluation.report import write_report
from tests.evaluation.test_metrics import BEFORE, TICKETS, good_predictions


def _result() -> E2EResult:
    preds = good_predictions()
    preds["t4"] = preds["t4"].model_copy(update={"intent": "delivery_period"})
    after = {**BEFORE, "#W1111111": {"customer_id": "alice", "status": "cancelled"}}
    metrics, scores = score(
        TICKETS,
        preds,
        orders_before=BEFORE,
        orders_after=after,
        customers_after={},
        ownership=OwnershipIndex(),
    )
    metrics.cpu_s_per_1000 = 123.4
    metrics.wall_s = 2.0
    return E2EResult(TICKETS, preds, metrics, scores, {"llm_backend": "template", "tickets": 4})


def test_report_files_and_content(tmp_path: Path) -> None:
    path = write_report(_result(), tmp_path, "supportbot eval e2e --limit 4")
    text = path.read_text(encoding="utf-8")
    for name in ("goals.png", "entities.png", "latency.png", "kinds.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"({name})" in text
    assert "| intent accuracy | 75.0% | ≥ 95% | no | 93.4% |" in text
    assert "| tool-call accuracy | 100.0% | ≥ 99% | yes | 98.2% |" in text
    assert "wrong intent** (1)" in text and "`t4` gold `delivery_options`, got `delivery_period`" in text
    assert "no unexpected consequential call succeeded" in text  # the tool-call definition is documented
    saved = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert saved["metrics"]["intent_accuracy"] == 0.75
    assert len((tmp_path / "predictions.jsonl").read_text(encoding="utf-8").splitlines()) == 4


def test_readme_block_is_regenerated_between_markers(tmp_path: Path) -> None:
    write_report(_result(), tmp_path / "r", "supportbot eval e2e --limit 4")
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n## Evaluation\n\n{BEGIN}\nold numbers\n{END}\n\n## Next\n", encoding="utf-8")
    update_readme(readme, tmp_path / "r" / "metrics.json")
    text = readme.read_text(encoding="utf-8")
    assert "old numbers" not in text and text.endswith("## Next\n")
    assert "| intent accuracy | 75.0% |" in text and "123 CPU-s" in text
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    assert render_block(tmp_path / "r" / "metrics.json") in text
    readme.write_text("no markers", encoding="utf-8")
    with pytest.raises(InputError, match="markers"):
        update_readme(readme, tmp_path / "r" / "metrics.json")
    with pytest.raises(InputError, match="no "):
        render_block(tmp_path / "missing.json")


def test_confusions_and_command_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from supportbot.cli.eval_e2e_cmd import _command_line
    from supportbot.evaluation.report import confusions_md

    assert "| delivery_options | delivery_period | 1 |" in confusions_md(_result())
    monkeypatch.setenv("SUPPORTBOT_LLM__BACKEND", "template")
    monkeypatch.setenv("SUPPORTBOT_LLM__VLLM_API_KEY", "secret")
    monkeypatch.setattr("sys.argv", ["supportbot", "eval", "e2e", "--limit", "5"])
    line = _command_line()
    assert line == "SUPPORTBOT_LLM__BACKEND=template supportbot eval e2e --limit 5"
