"""A greedy decoding loop for causal LMs that skips ``generate()``'s per-step machinery.

``transformers``' ``generate()`` runs logits processors, stopping criteria, cache bookkeeping and
input preparation on every step; for a 135M-parameter model on a CPU that is a sizeable part of the
time per token. :func:`greedy_decode` does only what greedy decoding needs: one forward pass per
step on the KV cache, ``argmax``, EOS bookkeeping per sequence, and a stop as soon as every
sequence of the batch has finished. It reproduces ``generate(do_sample=False)`` token for token
(same position ids for left-padded batches, same padding of finished sequences, same
``min_new_tokens`` handling); ``tests/llm/test_decode.py`` checks that on a tiny model.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from supportbot.errors import ReplyTooSlow

if TYPE_CHECKING:
    from supportbot.llm.prefix_cache import PrefixKV


def preallocated_cache(model: Any, capacity: int) -> Any:
    """A KV cache whose layers write into buffers sized for ``capacity`` tokens.

    ``DynamicCache`` grows by ``torch.cat`` and so copies the whole cache of every layer on every
    step (about 14% of a decoding step for a 200-token prompt here); these layers copy only the
    new keys and values into place and hand the attention a view of the filled part.
    """
    from transformers.cache_utils import Cache, DynamicLayer

    class PreallocatedLayer(DynamicLayer):
        def lazy_initialization(self, key_states: Any, value_states: Any) -> None:
            import torch

            super().lazy_initialization(key_states, value_states)
            batch, heads, _, dim = key_states.shape
            kshape = (batch, heads, capacity, dim)
            vshape = (batch, value_states.shape[1], capacity, value_states.shape[-1])
            self._kbuf = torch.empty(kshape, dtype=key_states.dtype, device=key_states.device)
            self._vbuf = torch.empty(vshape, dtype=value_states.dtype, device=value_states.device)
            self._filled = 0

        def update(self, key_states: Any, value_states: Any, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
            if not self.is_initialized:
                self.lazy_initialization(key_states, value_states)
            start, end = self._filled, self._filled + key_states.shape[-2]
            if end > capacity:
                raise ValueError(f"KV cache capacity {capacity} exceeded")
            self._kbuf[:, :, start:end].copy_(key_states)
            self._vbuf[:, :, start:end].copy_(value_states)
            self._filled = end
            self.keys = self._kbuf[:, :, :end]
            self.values = self._vbuf[:, :, :end]
            return self.keys, self.values

    return Cache(layers=[PreallocatedLayer() for _ in range(model.config.num_hidden_layers)])


def greedy_decode(
    model: Any,
    input_ids: Any,
    attention_mask: Any,
    *,
    max_new_tokens: int,
    eos_token_ids: Sequence[int],
    pad_token_id: int,
    min_new_tokens: int = 0,
    preallocate: bool = True,
    on_tokens: Callable[[Any], None] | None = None,
    prefix: PrefixKV | None = None,
    stop_at: float | None = None,
) -> Any:
    """Greedy continuation of a (left-padded) batch; returns the new tokens, shape ``[batch, n]``.

    ``n`` is ``max_new_tokens`` or less when every sequence hit an EOS token earlier; a sequence
    that finished before the others is filled with ``pad_token_id`` (as ``generate`` does).
    ``on_tokens`` receives each step's tokens (shape ``[batch]``), e.g. for streaming.
    ``prefix``: keys and values already computed (batch 1) for the first tokens that every
    prompt of the batch starts with; ``input_ids`` / ``attention_mask`` are then only the rest of
    each prompt, left-padded among themselves. Each row is laid out as
    ``[prefix][padding][row's rest]``: the prefix's keys and values are expanded across the batch,
    the mask is 1 over the prefix and 0 over the padding, and the positions of each row's rest
    continue right after the prefix's (as in an unpadded prompt), so only the rests are prefilled.
    ``stop_at``: a ``time.monotonic()`` instant; when a step ends after it with a sequence still
    unfinished, decoding stops and :class:`~supportbot.errors.ReplyTooSlow` is raised (it overshoots
    by at most one step). Call it under ``torch.inference_mode()``.
    """
    import torch
    from transformers import DynamicCache

    batch = input_ids.shape[0]
    device = input_ids.device
    eos = torch.tensor(list(eos_token_ids), device=device)
    # Position ids of a left-padded batch count real tokens only (as generate() computes them);
    # after a cached prefix they continue from its length (padding sits between the two).
    position_ids = attention_mask.long().cumsum(-1) - 1
    position_ids = position_ids.masked_fill(attention_mask == 0, 0)
    # Without padding the all-ones mask carries no information; None lets the model use its
    # plain causal path.
    padded = bool((attention_mask == 0).any())
    past = 0 if prefix is None else len(prefix)
    mask = attention_mask if padded else None
    if prefix is not None:
        # The padding between the prefix and a row's rest gets the position right after the
        # prefix (0 + past). Masked, it changes no real token; but with int8 dynamic quantisation
        # its activations share each linear's per-pass scale with the real tokens, and there they
        # stay below the real tokens' (at positions 0 or 1, as generate() would give it, layer 11's
        # o_proj input of the padding reaches 1.4 times the real tokens' largest value).
        position_ids = position_ids + past
        if mask is not None:  # the prefix is real (1) in every row
            mask = torch.cat([mask.new_ones((batch, past)), mask], dim=-1)
    if preallocate:
        cache = preallocated_cache(model, past + input_ids.shape[1] + max_new_tokens)
    else:
        cache = DynamicCache(config=model.config)
    if prefix is not None:
        for layer, (keys, values) in zip(cache.layers, prefix.layers, strict=True):
            # Copies (expanded across the batch): the prefix's own tensors stay untouched.
            layer.update(keys.expand(batch, -1, -1, -1), values.expand(batch, -1, -1, -1))
    finished = torch.zeros(batch, dtype=torch.bool, device=device)
    out = torch.full((batch, max_new_tokens), pad_token_id, dtype=torch.long, device=device)
    ids = input_ids
    for step in range(max_new_tokens):
        logits = model(
            input_ids=ids,
            attention_mask=mask,
            position_ids=position_ids,
            past_key_values=cache,
            use_cache=True,
            logits_to_keep=1,
        ).logits[:, -1, :]
        if step < min_new_tokens:
            logits[:, eos] = -float("inf")
        tokens = logits.argmax(-1)
        tokens = torch.where(finished, torch.full_like(tokens, pad_token_id), tokens)
        out[:, step] = tokens
        if on_tokens is not None:
            on_tokens(tokens)
        finished |= torch.isin(tokens, eos)
        if bool(finished.all()):
            return out[:, : step + 1]
        if stop_at is not None and step + 1 < max_new_tokens and time.monotonic() > stop_at:
            raise ReplyTooSlow(f"reply generation stopped at its deadline after {step + 1} tokens")
        ids = tokens[:, None]
        position_ids = position_ids[:, -1:] + 1
        if mask is not None:
            mask = torch.cat([mask, mask.new_ones((batch, 1))], dim=-1)
    return out
