"""Greedy decoding of one reply with drafts looked up in its own prompt (prompt lookup decoding).

A grounded support reply copies much of its prompt: order ids, tracking numbers, product names,
the customer's name, whole phrases of the tool results. When the last few tokens generated also
occur earlier in the prompt (or earlier in the reply), the tokens that followed them there are a
cheap guess of what comes next. :func:`lookup_decode` feeds the last token and such a draft of up
to ``draft_tokens`` tokens through the model in one forward pass, keeps the longest run of draft
tokens the model itself would have chosen greedily, plus the model's own next token, and forgets
the keys and values of the rejected rest. On a CPU a pass over a few tokens costs little more than
a pass over one (the weights are read once either way), so every accepted draft token is a step
saved; a step without a draft is a plain greedy step.

The tokens are the greedy tokens of the model as it computes them in these passes. In fp32 they
are those of :func:`~supportbot.llm.decode.greedy_decode` (``tests/llm/test_lookup.py``). With
int8 dynamic quantisation each linear quantises its whole input with one activation scale per
pass, so a pass over a draft quantises slightly differently from a pass over one token and a
near-tie can go the other way; the README's reply benchmark compares both paths.

One sequence only (the batch path already amortises each step over its rows).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from supportbot.errors import ReplyTooSlow
from supportbot.llm.decode import preallocated_cache

if TYPE_CHECKING:
    from supportbot.llm.prefix_cache import PrefixKV


def find_draft(context: Sequence[int], max_ngram: int, max_tokens: int) -> list[int]:
    """The tokens that followed an earlier occurrence of the context's last n-gram.

    The longest n-gram (``max_ngram`` tokens, down to 1) that occurs earlier wins. Of its
    occurrences the latest one followed by ``max_tokens`` tokens is taken (or else the one followed
    by the most: an occurrence close to the end, as in a repeated phrase, has few tokens after
    it). No draft when no suffix of the context occurs earlier.
    """
    size = len(context)
    for n in range(min(max_ngram, size - 1), 0, -1):
        tail = list(context[size - n :])
        first = tail[0]
        best: list[int] = []
        for start in range(size - n - 1, -1, -1):
            if context[start] == first and list(context[start : start + n]) == tail:
                follow = list(context[start + n : start + n + max_tokens])
                if len(follow) > len(best):
                    best = follow
                    if len(best) == max_tokens:
                        break
        if best:
            return best
    return []


def lookup_decode(
    model: Any,
    input_ids: Any,
    *,
    max_new_tokens: int,
    eos_token_ids: Sequence[int],
    draft_tokens: int = 10,
    max_ngram: int = 3,
    min_new_tokens: int = 0,
    on_tokens: Callable[[Any], None] | None = None,
    prefix: PrefixKV | None = None,
    stop_at: float | None = None,
) -> Any:
    """Greedy continuation of one prompt (``input_ids`` of shape ``[1, n]``, no padding); returns
    the new tokens, shape ``[1, m]`` with ``m <= max_new_tokens`` (it ends with the first EOS).

    ``prefix``: keys and values already computed for the prompt's first tokens; ``input_ids`` is
    then only the rest of the prompt (the drafts are looked up in the whole of it).
    ``draft_tokens`` of 0 gives plain greedy decoding, one token per pass. ``on_tokens`` receives
    every new token (shape ``[1]``) in order; ``stop_at`` as in
    :func:`~supportbot.llm.decode.greedy_decode`. Call it under ``torch.inference_mode()``.
    """
    import torch

    if input_ids.shape[0] != 1:
        raise ValueError("lookup_decode decodes one sequence; use greedy_decode for a batch")
    device = input_ids.device
    past = 0 if prefix is None else len(prefix)
    rest = [int(t) for t in input_ids[0].tolist()]
    context = ([*prefix.ids] if prefix is not None else []) + rest
    eos = set(int(t) for t in eos_token_ids)
    eos_index = torch.tensor(sorted(eos), device=device)
    cache = preallocated_cache(model, past + len(rest) + max_new_tokens + draft_tokens + 1)
    if prefix is not None:
        for layer, (keys, values) in zip(cache.layers, prefix.layers, strict=True):
            layer.update(keys, values)

    def forward(ids: list[int], start: int, keep: int) -> Any:
        """Logits ``[keep, vocab]`` of the last ``keep`` of ``ids`` placed at ``start``."""
        tensor = torch.tensor([ids], dtype=torch.long, device=device)
        positions = torch.arange(start, start + len(ids), device=device)[None]
        logits = model(
            input_ids=tensor,
            position_ids=positions,
            past_key_values=cache,
            use_cache=True,
            logits_to_keep=keep,
        ).logits[0]
        return logits

    out: list[int] = []
    logits = forward(rest, past, 1)
    if min_new_tokens > 0:
        logits[:, eos_index] = -float("inf")
    token = int(logits[-1].argmax())
    position = past + len(rest)  # where `token` goes
    while True:
        out.append(token)
        context.append(token)
        if on_tokens is not None:
            on_tokens(torch.tensor([token], device=device))
        if token in eos or len(out) >= max_new_tokens:
            break
        if stop_at is not None and time.monotonic() > stop_at:
            raise ReplyTooSlow(f"reply generation stopped at its deadline after {len(out)} tokens")
        room = max_new_tokens - len(out) - 1  # draft tokens that can still be kept
        draft = find_draft(context, max_ngram, min(draft_tokens, room)) if room > 0 else []
        logits = forward([token, *draft], position, len(draft) + 1)
        for i in range(len(draft) + 1):
            if len(out) + i < min_new_tokens:
                logits[i, eos_index] = -float("inf")
        predicted = logits.argmax(-1).tolist()
        accepted = 0
        while accepted < len(draft) and predicted[accepted] == draft[accepted] and draft[accepted] not in eos:
            accepted += 1
        if accepted < len(draft):
            cache.crop(accepted - len(draft))  # the rejected draft tokens' keys and values
        for tok in draft[:accepted]:
            out.append(tok)
            context.append(tok)
            if on_tokens is not None:
                on_tokens(torch.tensor([tok], device=device))
        position += accepted + 1
        token = int(predicted[accepted])
    return torch.tensor([out], dtype=torch.long, device=device)
