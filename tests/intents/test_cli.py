from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.intents.router import clear_cache

runner = CliRunner()


def test_predict_prints_top_three(small_model_file: Path) -> None:
    clear_cache()
    result = runner.invoke(
        app, ["intents", "predict", "I forgot my password", "--model", str(small_model_file)]
    )
    assert result.exit_code == 0, result.output
    assert "recover_password" in result.output
    assert "language=en" in result.output
    ranks = re.findall(r"^\S\s+([123])\s+\S", result.output, flags=re.MULTILINE)
    assert ranks == ["1", "2", "3"]


def test_eval_writes_report_and_plots(small_model_file: Path, tmp_path: Path) -> None:
    data = tmp_path / "tickets.csv"
    rows = [
        ("where is my order, it has not shipped", "track_order"),
        ("please cancel my order", "cancel_order"),
        ("I want a refund for my purchase", "get_refund"),
        ("my package is a week late", "delivery_delay"),
        ("tell me a joke", "out_of_scope"),
        ("the item arrived broken", "damaged_item"),
    ]
    with data.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    out = tmp_path / "report"
    result = runner.invoke(
        app, ["intents", "eval", "--model", str(small_model_file), "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "intent_eval.json").read_text())
    assert report["examples"] == len(rows)
    assert 0 <= report["accuracy"] <= 1
    assert set(report["per_intent"]) >= {"track_order", "cancel_order"}
    for png in ("intent_confusion.png", "intent_reliability.png"):
        assert (out / png).read_bytes()[:4] == b"\x89PNG"
    assert "macro-F1" in result.output


def test_eval_rejects_a_csv_without_label_column(small_model_file: Path, tmp_path: Path) -> None:
    data = tmp_path / "bad.csv"
    data.write_text("text\nhello\n")
    result = runner.invoke(app, ["intents", "eval", "--model", str(small_model_file), "--data", str(data)])
    assert result.exit_code != 0
    assert "missing column" in str(result.exception) + result.output


def test_eval_reads_json_lines_with_subject_body_and_gold_intent(
    small_model_file: Path, tmp_path: Path
) -> None:
    data = tmp_path / "set.jsonl"
    rows = [
        {
            "subject": "Password",
            "body": "I forgot my password, please help",
            "gold": {"intent": "recover_password"},
        },
        {"text": "please cancel my order", "label": "cancel_order"},
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "report"
    result = runner.invoke(
        app, ["intents", "eval", "--model", str(small_model_file), "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads((out / "intent_eval.json").read_text())["examples"] == 2
