"""A tiny Llama model built from a config (random weights, no download) with the SmolLM2 tokenizer.

Shared by the LLM and training tests, whose session fixtures save one each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from supportbot.llm.base_model import gguf_path


def tiny_llama(
    *,
    vocab_size: int,
    bos_token_id: int | None,
    eos_token_id: int | None,
    pad_token_id: int | None,
    heads: int = 2,
    kv_heads: int = 1,
    max_positions: int = 1024,
    weight_scale: float = 1.0,
) -> Any:
    """A 2-layer Llama (hidden size 32) from a config, seeded; weights scaled by ``weight_scale``
    (larger random weights give varied, not constant, greedy continuations)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=vocab_size,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=heads,
        num_key_value_heads=kv_heads,
        max_position_embeddings=max_positions,
        tie_word_embeddings=True,
        bos_token_id=bos_token_id,
        eos_token_id=eos_token_id,
        pad_token_id=pad_token_id,
    )
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    if weight_scale != 1.0:
        with torch.no_grad():
            for param in model.parameters():
                param.mul_(weight_scale)
    return model


def save_tiny_llama(path: Path, *, weight_scale: float = 1.0) -> Path:
    """Write a 2-layer Llama and the SmolLM2 tokenizer to ``path``; weights scaled by ``weight_scale``."""
    from transformers import AutoTokenizer

    source = gguf_path()
    tokenizer = AutoTokenizer.from_pretrained(str(source.parent), gguf_file=source.name)
    model = tiny_llama(
        vocab_size=len(tokenizer),
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        weight_scale=weight_scale,
    )
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path
