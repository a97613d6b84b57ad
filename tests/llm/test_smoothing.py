"""SmoothQuant: exact folding, better int8, and the activation statistics cache."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from supportbot.llm import smoothing
from supportbot.llm.fuse import fuse_projections
from supportbot.llm.inprocess import InProcessBackend, quantise_int8
from supportbot.llm.smoothing import SmoothQuant, activation_absmax, cached_absmax, smooth

torch = pytest.importorskip("torch")


def _with_outlier_channels(model: Any) -> Any:
    """The tiny model with a few hidden channels 40x larger at every layer's inputs, as in real
    LLMs: int8 with one scale per pass then leaves the other channels few levels."""
    model = copy.deepcopy(model)
    with torch.no_grad():
        for layer in model.model.layers:
            layer.input_layernorm.weight[[3, 17]] *= 40
            layer.post_attention_layernorm.weight[[5]] *= 40
            layer.mlp.up_proj.weight[[7, 40]] *= 40
    return model


def _prompts(count: int = 4, length: int = 24, seed: int = 4) -> list[Any]:
    generator = torch.Generator().manual_seed(seed)
    return [torch.randint(3, 96, (1, length), generator=generator) for _ in range(count)]


def test_folding_the_scales_leaves_the_float_model_unchanged(tiny_model: Any) -> None:
    model = _with_outlier_channels(tiny_model)
    ids = _prompts(1)[0]
    stats = activation_absmax(model, _prompts())
    assert set(stats) == {f"{i}.{name}" for i in range(2) for name in smoothing.MEASURED}
    smoothed = copy.deepcopy(model)
    assert smooth(smoothed, stats, alpha=0.8, alpha_down=0.75) == 2
    with torch.inference_mode():
        expected, got = model(input_ids=ids).logits, smoothed(input_ids=ids).logits
    assert torch.allclose(expected, got, rtol=1e-3, atol=1e-3)
    # ... while the weights did change, and the outlier channels of the inputs were evened out
    assert not torch.equal(
        model.model.layers[0].self_attn.q_proj.weight, smoothed.model.layers[0].self_attn.q_proj.weight
    )
    after = activation_absmax(smoothed, _prompts())
    for key in stats:
        spread_before = float(stats[key].max() / stats[key].median())
        spread_after = float(after[key].max() / after[key].median())
        assert spread_after < spread_before, key


def test_smoothing_brings_int8_logits_closer_to_float(tiny_model: Any) -> None:
    model = _with_outlier_channels(tiny_model)
    ids = _prompts(1, seed=9)[0]
    with torch.inference_mode():
        reference = model(input_ids=ids).logits
    errors = {}
    for name, alpha in (("plain", None), ("smoothed", 0.8)):
        candidate = copy.deepcopy(model)
        if alpha is not None:
            smooth(candidate, activation_absmax(candidate, _prompts()), alpha=alpha, alpha_down=0.75)
        candidate = quantise_int8(candidate)
        assert fuse_projections(candidate) == 4  # per-row int8 weights still fuse
        with torch.inference_mode():
            errors[name] = float((candidate(input_ids=ids).logits - reference).abs().mean())
    assert errors["smoothed"] < 0.7 * errors["plain"], errors


def test_a_model_without_llama_decoder_layers_is_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    model = torch.nn.Sequential(torch.nn.Linear(4, 4))
    before = copy.deepcopy(model.state_dict())
    assert SmoothQuant().apply(model, tokenizer=None) == 0
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert "SmoothQuant skipped" in caplog.text


def test_statistics_are_measured_once_and_kept_per_model(
    tiny_llm_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_llm_dir).eval()
    tokenizer = AutoTokenizer.from_pretrained(tiny_llm_dir)
    calls = []
    measure = smoothing.activation_absmax
    monkeypatch.setattr(smoothing, "activation_absmax", lambda m, b: calls.append(len(b)) or measure(m, b))
    first = cached_absmax(model, tokenizer, examples=2, cache_dir=tmp_path)
    reloaded = AutoModelForCausalLM.from_pretrained(tiny_llm_dir).eval()  # same weights, new object
    again = cached_absmax(reloaded, tokenizer, examples=2, cache_dir=tmp_path)
    assert calls == [2]  # the second call read the cache
    assert set(first) == set(again) and all(torch.equal(first[k], again[k]) for k in first)
    assert all(bool((v > 0).all()) for v in first.values())

    cached_absmax(model, tokenizer, examples=3, cache_dir=tmp_path)  # another calibration set
    with torch.no_grad():  # as a merged (re)trained adapter does
        reloaded.model.layers[1].mlp.up_proj.weight.add_(0.01)
    cached_absmax(reloaded, tokenizer, examples=2, cache_dir=tmp_path)
    assert calls == [2, 3, 2]

    for path in (tmp_path / "calibration").glob("*.safetensors"):
        path.write_bytes(b"damaged")
    recovered = cached_absmax(model, tokenizer, examples=2, cache_dir=tmp_path)
    assert calls == [2, 3, 2, 2]
    assert all(torch.equal(first[k], recovered[k]) for k in first)


def test_the_backend_smooths_before_int8_and_still_answers(tiny_llm_dir: Path, tmp_path: Path) -> None:
    backend = InProcessBackend(
        str(tiny_llm_dir),
        None,
        quantization="int8",
        smoothquant=SmoothQuant(examples=2, cache_dir=tmp_path),
        max_new_tokens=6,
        threads=1,
    )
    assert backend.smoothed_layers == 2
    assert list((tmp_path / "calibration").glob("*.safetensors"))
    [reply] = backend.generate([[{"role": "user", "content": "Where is my order?"}]])
    assert isinstance(reply, str)
    plain = InProcessBackend(str(tiny_llm_dir), None, quantization="int8", max_new_tokens=6, threads=1)
    assert plain.smoothed_layers == 0


def test_calibration_text_needs_no_chat_template(tiny_llm_dir: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_llm_dir)
    with_template = smoothing.calibration_batches(tokenizer, 2)
    tokenizer.chat_template = None  # e.g. a base (not instruct) model
    plain = smoothing.calibration_batches(tokenizer, 2)
    assert len(plain) == len(with_template) == 2
    assert all(ids.shape[0] == 1 and 0 < ids.shape[1] <= smoothing.CALIBRATION_MAX_TOKENS for ids in plain)
    assert plain[0].shape != with_template[0].shape  # the text differs, without the template's markers


def test_an_unsupported_model_type_is_left_alone(tiny_model: Any) -> None:
    model = copy.deepcopy(tiny_model)
    model.config.model_type = "gemma"  # RMSNorm scales by (1 + weight): folding would be wrong
    assert SmoothQuant().apply(model, tokenizer=None) == 0
