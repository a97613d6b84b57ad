"""A tiny Llama model built from a config (random weights, no download) with the SmolLM2 tokenizer.

Shared by the LLM and training tests, whose session fixtures save one each.
"""

from __future__ import annotations

from pathlib import Path

from supportbot.llm.base_model import gguf_path


def save_tiny_llama(path: Path, *, weight_scale: float = 1.0) -> Path:
    """Write a 2-layer Llama and the SmolLM2 tokenizer to ``path``; weights scaled by ``weight_scale``."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    source = gguf_path()
    tokenizer = AutoTokenizer.from_pretrained(str(source.parent), gguf_file=source.name)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        max_position_embeddings=1024,
        tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    if weight_scale != 1.0:
        with torch.no_grad():
            for param in model.parameters():
                param.mul_(weight_scale)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path
