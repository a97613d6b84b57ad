"""KV cache of the constant start of the reply prompt, computed once and reused by every reply.

Every reply prompt (:func:`supportbot.llm.prompt.build_messages`) starts with the same tokens: the
chat template's system turn with ``SYSTEM_PROMPT``, the user turn's header and the fixed
``TICKET:`` line. :func:`reply_prompt_prefix` finds that text from the prompt format itself (the
common start of two rendered prompts whose tickets differ in their first character), and
:func:`compute_prefix_kv` runs it through the model once. A single-stream greedy reply whose
token ids start with the cached ids then prefills only the rest of its prompt
(:func:`supportbot.llm.decode.greedy_decode` with ``prefix=``); so does a batch whose rows all
start with them (:func:`prefix_rests`: the rests, left-padded among themselves, go after the
shared prefix). Any other prompt, or a batch with any such row, is prefilled whole, as before.

In fp32 the two-part prefill gives the same tokens as one pass. With int8 dynamic quantisation it
does not: each linear quantises its whole input with one activation scale per forward pass. The
prompt's first token (``<|im_start|>``) carries huge activations into some layers' ``down_proj``
(layer 11 of SmolLM2-135M: 440 times the largest value of any later token of a typical prompt),
so in a one-pass prefill those layers quantise every ticket token with a step hundreds of times
too coarse. Prefilled on its own, the ticket part gets a scale of its own, as every decoding step
does; the replies change (README: about 3 times closer to the fp32 model's first token, higher
ROUGE/BLEU on held-out data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PrefixKV:
    """Keys and values of every layer for ``ids`` (batch 1), as the model's attention caches them."""

    ids: tuple[int, ...]
    layers: tuple[tuple[Any, Any], ...]  # per layer: keys, values  [1, kv_heads, len(ids), head_dim]

    def __len__(self) -> int:
        return len(self.ids)

    def matches(self, input_ids: Sequence[int]) -> bool:
        """Whether a prompt's ids start with the prefix and go on past it (something to prefill)."""
        n = len(self.ids)
        return len(input_ids) > n and tuple(input_ids[:n]) == self.ids


def reply_prompt_prefix(tokenizer: Any) -> str:
    """The rendered text that every reply prompt starts with (system turn up to the ticket text)."""
    from supportbot.llm.prompt import ReplyContext, build_messages

    texts = []
    for ticket in ("a", "b"):
        ctx = ReplyContext(ticket=ticket, intent="x", kind="inform", task="y")
        texts.append(
            tokenizer.apply_chat_template(build_messages(ctx), tokenize=False, add_generation_prompt=True)
        )
    first, second = texts
    n = 0
    while n < min(len(first), len(second)) and first[n] == second[n]:
        n += 1
    return str(first[:n])


def prefix_ids(tokenizer: Any, text: str) -> tuple[int, ...]:
    """Token ids of ``text`` as they begin a longer prompt.

    The last token is dropped: BPE may merge it with what follows (e.g. the ``\\n`` before a
    ticket that itself starts with a newline), and a prefix that ends one token early still
    matches such prompts.
    """
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    return tuple(int(i) for i in ids[:-1])


def compute_prefix_kv(model: Any, ids: Sequence[int]) -> PrefixKV:
    """One forward pass over ``ids`` (batch 1); keeps each layer's keys and values."""
    import torch
    from transformers import DynamicCache

    device = model.get_input_embeddings().weight.device
    input_ids = torch.tensor([list(ids)], dtype=torch.long, device=device)
    cache = DynamicCache(config=model.config)
    with torch.inference_mode():
        model(input_ids=input_ids, past_key_values=cache, use_cache=True, logits_to_keep=1)
    layers = tuple((layer.keys.clone(), layer.values.clone()) for layer in cache.layers)  # type: ignore[union-attr]
    return PrefixKV(ids=tuple(int(i) for i in ids), layers=layers)


def prefix_rests(
    prefix: PrefixKV, input_ids: Any, attention_mask: Any, pad_token_id: int
) -> tuple[Any, Any] | None:
    """The part of each prompt after ``prefix``, left-padded among themselves: ``(ids, mask)``.

    ``input_ids`` / ``attention_mask`` are a padded batch of whole prompts (a row's real tokens
    are where its mask is 1). None when any row does not start with the prefix or has nothing
    after it: then the batch is prefilled whole.
    """
    import torch

    rows = [ids[mask.bool()].tolist() for ids, mask in zip(input_ids, attention_mask, strict=True)]
    if not rows or not all(prefix.matches(row) for row in rows):
        return None
    n = len(prefix)
    width = max(len(row) for row in rows) - n
    ids = torch.full((len(rows), width), pad_token_id, dtype=input_ids.dtype, device=input_ids.device)
    mask = torch.zeros((len(rows), width), dtype=attention_mask.dtype, device=attention_mask.device)
    for i, row in enumerate(rows):
        rest = row[n:]
        ids[i, width - len(rest) :] = torch.tensor(rest, dtype=input_ids.dtype)
        mask[i, width - len(rest) :] = 1
    return ids, mask
