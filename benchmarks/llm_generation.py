"""Reply-model generation benchmark (in-process backend, this machine's CPU).

Prints one table: tokens/s for one stream and for a batch of 8, against the memory-bandwidth bound
(bytes of weights read per generated token vs. a measured memory copy bandwidth), time to first
token, and P50/P95 time for a 60-token reply (goal: P95 < 1.5 s).

Each measurement is taken for every decoding path named in ``--paths``, interleaved in the same
time window (the machine is shared, so runs minutes apart are not comparable): ``prefix`` is the
backend's default path (:func:`supportbot.llm.decode.greedy_decode` reusing the cached keys and
values of the prompt's constant start, :mod:`supportbot.llm.prefix_cache`, for one stream and for
batches), ``loop`` is the same greedy loop prefilling the whole prompt, ``generate`` is
``model.generate(do_sample=False)``, ``unfused`` is the ``prefix`` path on a second copy of the
model whose q/k/v and gate/up
projections are not fused (:mod:`supportbot.llm.fuse`), and ``previous`` is ``loop`` on that
unfused copy (the default before prefix caching and fusing). Wall time and process CPU time are both
reported; the load average is printed before and after.

    python benchmarks/llm_generation.py --quantization int8 --runs 10
    python benchmarks/llm_generation.py --quantization int8 --runs 20 --threads 1 --paths prefix,loop,unfused,previous
    python benchmarks/llm_generation.py --quantization fp32 --no-adapter
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def memory_bandwidth_gbs(size_mb: int = 256, repeats: int = 5) -> float:
    """Measured copy bandwidth (read + write) of a large tensor, GB/s."""
    import torch

    src = torch.empty(size_mb * 1024 * 1024 // 4, dtype=torch.float32).fill_(1.0)
    dst = torch.empty_like(src)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        dst.copy_(src)
        best = min(best, time.perf_counter() - t)
    return 2 * src.numel() * 4 / best / 1e9


def weight_bytes(model: object) -> int:
    """Bytes of weights read per decoding step: every matrix once (int8 packed weights counted as
    1 byte each, fp16 ones as 2); embedding tables are excluded since a step reads only one row of them."""
    import torch

    embedding_ids = {
        id(p) for m in model.modules() if isinstance(m, torch.nn.Embedding) for p in m.parameters()
    }  # type: ignore[attr-defined]
    total = 0
    for tensor in list(model.parameters()) + list(model.buffers()):  # type: ignore[attr-defined]
        if id(tensor) not in embedding_ids:
            total += tensor.numel() * tensor.element_size()
    for module in model.modules():  # type: ignore[attr-defined]
        if hasattr(module, "weight") and callable(module.weight) and hasattr(module, "_packed_params"):
            weight = module.weight()  # the int8 (or fp16) weight of a dynamically quantised Linear
            packed = module._packed_params.dtype
            size = {torch.qint8: 1, torch.float16: 2}.get(packed, weight.element_size())
            total += weight.numel() * size
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quantization", choices=["int8", "bf16", "fp32"], default="int8")
    parser.add_argument("--no-adapter", action="store_true")
    parser.add_argument(
        "--fp16-modules",
        default=None,
        help="int8: comma-separated linear name suffixes kept at fp16 (default: settings llm.fp16_modules; "
        "'' for all-int8)",
    )
    parser.add_argument(
        "--no-smoothquant",
        action="store_true",
        help="int8 without SmoothQuant (settings llm.smoothquant)",
    )
    parser.add_argument("--runs", type=int, default=10, help="60-token replies timed for P95")
    parser.add_argument("--batch-runs", type=int, default=2, help="batch-8 generations timed")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument(
        "--paths",
        default="prefix,loop,generate",
        help="comma-separated: prefix, loop, generate, unfused, previous",
    )
    args = parser.parse_args()
    paths = tuple(p.strip() for p in args.paths.split(",") if p.strip())
    if not paths or set(paths) - {"prefix", "loop", "generate", "unfused", "previous"}:
        parser.error("--paths takes prefix, loop, generate, unfused and/or previous")

    import torch

    from supportbot.settings import get_settings

    fp16_modules = (
        get_settings().llm.fp16_modules
        if args.fp16_modules is None
        else [m.strip() for m in args.fp16_modules.split(",") if m.strip()]
    )

    from supportbot.llm.decode import greedy_decode
    from supportbot.llm.inprocess import InProcessBackend
    from supportbot.llm.loader import DEFAULT_ADAPTER, smoothquant_for
    from supportbot.llm.prompt import ReplyContext, build_messages

    smoothquant = None if args.no_smoothquant else smoothquant_for(get_settings().llm)
    t0 = time.perf_counter()
    backend = InProcessBackend(
        "smollm2-135m",
        None if args.no_adapter else DEFAULT_ADAPTER,
        quantization=args.quantization,
        threads=args.threads,
        fp16_modules=fp16_modules,
        smoothquant=smoothquant,
    )
    load_s = time.perf_counter() - t0
    plain = None
    if {"unfused", "previous"} & set(paths):
        plain = InProcessBackend(
            "smollm2-135m",
            None if args.no_adapter else DEFAULT_ADAPTER,
            quantization=args.quantization,
            threads=args.threads,
            fuse=False,
            fp16_modules=fp16_modules,
            smoothquant=smoothquant,
        )
    ctx = ReplyContext(
        ticket="Hi, where is my order #W2611340? It should have arrived by now.",
        customer_name="James Li",
        intent="track_order",
        kind="inform",
        task="Answer about order #W2611340 (track_order) from the order facts.",
        facts={
            "get_order_tracking": {
                "status": "ok",
                "order_id": "#W2611340",
                "order_status": "processed",
                "tracking_ids": ["357962501027"],
            }
        },
    )
    messages = build_messages(ctx)
    tok = backend.tokenizer
    model = backend.model
    prefix = backend.cached_prefix()
    assert prefix is not None and prefix.matches(backend._encode([messages])["input_ids"][0].tolist())
    plain_prefix = plain.cached_prefix() if plain is not None else None

    def timed(path: str, batch: int, tokens: int = 60) -> tuple[float, float, int]:
        """(wall s, CPU s, generated tokens) for ``tokens`` forced new tokens per sequence."""
        inputs = backend._encode([messages] * batch)
        t, c = time.perf_counter(), time.process_time()
        with torch.inference_mode():
            if path in ("loop", "prefix", "unfused", "previous"):
                pfx = plain_prefix if path == "unfused" else prefix
                cut = len(prefix) if path in ("prefix", "unfused") else 0  # same prompt in every row
                out = greedy_decode(
                    plain.model if path in ("unfused", "previous") and plain is not None else model,
                    inputs["input_ids"][:, cut:],
                    inputs["attention_mask"][:, cut:],
                    max_new_tokens=tokens,
                    min_new_tokens=tokens,
                    eos_token_ids=[tok.eos_token_id],
                    pad_token_id=tok.pad_token_id,
                    prefix=pfx if cut else None,
                )
                n = out.shape[1]
            else:
                out = model.generate(
                    **inputs,
                    min_new_tokens=tokens,
                    max_new_tokens=tokens,
                    do_sample=False,
                    pad_token_id=tok.pad_token_id,
                )
                n = out.shape[1] - inputs["input_ids"].shape[1]
        return time.perf_counter() - t, time.process_time() - c, n * batch

    load_before = os.getloadavg()
    for path in paths:
        timed(path, 1)  # warm-up
    reply: dict[str, list[tuple[float, float, int]]] = {p: [] for p in paths}
    batch8: dict[str, list[tuple[float, float, int]]] = {p: [] for p in paths}
    first: dict[str, list[tuple[float, float, int]]] = {p: [] for p in paths}
    for _ in range(args.runs):
        for path in paths:
            reply[path].append(timed(path, 1))
    for _ in range(args.batch_runs):
        for path in paths:
            batch8[path].append(timed(path, 8))
    for _ in range(5):
        for path in paths:
            first[path].append(timed(path, 1, tokens=1))  # prefill + the first token
    load_after = os.getloadavg()
    bandwidth = memory_bandwidth_gbs()
    wbytes = weight_bytes(model)
    bound = bandwidth * 1e9 / wbytes

    def med(values: list[tuple[float, float, int]], i: int) -> float:
        return statistics.median(v[i] for v in values)

    def p95(values: list[tuple[float, float, int]]) -> float:
        walls = [v[0] for v in values]
        return statistics.quantiles(walls, n=20)[18] if len(walls) >= 2 else walls[0]

    rows = [
        ("precision / adapter", f"{args.quantization} / {'none' if args.no_adapter else 'shipped (merged)'}"),
        ("fp16 linears (int8 only)", ",".join(fp16_modules) or "none"),
        (
            "SmoothQuant (int8 only)",
            f"{backend.smoothed_layers} layers, alpha {smoothquant.alpha} / down {smoothquant.alpha_down}"
            if smoothquant and backend.smoothed_layers
            else "off",
        ),
        ("threads", str(torch.get_num_threads())),
        ("load average before / after (1 min)", f"{load_before[0]:.1f} / {load_after[0]:.1f}"),
        ("model load (s)", f"{load_s:.1f}"),
        ("prompt tokens", str(backend._encode([messages])["input_ids"].shape[1])),
        ("cached prefix tokens ([prefix] path, batch 1)", str(len(prefix))),
        ("weight bytes read per token (MB)", f"{wbytes / 1e6:.0f}"),
        ("measured copy bandwidth (GB/s)", f"{bandwidth:.1f}"),
        ("bandwidth bound, 1 stream (tok/s)", f"{bound:.0f}"),
    ]
    for path in paths:
        single_tps = 60 / med(reply[path], 0)
        rows += [
            (
                f"[{path}] 1 stream tok/s (wall)",
                f"{single_tps:.1f}  ({100 * single_tps / bound:.0f}% of bound)",
            ),
            (f"[{path}] 1 stream tok per CPU-s", f"{60 / med(reply[path], 1):.1f}"),
        ]
        if batch8[path]:
            rows += [
                (f"[{path}] batch 8 tok/s (wall)", f"{8 * 60 / med(batch8[path], 0):.1f}"),
                (f"[{path}] batch 8 tok per CPU-s", f"{8 * 60 / med(batch8[path], 1):.1f}"),
            ]
        rows += [
            (f"[{path}] time to first token, median (s)", f"{med(first[path], 0):.3f}"),
            (
                f"[{path}] 60-token reply P50 / P95 (s)",
                f"{med(reply[path], 0):.2f} / {p95(reply[path]):.2f}  (goal P95 < 1.5)",
            ),
            (f"[{path}] 60-token reply CPU s, median", f"{med(reply[path], 1):.2f}"),
            (f"[{path}] time to first token, CPU s, median", f"{med(first[path], 1):.3f}"),
        ]
    width = max(len(k) for k, _ in rows)
    print(f"{'metric':<{width}} | value")
    print(f"{'-' * width}-|------")
    for key, value in rows:
        print(f"{key:<{width}} | {value}")


if __name__ == "__main__":
    main()
