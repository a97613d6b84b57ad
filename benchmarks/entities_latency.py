"""Entity extraction latency per ticket (P50/P95/P99), on this machine.

    python benchmarks/entities_latency.py                     # held-out tickets, shipped model
    python benchmarks/entities_latency.py --tickets supportbot/data/sample_tickets.jsonl --repeat 3
    python benchmarks/entities_latency.py --no-ner --out runs/entities   # ablation + PNG histogram

Each ticket is extracted ``--repeat`` times after a warm-up; every call is timed separately, as
wall-clock (``time.perf_counter``) and as CPU time of this process (``time.process_time``). On a
shared machine the wall-clock includes waiting for a core; the CPU time is what the extraction
itself costs. The load average is printed next to them. Goal: P95 < 10 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def _texts(path: Path | None, seed: int) -> list[str]:
    if path is None:
        from supportbot.entities.dataset import build_datasets

        return [ex.text for ex in build_datasets(seed).heldout]
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            texts.append("\n".join(str(row.get(k) or "") for k in ("subject", "body", "text") if row.get(k)))
    return texts


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--tickets", type=Path, help="JSONL with subject/body or text fields (default: held-out set)"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-ner", action="store_true", help="rules and catalogue only")
    parser.add_argument("--out", type=Path, help="write entities_latency.json and .png here")
    args = parser.parse_args(argv)

    from supportbot.entities.catalog import load_json_catalog
    from supportbot.entities.extractor import DEFAULT_MODEL_DIR, EntityExtractor, load_pipeline
    from supportbot.settings import load_settings

    settings = load_settings()
    extractor = EntityExtractor(
        load_pipeline(settings.entities.model_path or DEFAULT_MODEL_DIR),
        load_json_catalog(),
        settings.entities,
        use_ner=not args.no_ner,
    )
    texts = _texts(args.tickets, args.seed)
    for text in texts[:50]:  # warm-up
        extractor.extract(text)
    timings: list[float] = []
    cpu: list[float] = []
    load_before = os.getloadavg()[0]
    for _ in range(args.repeat):
        for text in texts:
            started, cpu_started = time.perf_counter(), time.process_time()
            extractor.extract(text)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    chars = [len(t) for t in texts]
    rows = {
        "tickets": len(texts),
        "calls": len(timings),
        "median chars": statistics.median(chars),
        "max chars": max(chars),
        "mean ms": statistics.fmean(timings),
        "p50 ms": _pct(timings, 0.50),
        "p95 ms": _pct(timings, 0.95),
        "p99 ms": _pct(timings, 0.99),
        "max ms": max(timings),
        "cpu p50 ms": _pct(cpu, 0.50),
        "cpu p95 ms": _pct(cpu, 0.95),
        "cpu p99 ms": _pct(cpu, 0.99),
        "load avg 1m": (load_before + os.getloadavg()[0]) / 2,
        "cores": os.cpu_count() or 0,
    }
    print(
        f"entity extraction latency ({'rules+catalogue' if args.no_ner else 'rules+catalogue+NER'}, 1 thread)"
    )
    print(f"{'metric':<14}{'value':>12}")
    for key, value in rows.items():
        print(f"{key:<14}{value:>12.2f}" if isinstance(value, float) else f"{key:<14}{value:>12}")
    wall_ok, cpu_ok = rows["p95 ms"] < 10, rows["cpu p95 ms"] < 10
    print(
        f"{'P95 < 10 ms':<14}{'wall ' + ('yes' if wall_ok else 'NO') + ', cpu ' + ('yes' if cpu_ok else 'NO'):>12}"
    )
    goal = cpu_ok
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "entities_latency.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 3))
        ax.hist(timings, bins=60)
        ax.axvline(rows["p95 ms"], color="red", linestyle="--", label=f"P95 {rows['p95 ms']:.2f} ms")
        ax.set_xlabel("ms per ticket")
        ax.set_ylabel("calls")
        ax.legend()
        fig.tight_layout()
        fig.savefig(args.out / "entities_latency.png", dpi=100)
        print(f"wrote {args.out / 'entities_latency.json'} and {args.out / 'entities_latency.png'}")
    return 0 if goal else 1


if __name__ == "__main__":
    sys.exit(main())
