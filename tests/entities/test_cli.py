from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.settings import get_settings

runner = CliRunner()


def test_extract_prints_spans() -> None:
    result = runner.invoke(
        app, ["entities", "extract", "cancel order 2611340, the water bottles", "--today", "2026-11-20"]
    )
    assert result.exit_code == 0, result.output
    assert "#W2611340" in result.output and "Water Bottle" in result.output


def test_extract_json_with_validation(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "SUPPORTBOT_DB__URL", sqlite_url
    )  # the PostgreSQL path is covered by the library tests
    get_settings.cache_clear()
    result = runner.invoke(
        app, ["entities", "extract", "order W2611340 and W7678072", "--customer", "james_li_5688", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(e["value"], e["flag"]) for e in data["entities"]] == [
        ("#W2611340", "ok"),
        ("#W7678072", "foreign"),
    ]


def test_bad_today_is_a_clear_error() -> None:
    result = runner.invoke(app, ["entities", "extract", "x", "--today", "yesterday"])
    assert result.exit_code != 0
    assert "ISO date" in str(result.exception)


def test_eval_reports_per_type_scores(tmp_path) -> None:
    result = runner.invoke(app, ["entities", "eval", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "entities_eval.json").read_text())
    scores = {s["type"]: s for s in report["scores"]}
    assert scores["order_id"]["f1"] >= 0.98
    assert scores["product"]["f1"] >= 0.95
    assert (tmp_path / "entities_eval.png").stat().st_size > 0


@pytest.mark.slow
def test_train_writes_a_loadable_pipeline(tmp_path) -> None:
    out = tmp_path / "ner"
    result = runner.invoke(
        app,
        [
            "entities",
            "train",
            "--out",
            str(out),
            "--epochs",
            "1",
            "--synthetic",
            "200",
            "--data-out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "config.cfg").is_file() and (out / "training_loss.png").is_file()
    assert json.loads((out / "training.json").read_text())["seed"] == 13
    train_texts = {json.loads(line)["text"] for line in (tmp_path / "train.jsonl").open()}
    heldout_texts = {json.loads(line)["text"] for line in (tmp_path / "heldout.jsonl").open()}
    assert train_texts and heldout_texts and not train_texts & heldout_texts
    assert "order_id" in result.output  # the held-out table is printed


def test_extract_reads_stdin_and_reports_truncation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTBOT_ENTITIES__MAX_CHARS", "30")
    get_settings.cache_clear()
    result = runner.invoke(app, ["entities", "extract", "-", "--json"], input="order W2611340 " + "x" * 100)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["truncated"] is True
    assert [e["value"] for e in data["entities"]] == ["#W2611340"]
