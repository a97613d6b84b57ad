"""A real LoRA SFT run (trl + peft) of a few steps on a tiny Llama built from a config."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.errors import InputError
from supportbot.llm.inprocess import InProcessBackend
from supportbot.llm.prompt import ReplyContext, build_messages
from supportbot.training.config import SFTRunConfig
from supportbot.training.dataset import ReplyDataset, build_dataset
from supportbot.training.sft import train_sft
from supportbot.training.time_schedule import TIME_COSINE, time_cosine_factor


def _small_dataset() -> ReplyDataset:
    full = build_dataset(seed=5, synthetic_per_intent=1, heldout_synthetic_per_intent=1)
    return ReplyDataset(train=full.train[:16], eval=full.eval[:2], test=full.test[:2])


def _config(base: Path) -> SFTRunConfig:
    return SFTRunConfig(
        base_model=str(base),
        max_steps=3,
        batch_size=2,
        grad_accumulation=1,
        learning_rate=1e-2,
        lora_r=4,
        lora_alpha=8,
        eval_every_steps=2,
        eval_examples=2,
        logging_steps=1,
        threads=1,
        max_length=320,
    )


def test_lora_training_changes_adapter_only_and_reloads(tiny_base_dir: Path, tmp_path: Path) -> None:
    base_weights = load_file(str(tiny_base_dir / "model.safetensors"))
    out = tmp_path / "adapter"
    result = train_sft(_config(tiny_base_dir), out, dataset=_small_dataset(), progress=False)

    assert result.steps == 3
    for name in (
        "adapter_model.safetensors",
        "adapter_config.json",
        "README.md",
        "loss_curve.png",
        "training.json",
        "tokenizer.json",
    ):
        assert (out / name).is_file(), name
    card = (out / "README.md").read_text()
    assert result.record["data_sha256"] in card and "lora_r: 4" in card

    # LoRA B matrices start at zero: after training they are not.
    adapter = load_file(str(out / "adapter_model.safetensors"))
    lora_b = [t for k, t in adapter.items() if "lora_B" in k]
    assert lora_b and all(t.abs().sum() > 0 for t in lora_b)
    # The base weights inside the trained model are exactly the ones on disk.
    trained = {
        k.replace("base_model.model.", "").replace(".base_layer", ""): v
        for k, v in result.model.state_dict().items()
        if "lora_" not in k
    }
    checked = 0
    for name, original in base_weights.items():
        if name in trained:
            assert torch.equal(trained[name].cpu(), original), name
            checked += 1
    assert checked >= len(base_weights) - 1

    # The adapter reloads (merged into the base) and generates, batched and streamed.
    backend = InProcessBackend(str(tiny_base_dir), out, quantization="fp32", max_new_tokens=8, threads=1)
    ctx = ReplyContext(
        ticket="Where is #W2611340?",
        intent="track_order",
        kind="inform",
        task="Answer.",
        facts={"order_id": "#W2611340"},
    )
    replies = backend.generate([build_messages(ctx), build_messages(ctx.model_copy(update={"ticket": "hi"}))])
    assert len(replies) == 2 and all(isinstance(r, str) for r in replies)
    pieces = list(backend.stream(build_messages(ctx), max_new_tokens=6))
    assert "".join(pieces).strip() == backend.generate([build_messages(ctx)], max_new_tokens=6)[0]


def test_train_cli_builds_data_and_trains(tiny_base_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _small_dataset().save(data_dir)
    config = tmp_path / "cfg.yaml"
    _config(tiny_base_dir).to_yaml(config)
    out = tmp_path / "adapter"
    result = CliRunner().invoke(
        app,
        [
            "train",
            "sft",
            "--out",
            str(out),
            "--config",
            str(config),
            "--data",
            str(data_dir),
            "--max-steps",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "steps: 1" in result.output
    assert (out / "adapter_model.safetensors").is_file()


def test_train_cli_rejects_unknown_config_field(tmp_path: Path) -> None:
    config = tmp_path / "cfg.yaml"
    config.write_text("lora_rank: 8\n")
    result = CliRunner().invoke(app, ["train", "sft", "--out", str(tmp_path / "a"), "--config", str(config)])
    assert result.exit_code != 0
    assert "lora_rank" in str(result.exception) or "lora_rank" in result.output


def test_time_budget_cosine_anneals_the_learning_rate(tiny_base_dir: Path, tmp_path: Path) -> None:
    """'cosine_over_time_budget' decays the rate with wall time, whatever the step count."""
    config = _config(tiny_base_dir)
    config.lr_scheduler = TIME_COSINE
    config.time_budget_s = 20.0
    config.warmup_ratio = 0.0
    config.max_steps = 5
    result = train_sft(config, tmp_path / "adapter", dataset=_small_dataset(), progress=False)
    rates = [e["learning_rate"] for e in result.record["log_history"] if "loss" in e and "learning_rate" in e]
    assert len(rates) >= 2
    assert all(a >= b for a, b in itertools.pairwise(rates)), rates
    assert rates[-1] < config.learning_rate


def test_time_cosine_factor_shape() -> None:
    assert time_cosine_factor(0.0, 100.0, 0.1) == 0.01  # warm-up starts low
    assert time_cosine_factor(10.0, 100.0, 0.1) == 1.0  # peak after warm-up
    assert abs(time_cosine_factor(55.0, 100.0, 0.1) - 0.5) < 1e-9  # half-way through the decay
    assert time_cosine_factor(100.0, 100.0, 0.1) == 0.0
    assert time_cosine_factor(500.0, 100.0, 0.1) == 0.0  # past the budget: stays at zero


def test_init_adapter_continues_training_from_an_existing_adapter(
    tiny_base_dir: Path, tmp_path: Path
) -> None:
    """--init-adapter starts from the adapter's weights (not a fresh LoRA), trains them further,
    and the new card names the run it continued."""
    first = tmp_path / "first"
    train_sft(_config(tiny_base_dir), first, dataset=_small_dataset(), progress=False)
    start = load_file(str(first / "adapter_model.safetensors"))

    config = _config(tiny_base_dir)
    config.init_adapter = str(first)
    config.order_seed = 14
    config.max_steps = 2  # the first step is warm-up at learning rate 0
    config.lora_r = 8  # ignored: the adapter brings its own shape
    second = tmp_path / "second"
    result = train_sft(config, second, dataset=_small_dataset(), progress=False)

    after = load_file(str(second / "adapter_model.safetensors"))
    assert after.keys() == start.keys()
    assert all(after[k].shape == start[k].shape for k in start)  # r stayed 4
    lora_b = [k for k in start if "lora_B" in k]
    # Two steps from the first adapter: B moved, but stays far closer to where it started than to
    # the zeros a fresh LoRA would start from.
    moved = sum(float((after[k] - start[k]).abs().sum()) for k in lora_b)
    size = sum(float(start[k].abs().sum()) for k in lora_b)
    assert 0 < moved < size
    parent = result.record["continued_from"]
    assert parent["path"] == str(first) and parent["steps"] == 3
    assert "continued from" in (second / "README.md").read_text()


def test_init_adapter_without_an_adapter_is_a_clear_error(tiny_base_dir: Path, tmp_path: Path) -> None:
    config = _config(tiny_base_dir)
    config.init_adapter = str(tmp_path)
    with pytest.raises(InputError, match=r"adapter_config\.json"):
        train_sft(config, tmp_path / "out", dataset=_small_dataset(), progress=False)
