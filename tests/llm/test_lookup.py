"""Prompt lookup decoding: in fp32 the same tokens as plain greedy decoding, in fewer passes when
the continuation repeats what came before (tiny real Llama model)."""

from __future__ import annotations

from typing import Any

import pytest

from supportbot.llm.decode import greedy_decode
from supportbot.llm.lookup import find_draft, lookup_decode

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")


def _prompt(n: int, seed: int) -> Any:
    return torch.randint(3, 96, (1, n), generator=torch.Generator().manual_seed(seed))


def _greedy(model: Any, ids: Any, **kwargs: Any) -> Any:
    with torch.inference_mode():
        return greedy_decode(
            model, ids, torch.ones_like(ids), eos_token_ids=kwargs.pop("eos", [2]), pad_token_id=0, **kwargs
        )


def _lookup(model: Any, ids: Any, **kwargs: Any) -> Any:
    with torch.inference_mode():
        return lookup_decode(model, ids, eos_token_ids=kwargs.pop("eos", [2]), **kwargs)


class _CountingPasses:
    """Counts the model's forward passes."""

    def __init__(self, model: Any) -> None:
        self.model, self.passes = model, 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.passes += 1
        return self.model(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)


def test_find_draft_takes_the_longest_suffix_seen_before_and_a_full_follow() -> None:
    context = [5, 6, 7, 8, 9, 1, 6, 7, 4, 6, 7]
    assert find_draft(context, max_ngram=3, max_tokens=2) == [4, 6]  # latest "6 7" is followed by 4 6
    assert find_draft(context, max_ngram=3, max_tokens=4) == [8, 9, 1, 6]  # the latest has only 3 after it
    assert find_draft([1, 2, 3, 9, 2, 3, 1, 2, 3], max_ngram=3, max_tokens=4) == [9, 2, 3, 1]  # "1 2 3"
    assert find_draft([1, 2, 3, 4], max_ngram=3, max_tokens=4) == []  # nothing repeats
    assert find_draft([4], max_ngram=3, max_tokens=4) == []
    assert find_draft([7, 7, 7, 7], max_ngram=2, max_tokens=4) == [7, 7]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("draft_tokens", [1, 4, 10])
def test_same_tokens_as_greedy_decode_in_fp32(tiny_model: Any, seed: int, draft_tokens: int) -> None:
    ids = _prompt(12, seed)
    reference = _greedy(tiny_model, ids, max_new_tokens=40)
    assert torch.equal(_lookup(tiny_model, ids, max_new_tokens=40, draft_tokens=draft_tokens), reference)


@pytest.fixture(scope="module")
def repeating_model() -> Any:
    """Small random weights: a tiny Llama whose greedy continuation repeats one token."""
    from tests.tiny_llama import tiny_llama

    return tiny_llama(
        vocab_size=96, bos_token_id=1, eos_token_id=2, pad_token_id=0, heads=4, kv_heads=2, weight_scale=1.0
    ).eval()


def test_accepted_drafts_save_passes(repeating_model: Any) -> None:
    """A continuation that repeats itself is drafted right: the same tokens in far fewer passes."""
    ids = _prompt(12, 0)
    reference = _greedy(repeating_model, ids, max_new_tokens=40, eos=[])
    assert len(set(reference[0, 2:].tolist())) == 1
    plain = _CountingPasses(repeating_model)
    assert torch.equal(_lookup(plain, ids, max_new_tokens=40, eos=[], draft_tokens=0), reference)
    assert plain.passes == 40  # prefill + one pass per further token
    drafted = _CountingPasses(repeating_model)
    assert torch.equal(_lookup(drafted, ids, max_new_tokens=40, eos=[], draft_tokens=8), reference)
    assert drafted.passes <= 10, drafted.passes


def test_eos_min_new_tokens_streaming_and_the_cached_prefix(tiny_model: Any) -> None:
    from supportbot.llm.prefix_cache import compute_prefix_kv

    ids = _prompt(14, 9)
    free = _greedy(tiny_model, ids, max_new_tokens=20, eos=[])
    eos = int(free[0, 3])
    stopped = _lookup(tiny_model, ids, max_new_tokens=20, eos=[eos], draft_tokens=6)
    assert int(stopped[0, -1]) == eos and stopped.shape[1] <= 4  # ends with the first EOS
    forced = _lookup(tiny_model, ids, max_new_tokens=20, eos=[eos], min_new_tokens=10, draft_tokens=6)
    assert torch.equal(forced, _greedy(tiny_model, ids, max_new_tokens=20, eos=[eos], min_new_tokens=10))
    seen: list[int] = []
    streamed = _lookup(
        tiny_model, ids, max_new_tokens=20, draft_tokens=6, on_tokens=lambda t: seen.append(int(t[0]))
    )
    assert seen == streamed[0].tolist()
    prefix = compute_prefix_kv(tiny_model, ids[0, :6].tolist())
    kept = [k.clone() for k, _ in prefix.layers]
    cached = _lookup(tiny_model, ids[:, 6:], max_new_tokens=20, draft_tokens=6, prefix=prefix)
    assert torch.equal(cached, _greedy(tiny_model, ids, max_new_tokens=20))
    assert all(torch.equal(k, p) for k, (p, _) in zip(kept, prefix.layers, strict=True))  # not written to


def test_a_deadline_raises_reply_too_slow_and_a_batch_is_refused(tiny_model: Any) -> None:
    import time

    from supportbot.errors import ReplyTooSlow

    ids = _prompt(8, 3)
    with pytest.raises(ReplyTooSlow):
        _lookup(tiny_model, ids, max_new_tokens=16, draft_tokens=4, stop_at=time.monotonic())
    with pytest.raises(ValueError, match="one sequence"):
        _lookup(tiny_model, torch.cat([ids, ids]), max_new_tokens=4)
