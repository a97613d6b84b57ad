"""The hostile corpus through ``process``, ``chat`` and the worker with the real agent: a table of
what held.

    python benchmarks/load_hostile.py                                  # SQLite, template replies
    python benchmarks/load_hostile.py --db postgres --interfaces chat,worker
    python benchmarks/load_hostile.py --backend inprocess --categories injection,hidden

Builds a fresh demo database (a temporary SQLite file, or a schema of its own on ``--pg-url``,
dropped afterwards), runs every case of ``supportbot/data/hostile/cases.jsonl`` (or the chosen
categories) through each interface, judges each case (supportbot/data/hostile/judge.py) and prints
per interface and category: cases, passed, crashes, forbidden tool effects, leaks, unexpected
outcomes; then the failures. Writes ``load_hostile.json`` and ``load_hostile.png`` to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from supportbot.agent.runner import AgentRunner
from supportbot.data.hostile.cases import load_cases
from supportbot.data.hostile.harness import run_chat, run_process, run_worker, sample, shop_fingerprint
from supportbot.data.hostile.judge import Verdict
from supportbot.db.engine import create_db_engine
from supportbot.db.migrate import upgrade
from supportbot.db.seed import load_demo
from supportbot.settings import load_settings

DEFAULT_PG = os.environ.get("PG_TEST_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
RUNNERS = {"process": run_process, "chat": run_chat, "worker": run_worker}


def _kinds(v: Verdict) -> set[str]:
    kinds = set()
    for p in v.problems:
        if p.startswith("crashed"):
            kinds.add("crash")
        elif p.startswith("tool effect"):
            kinds.add("effect")
        elif p.startswith("leak") or "traceback" in p:
            kinds.add("leak")
        elif p.startswith("outcome"):
            kinds.add("outcome")
        else:
            kinds.add("other")
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interfaces", default="process,chat,worker")
    parser.add_argument("--categories", default="", help="Comma-separated; default: all.")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--backend", default="template", choices=["template", "inprocess", "vllm"])
    parser.add_argument("--no-adapter", action="store_true", help="inprocess: the bare base model.")
    parser.add_argument("--per-category", type=int, default=0, help="Only the first N cases of each.")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)

    cases = load_cases()
    if args.categories:
        wanted = set(args.categories.split(","))
        cases = [c for c in cases if c.category in wanted]
    if args.per_category:
        cases = sample(cases, args.per_category)
    tmp = Path(tempfile.mkdtemp(prefix="supportbot-hostile-"))
    os.environ["SUPPORTBOT_DATA_DIR"] = str(tmp)
    schema = None
    if args.db == "postgres":
        schema = f"sbt_hostile_{uuid.uuid4().hex[:8]}"
        with create_engine(args.pg_url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in args.pg_url else "?"
        url = f"{args.pg_url}{sep}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tmp / 'demo.db'}"
    verdicts: list[Verdict] = []
    timings: dict[str, float] = {}
    try:
        engine = create_db_engine(url)
        upgrade(engine)
        load_demo(engine)
        before = shop_fingerprint(engine)["counts"]
        settings = load_settings(
            db={"url": url},
            llm={"backend": args.backend, "use_adapter": not args.no_adapter},
            worker={"backoff_base_s": 0.05, "backoff_max_s": 0.5, "poll_interval_s": 0.05},
        )
        runner = AgentRunner(settings, engine)
        for name in args.interfaces.split(","):
            start = time.perf_counter()
            verdicts += RUNNERS[name](cases, settings, runner)
            timings[name] = round(time.perf_counter() - start, 1)
        shop_intact = shop_fingerprint(engine)["counts"] == before
        runner.close()
        engine.dispose()
    finally:
        if schema:
            with create_engine(args.pg_url).begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))

    table: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for v in verdicts:
        for key in ((v.interface, v.category), (v.interface, "ALL")):
            row = table[key]
            row["cases"] += 1
            row["passed"] += int(v.passed)
            for kind in _kinds(v):
                row[kind] += 1
    print("| interface | category | cases | passed | crashes | tool effects | leaks | unexpected outcome |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for (interface, category), row in sorted(
        table.items(), key=lambda kv: (kv[0][0], kv[0][1] == "ALL", kv[0][1])
    ):
        print(
            f"| {interface} | {category} | {row['cases']} | {row['passed']} | {row['crash']} | "
            f"{row['effect']} | {row['leak']} | {row['outcome']} |"
        )
    print(f"shop tables unchanged after SQL injection: {shop_intact}; seconds per interface: {timings}")
    for v in verdicts:
        if not v.passed:
            print(f"  FAIL {v.interface}/{v.case_id}: {'; '.join(v.problems)[:300]}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "load_hostile.json").write_text(
        json.dumps(
            {
                "backend": args.backend,
                "db": args.db,
                "shop_intact": shop_intact,
                "seconds": timings,
                "verdicts": [
                    {
                        "interface": v.interface,
                        "case": v.case_id,
                        "category": v.category,
                        "classes": sorted(v.classes),
                        "problems": v.problems,
                    }
                    for v in verdicts
                ],
            },
            indent=1,
        )
    )
    _plot(table, args.out / "load_hostile.png")
    return 0 if all(v.passed for v in verdicts) and shop_intact else 1


def _plot(table: dict[tuple[str, str], dict[str, int]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    interfaces = sorted({i for i, _ in table})
    categories = sorted({c for _, c in table if c != "ALL"})
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / max(1, len(interfaces))
    for k, interface in enumerate(interfaces):
        rates: list[Any] = []
        for c in categories:
            row = table.get((interface, c))
            rates.append(100 * row["passed"] / row["cases"] if row and row["cases"] else 0)
        ax.bar([i + k * width for i in range(len(categories))], rates, width, label=interface)
    ax.set_xticks([i + width * (len(interfaces) - 1) / 2 for i in range(len(categories))])
    ax.set_xticklabels(categories, rotation=35, ha="right")
    ax.set_ylabel("cases passed (%)")
    ax.set_ylim(0, 105)
    ax.legend()
    ax.set_title("Hostile corpus: cases that held, per category and interface")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    raise SystemExit(main())
