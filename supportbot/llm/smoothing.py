"""SmoothQuant for the int8 CPU path: move activation outliers into the weights, folded in for free.

Dynamic int8 quantisation gives a linear's whole input one scale per pass. In every decoder layer
a few input channels of the projections carry values tens of times larger than the others (the
MLP down-projections' up to thousands), so int8 leaves the ordinary channels a handful of levels.
SmoothQuant (Xiao et al., 2023, arXiv:2211.10438) divides input channel ``j`` by

    s_j = max|X_j| ** alpha / max|W[:, j]| ** (1 - alpha)

and multiplies the weight's column ``j`` by ``s_j``: the product is unchanged, the activation's
channels even out and the weights, quantised per output row, absorb the range. The division is
folded into whatever produces the input, so inference runs exactly the same operations:

* q/k/v: the ``input_layernorm`` weight; gate/up: the ``post_attention_layernorm`` weight;
* o_proj: ``v_proj``'s output rows (attention mixes positions, not channels; with grouped-query
  attention one scale per key/value head channel, shared by the query heads of the group);
* down_proj: ``up_proj``'s output rows (its input is ``act(gate) * up``, linear in ``up``).

``max|X_j|`` comes from a calibration pass (:func:`activation_absmax`) over training examples,
kept in the user cache per model and merged adapter (:func:`cached_absmax`). Llama-style decoder layers
only (Llama, SmolLM2, Qwen2, Mistral); other architectures are left unchanged.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supportbot.paths import user_cache_dir

log = logging.getLogger(__name__)

# The linears whose inputs are measured: one per distinct input of a decoder layer.
MEASURED = ("self_attn.q_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.down_proj")
# Bump when the calibration set or the statistic changes, so cached statistics are recomputed.
CALIBRATION_VERSION = 1
CALIBRATION_SEED = 13
CALIBRATION_MAX_TOKENS = 512
# Architectures whose RMSNorm multiplies by its weight (Gemma's adds one: folding would be wrong).
SUPPORTED_MODEL_TYPES = frozenset({"llama", "mistral", "qwen2"})


def decoder_layers(model: Any) -> list[Any]:
    """The model's Llama-style decoder layers, or [] when it has none or is not a supported type."""
    if getattr(getattr(model, "config", None), "model_type", None) not in SUPPORTED_MODEL_TYPES:
        return []
    layers = getattr(getattr(model, "model", None), "layers", None)
    needed = ("input_layernorm", "post_attention_layernorm", "self_attn", "mlp")
    if layers is None or not all(all(hasattr(layer, n) for n in needed) for layer in layers):
        return []
    return list(layers)


def activation_absmax(model: Any, batches: Iterable[Any]) -> dict[str, Any]:
    """Per input channel, the largest |activation| entering each measured linear over ``batches``
    (token id tensors ``[1, n]``). Keys are ``"<layer index>.<MEASURED name>"``."""
    import torch

    stats: dict[str, Any] = {}
    hooks = []
    for index, layer in enumerate(decoder_layers(model)):
        for name in MEASURED:
            key = f"{index}.{name}"

            def record(_module: Any, inputs: tuple[Any, ...], _output: Any, key: str = key) -> None:
                x = inputs[0].detach().abs().reshape(-1, inputs[0].shape[-1]).amax(0).float()
                stats[key] = torch.maximum(stats[key], x) if key in stats else x

            hooks.append(layer.get_submodule(name).register_forward_hook(record))
    try:
        with torch.inference_mode():
            for ids in batches:
                model(input_ids=ids)
    finally:
        for hook in hooks:
            hook.remove()
    return stats


def _balance(xmax: Any, wmax: Any, alpha: float) -> Any:
    """SmoothQuant's ``s = max|X| ** alpha / max|W| ** (1 - alpha)``, per input channel."""
    return (xmax.clamp(min=1e-5) ** alpha / wmax.clamp(min=1e-5) ** (1 - alpha)).clamp(min=1e-5)


def _scales(xmax: Any, weights: Sequence[Any], alpha: float) -> Any:
    """:func:`_balance` for linears that share one input (their weights' largest |column|)."""
    import torch

    return _balance(xmax, torch.stack([w.abs().amax(0) for w in weights]).amax(0).float(), alpha)


def smooth(model: Any, stats: dict[str, Any], alpha: float, alpha_down: float) -> int:
    """Fold SmoothQuant scales into ``model`` (float weights, before quantisation) in place.

    ``alpha`` for the q/k/v, o and gate/up inputs, ``alpha_down`` for the down-projections'.
    Returns the number of layers smoothed.
    """
    import torch

    layers = decoder_layers(model)
    config = model.config
    heads = config.num_attention_heads
    kv_heads = getattr(config, "num_key_value_heads", None) or heads
    head_dim = getattr(config, "head_dim", None) or config.hidden_size // heads
    group = heads // kv_heads
    with torch.no_grad():
        for index, layer in enumerate(layers):
            attn, mlp = layer.self_attn, layer.mlp
            # o_proj first: it rescales v_proj's rows, which the q/k/v scales below then see.
            x = stats[f"{index}.self_attn.o_proj"].view(kv_heads, group, head_dim).amax(1)
            w = attn.o_proj.weight.abs().amax(0).view(kv_heads, group, head_dim).amax(1).float()
            s = _balance(x, w, alpha)
            attn.v_proj.weight.div_(s.reshape(-1, 1).to(attn.v_proj.weight.dtype))
            if attn.v_proj.bias is not None:
                attn.v_proj.bias.div_(s.reshape(-1).to(attn.v_proj.bias.dtype))
            attn.o_proj.weight.mul_(s.repeat_interleave(group, 0).reshape(1, -1).to(attn.o_proj.weight.dtype))

            s = _scales(stats[f"{index}.mlp.down_proj"], [mlp.down_proj.weight], alpha_down)
            mlp.up_proj.weight.div_(s.view(-1, 1).to(mlp.up_proj.weight.dtype))
            if mlp.up_proj.bias is not None:
                mlp.up_proj.bias.div_(s.to(mlp.up_proj.bias.dtype))
            mlp.down_proj.weight.mul_(s.view(1, -1).to(mlp.down_proj.weight.dtype))

            for norm, xkey, linears in (
                (layer.input_layernorm, "self_attn.q_proj", (attn.q_proj, attn.k_proj, attn.v_proj)),
                (layer.post_attention_layernorm, "mlp.gate_proj", (mlp.gate_proj, mlp.up_proj)),
            ):
                s = _scales(stats[f"{index}.{xkey}"], [m.weight for m in linears], alpha)
                norm.weight.div_(s.to(norm.weight.dtype))
                for linear in linears:
                    linear.weight.mul_(s.view(1, -1).to(linear.weight.dtype))
    return len(layers)


def calibration_batches(tokenizer: Any, examples: int) -> list[Any]:
    """Token ids of the first ``examples`` training examples (prompt and reference reply) of the
    reply dataset built with the fixed calibration seed; never the held-out eval or test rows."""
    # Imported here: the dataset builder belongs to training, which imports this package.
    from supportbot.training.dataset import build_dataset

    batches = []
    for example in build_dataset(seed=CALIBRATION_SEED).split("train")[:examples]:
        messages = list(example.prompt_messages())
        try:
            prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        except (ValueError, TypeError, KeyError):  # a base model without a chat template
            prompt = "\n\n".join(str(m["content"]) for m in messages) + "\n\n"
        ids = tokenizer(prompt + example.reply, add_special_tokens=False, return_tensors="pt")["input_ids"]
        batches.append(ids[:, :CALIBRATION_MAX_TOKENS])
    return batches


def fingerprint(model: Any, examples: int) -> str:
    """Identifies the statistics of one model (base with its merged adapter) and calibration set:
    the config and the first values of every weight, which a merged LoRA adapter changes, so the
    key follows the weights wherever they were loaded from."""
    import torch

    digest = hashlib.sha256(f"v{CALIBRATION_VERSION}|{examples}|{model.config.to_json_string()}".encode())
    for name, param in sorted(model.state_dict().items()):
        head = param.detach().reshape(-1)[:2048].to(torch.float32).contiguous()
        digest.update(f"{name}{tuple(param.shape)}".encode())
        digest.update(head.numpy().tobytes())
    return digest.hexdigest()[:24]


def cached_absmax(
    model: Any, tokenizer: Any, *, examples: int, cache_dir: Path | None = None
) -> dict[str, Any]:
    """:func:`activation_absmax` over :func:`calibration_batches`, computed once per model (base
    with its merged adapter) and calibration set and kept as safetensors in the user cache."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file, save_file

    root = (cache_dir or user_cache_dir()) / "calibration"
    path = root / f"{fingerprint(model, examples)}.safetensors"
    if path.is_file():
        try:
            return dict(load_file(str(path)))
        except (OSError, ValueError, RuntimeError, SafetensorError) as exc:  # damaged: measure again
            log.warning("recomputing activation statistics: cannot read %s (%s)", path, exc)
    log.info("measuring activation statistics on %d training examples (once per model)", examples)
    stats = activation_absmax(model, calibration_batches(tokenizer, examples))
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    save_file({k: v.contiguous() for k, v in stats.items()}, str(tmp))
    tmp.replace(path)  # atomic: concurrent first loads each write whole files
    return stats


@dataclass(frozen=True)
class SmoothQuant:
    """How to smooth a model before int8 quantisation (:func:`smooth` with :func:`cached_absmax`)."""

    alpha: float = 0.8
    alpha_down: float = 0.75
    examples: int = 16
    cache_dir: Path | None = None

    def apply(self, model: Any, tokenizer: Any) -> int:
        """Measure (or reuse) the activation statistics and fold the scales in; returns the number
        of layers smoothed (0 for a model :func:`decoder_layers` does not support)."""
        if not decoder_layers(model):
            log.warning(
                "SmoothQuant skipped: %s is not a supported Llama-style model (%s)",
                type(model).__name__,
                ", ".join(sorted(SUPPORTED_MODEL_TYPES)),
            )
            return 0
        stats = cached_absmax(model, tokenizer, examples=self.examples, cache_dir=self.cache_dir)
        return smooth(model, stats, self.alpha, self.alpha_down)
