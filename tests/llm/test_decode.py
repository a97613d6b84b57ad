"""greedy_decode reproduces generate(do_sample=False) token for token on a tiny real Llama model."""

from __future__ import annotations

from typing import Any

import pytest

from supportbot.llm.decode import greedy_decode

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

PAD = 0


def _left_padded(lengths: list[int], seed: int = 1) -> tuple[Any, Any]:
    gen = torch.Generator().manual_seed(seed)
    width = max(lengths)
    ids = torch.full((len(lengths), width), PAD, dtype=torch.long)
    mask = torch.zeros((len(lengths), width), dtype=torch.long)
    for row, n in enumerate(lengths):
        ids[row, width - n :] = torch.randint(3, 96, (n,), generator=gen)
        mask[row, width - n :] = 1
    return ids, mask


def _reference(model: Any, ids: Any, mask: Any, eos: int, **kwargs: Any) -> Any:
    with torch.inference_mode():
        out = model.generate(
            input_ids=ids, attention_mask=mask, do_sample=False, pad_token_id=PAD, eos_token_id=eos, **kwargs
        )
    return out[:, ids.shape[1] :]


def _ours(model: Any, ids: Any, mask: Any, eos: int, **kwargs: Any) -> Any:
    with torch.inference_mode():
        return greedy_decode(model, ids, mask, eos_token_ids=[eos], pad_token_id=PAD, **kwargs)


@pytest.mark.parametrize("lengths", [[7], [5, 11, 8]])
def test_same_tokens_as_generate(tiny_model: Any, lengths: list[int]) -> None:
    ids, mask = _left_padded(lengths)
    reference = _reference(tiny_model, ids, mask, eos=2, max_new_tokens=16)
    ours = _ours(tiny_model, ids, mask, eos=2, max_new_tokens=16)
    assert len(set(reference[0].tolist())) > 2  # a non-trivial continuation
    assert torch.equal(ours, reference)


def test_stops_when_every_sequence_hit_eos_and_pads_finished_ones(tiny_model: Any) -> None:
    ids, mask = _left_padded([6, 9, 4], seed=3)
    free = _reference(tiny_model, ids, mask, eos=2, max_new_tokens=20)
    # Make a token that row 0 emits early the EOS token: row 0 then finishes first and is padded.
    eos = int(free[0, 2])
    reference = _reference(tiny_model, ids, mask, eos=eos, max_new_tokens=20)
    ours = _ours(tiny_model, ids, mask, eos=eos, max_new_tokens=20)
    assert torch.equal(ours, reference)
    assert (ours[0, 3:] == PAD).all()


def test_early_stop_for_a_single_sequence_and_min_new_tokens(tiny_model: Any) -> None:
    ids, mask = _left_padded([9], seed=5)
    free = _reference(tiny_model, ids, mask, eos=2, max_new_tokens=12)
    eos = int(free[0, 1])
    ours = _ours(tiny_model, ids, mask, eos=eos, max_new_tokens=12)
    assert ours.shape[1] <= 2 and int(ours[0, -1]) == eos  # stopped at the first EOS
    forced = _ours(tiny_model, ids, mask, eos=eos, max_new_tokens=12, min_new_tokens=6)
    reference = _reference(tiny_model, ids, mask, eos=eos, max_new_tokens=12, min_new_tokens=6)
    assert torch.equal(forced, reference) and forced.shape[1] >= 6


def test_same_tokens_as_generate_with_int8_dynamic_quantisation(tiny_model: Any) -> None:
    import copy

    from supportbot.llm.inprocess import quantise_int8

    model = quantise_int8(copy.deepcopy(tiny_model))
    ids, mask = _left_padded([10, 6], seed=7)
    for batch_ids, batch_mask in ((ids, mask), (ids[:1], mask[:1])):
        reference = _reference(model, batch_ids, batch_mask, eos=2, max_new_tokens=12)
        assert torch.equal(_ours(model, batch_ids, batch_mask, eos=2, max_new_tokens=12), reference)


def test_streaming_callback_sees_every_step(tiny_model: Any) -> None:
    ids, mask = _left_padded([8])
    seen: list[int] = []
    ours = _ours(tiny_model, ids, mask, eos=2, max_new_tokens=10, on_tokens=lambda t: seen.append(int(t[0])))
    assert seen == ours[0].tolist()


@pytest.mark.parametrize("preallocate", [True, False])
def test_cached_prefix_gives_the_same_tokens_in_fp32(tiny_model: Any, preallocate: bool) -> None:
    from supportbot.llm.prefix_cache import compute_prefix_kv

    ids, mask = _left_padded([14], seed=9)
    prefix = compute_prefix_kv(tiny_model, ids[0, :6].tolist())
    assert prefix.matches(ids[0].tolist()) and not prefix.matches(ids[0, :6].tolist())
    whole = _ours(tiny_model, ids, mask, eos=2, max_new_tokens=12)
    kept = [k.clone() for k, _ in prefix.layers]
    with torch.inference_mode():
        cached = greedy_decode(
            tiny_model,
            ids[:, 6:],
            mask[:, 6:],
            max_new_tokens=12,
            eos_token_ids=[2],
            pad_token_id=PAD,
            prefix=prefix,
            preallocate=preallocate,
        )
    assert torch.equal(cached, whole)
    assert all(torch.equal(k, p) for k, (p, _) in zip(kept, prefix.layers, strict=True))  # not written to


@pytest.mark.parametrize("preallocate", [True, False])
def test_cached_prefix_serves_a_padded_batch_in_fp32(tiny_model: Any, preallocate: bool) -> None:
    """Rows sharing a prefix, laid out as [prefix][padding][rest]: the same tokens as the whole
    left-padded batch."""
    from supportbot.llm.prefix_cache import compute_prefix_kv

    lengths, shared = [6, 13, 9], 5
    rests, rest_mask = _left_padded(lengths, seed=11)
    start = torch.randint(3, 96, (shared,), generator=torch.Generator().manual_seed(12))
    prefix = compute_prefix_kv(tiny_model, start.tolist())
    width = shared + max(lengths)
    whole = torch.full((len(lengths), width), PAD, dtype=torch.long)
    whole_mask = torch.zeros_like(whole)
    for row, n in enumerate(lengths):
        whole[row, width - n - shared :] = torch.cat([start, rests[row, -n:]])
        whole_mask[row, width - n - shared :] = 1
    reference = _ours(tiny_model, whole, whole_mask, eos=2, max_new_tokens=12)
    assert torch.equal(reference, _reference(tiny_model, whole, whole_mask, eos=2, max_new_tokens=12))
    kept = [k.clone() for k, _ in prefix.layers]
    with torch.inference_mode():
        cached = greedy_decode(
            tiny_model,
            rests,
            rest_mask,
            max_new_tokens=12,
            eos_token_ids=[2],
            pad_token_id=PAD,
            prefix=prefix,
            preallocate=preallocate,
        )
    assert len({tuple(row) for row in reference.tolist()}) == len(lengths)  # rows differ
    assert torch.equal(cached, reference)
    assert all(torch.equal(k, p) for k, (p, _) in zip(kept, prefix.layers, strict=True))  # not written to


def test_a_deadline_stops_decoding_with_reply_too_slow_and_a_far_one_changes_nothing(tiny_model: Any) -> None:
    import time

    from supportbot.errors import ReplyTooSlow

    ids, mask = _left_padded([5, 9])
    steps: list[int] = []
    with pytest.raises(ReplyTooSlow, match="after 1 tokens"):
        _ours(
            tiny_model, ids, mask, eos=2, max_new_tokens=16, stop_at=time.monotonic(), on_tokens=steps.append
        )
    assert len(steps) == 1  # stopped right after the step that ended past the deadline
    free = _ours(tiny_model, ids, mask, eos=2, max_new_tokens=16)
    assert torch.equal(
        _ours(tiny_model, ids, mask, eos=2, max_new_tokens=16, stop_at=time.monotonic() + 600), free
    )
