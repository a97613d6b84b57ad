"""Reply quality of the two int8 prefill modes: whole prompt vs cached constant prefix + rest.

Single-stream greedy replies (shipped adapter, int8, one thread, 96 new tokens) on held-out test
examples of the reply dataset (seed 13), each prompt generated both ways, plus how close the first
token's distribution is to the fp32 model's. Prints ROUGE, BLEU, grounding errors, reply length,
first-token agreement with fp32 and mean KL for Bitext, synthetic and all.

    python benchmarks/llm_prefill_quality.py 30 0    # 30 Bitext + 30 synthetic, from offset 0
    python benchmarks/llm_prefill_quality.py 30 30   # the next 30 + 30
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

import torch

from supportbot.llm.inprocess import InProcessBackend
from supportbot.llm.loader import DEFAULT_ADAPTER
from supportbot.training.dataset import build_dataset
from supportbot.training.grounding import ungrounded
from supportbot.training.reply_metrics import bleu, rouge

n_each = int(sys.argv[1]) if len(sys.argv) > 1 else 30
max_new = 96
ds = build_dataset(seed=13)
rng = random.Random(13)
pools = {s: [e for e in ds.test if e.source == s] for s in ("bitext", "synthetic")}
for pool in pools.values():
    rng.shuffle(pool)
off = int(sys.argv[2]) if len(sys.argv) > 2 else 0
examples = pools["bitext"][off : off + n_each] + pools["synthetic"][off : off + n_each]
b = InProcessBackend("smollm2-135m", DEFAULT_ADAPTER, quantization="int8", threads=1)
f = InProcessBackend("smollm2-135m", DEFAULT_ADAPTER, quantization="fp32", threads=1, prefix_cache=False)
tok = b.tokenizer


def first_logits(backend, msgs, cached):
    backend.prefix_cache = cached
    inputs = backend._encode([msgs])
    ids = inputs["input_ids"]
    with torch.inference_mode():
        if cached:
            p = backend.cached_prefix()
            assert p.matches(ids[0].tolist())
            from supportbot.llm.decode import preallocated_cache

            cache = preallocated_cache(backend.model, ids.shape[1])
            for layer, (k, v) in zip(cache.layers, p.layers, strict=True):
                layer.update(k, v)
            suf = ids[:, len(p) :]
            pos = torch.arange(len(p), ids.shape[1])[None]
            return (
                backend.model(
                    input_ids=suf, position_ids=pos, past_key_values=cache, use_cache=True, logits_to_keep=1
                )
                .logits[0, -1]
                .float()
            )
        return backend.model(input_ids=ids, logits_to_keep=1).logits[0, -1].float()


recs = []
t0 = time.time()
for i, e in enumerate(examples):
    msgs = e.prompt_messages()
    ref_logits = first_logits(f, msgs, False)
    row = {"source": e.source, "reference": e.reply}
    for label, cached in (("full", False), ("cached", True)):
        lg = first_logits(b, msgs, cached)
        lp, lq = torch.log_softmax(ref_logits, -1), torch.log_softmax(lg, -1)
        row[f"{label}_kl"] = float((lp.exp() * (lp - lq)).sum())
        row[f"{label}_top1"] = bool(lg.argmax() == ref_logits.argmax())
        b.prefix_cache = cached
        row[label] = b.generate([msgs], max_new_tokens=max_new)[0]
        row[f"{label}_ungrounded"] = len(ungrounded(row[label], e.ctx))
    row["same"] = row["full"] == row["cached"]
    recs.append(row)
    print(i, round(time.time() - t0), row["same"], row["full_top1"], row["cached_top1"], flush=True)
Path(f"prefill_quality_{off}.json").write_text(json.dumps(recs, indent=1))
print("prefix hits", b.prefix_hits)
for src in ("bitext", "synthetic", None):
    rs = [r for r in recs if src is None or r["source"] == src]
    refs = [r["reference"] for r in rs]
    print(f"== {src or 'all'} n={len(rs)} identical replies {sum(r['same'] for r in rs)}")
    for label in ("full", "cached"):
        outs = [r[label] for r in rs]
        rg = rouge(outs, refs)
        print(
            label,
            {k: round(v, 3) for k, v in rg.items()},
            "bleu",
            round(bleu(outs, refs), 3),
            "ungrounded/100",
            round(100 * sum(r[f"{label}_ungrounded"] > 0 for r in rs) / len(rs), 1),
            "words",
            round(sum(len(o.split()) for o in outs) / len(outs), 1),
            "first-token top1 vs fp32",
            sum(r[f"{label}_top1"] for r in rs),
            "mean KL vs fp32",
            round(sum(r[f"{label}_kl"] for r in rs) / len(rs), 4),
        )
