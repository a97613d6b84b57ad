"""Tool-call latency on the demo shop: every call goes through ``call_tool`` (validation, ownership,
policy, the transaction with its audit row), as the agent makes it.

    python benchmarks/tools_latency.py --backend sqlite --calls 200 --seed 0
    python benchmarks/tools_latency.py --backend postgres --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Builds a fresh demo database (a temporary SQLite file, or a temporary PostgreSQL database that is
dropped afterwards), runs ``--calls`` calls per scenario on records drawn with ``--seed``, prints a
table of latencies (ms) and writes the raw timings (JSON) and a box plot (PNG) to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from tqdm import tqdm

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.migrate import upgrade
from supportbot.db.models import Customer, Order, Product
from supportbot.db.seed import load_demo
from supportbot.settings import load_settings
from supportbot.tools.context import ToolContext
from supportbot.tools.registry import call_tool

Scenario = tuple[str, str, Callable[[int], tuple[str | None, dict[str, Any]]]]


def _scenarios(engine: Engine, rng: random.Random, calls: int) -> list[Scenario]:
    with session_scope(engine) as s:
        orders = [(o.customer_id, o.id, o.status) for o in s.scalars(select(Order).order_by(Order.id))]
        emails = {cid: email for cid, email in s.execute(select(Customer.id, Customer.email))}
        products = list(s.scalars(select(Product.name).order_by(Product.name)))
    pending = [o for o in orders if o[2] == "pending"]
    rng.shuffle(pending)
    if len(pending) < 2 * calls:
        raise SystemExit(f"--calls at most {len(pending) // 2} (distinct pending orders are needed)")
    any_order = lambda i: rng.choice(orders)  # noqa: E731
    cancels, addresses = pending[:calls], pending[calls : 2 * calls]
    address = {
        "address1": "1 Bench Street",
        "city": "Austin",
        "state": "TX",
        "country": "USA",
        "zip": "78701",
    }

    def own(tool: str) -> Callable[[int], tuple[str | None, dict[str, Any]]]:
        def make(i: int) -> tuple[str | None, dict[str, Any]]:
            cid, oid, _ = any_order(i)
            return cid, {"order_id": oid}

        return make

    return [
        ("find_customer_by_email", "ok", lambda i: (c := any_order(i)[0], {"email": emails[c]})),
        ("get_order_details", "ok", own("get_order_details")),
        ("get_order_tracking", "ok", own("get_order_tracking")),
        ("get_refund_status", "ok", own("get_refund_status")),
        ("get_invoice", "ok", own("get_invoice")),
        ("list_recent_orders", "ok", lambda i: (any_order(i)[0], {})),
        ("get_product_info", "ok", lambda i: (None, {"product": rng.choice(products).lower()})),
        ("get_order_details", "not_owner", lambda i: ("not_a_customer", {"order_id": any_order(i)[1]})),
        (
            "cancel_order",
            "needs_consent",
            lambda i: (cancels[i][0], {"order_id": cancels[i][1], "reason": "no longer needed"}),
        ),
        (
            "cancel_order",
            "ok",
            lambda i: (
                cancels[i][0],
                {
                    "order_id": cancels[i][1],
                    "reason": "no longer needed",
                    "consent": True,
                    "approved_by": "bench",
                    "idempotency_key": f"bench-{i}",
                },
            ),
        ),
        (
            "cancel_order",
            "replayed",
            lambda i: (
                cancels[i][0],
                {
                    "order_id": cancels[i][1],
                    "reason": "no longer needed",
                    "consent": True,
                    "approved_by": "bench",
                    "idempotency_key": f"bench-{i}",
                },
            ),
        ),
        (
            "modify_order_address",
            "ok",
            lambda i: (addresses[i][0], {"order_id": addresses[i][1], "consent": True, **address}),
        ),
    ]


def run(engine: Engine, calls: int, seed: int) -> dict[str, list[float]]:
    settings = load_settings()
    rng = random.Random(seed)
    timings: dict[str, list[float]] = {}
    for tool, expect, make in tqdm(_scenarios(engine, rng, calls), desc="scenarios", unit="scenario"):
        label = f"{tool} ({expect})"
        timings[label] = []
        for i in range(calls):
            customer_id, args = make(i)
            ctx = ToolContext(
                engine=engine, customer_id=customer_id, ticket_id=f"bench-{i}", settings=settings
            )
            start = time.perf_counter()
            result = call_tool(ctx, tool, args)
            timings[label].append((time.perf_counter() - start) * 1000)
            got = "replayed" if result.replayed else result.status
            if got != expect:
                raise SystemExit(f"{label}: call {i} returned {got}: {result.message}")
    return timings


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(timings: dict[str, list[float]], title: str, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in ("tool (expected status)", "calls", "p50 ms", "p95 ms", "mean ms", "max ms"):
        table.add_column(column, justify="left" if column.startswith("tool") else "right")
    for label, values in timings.items():
        table.add_row(
            label,
            str(len(values)),
            f"{statistics.median(values):.2f}",
            f"{_percentile(values, 0.95):.2f}",
            f"{statistics.fmean(values):.2f}",
            f"{max(values):.2f}",
        )
    Console(width=120).print(table)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 6))
    labels = list(timings)
    ax.boxplot([timings[k] for k in labels], orientation="horizontal", showfliers=False)
    ax.set_yticks(range(1, len(labels) + 1), labels, fontsize=8)
    ax.set_xlabel("latency per call (ms)")
    ax.set_title(title)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    print(f"plot: {out}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--pg-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
        help="server for --backend postgres (a temporary database is created there)",
    )
    parser.add_argument("--calls", type=int, default=100, help="calls per scenario")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("runs/tools"),
        help="writes tools_latency_<backend>.json (raw ms per call) and .png here",
    )
    args = parser.parse_args()

    admin: Engine | None = None
    dbname = f"sbt_bench_{uuid.uuid4().hex[:10]}"
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend == "sqlite":
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        else:
            admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{dbname}"'))
            url = make_url(args.pg_url).set(database=dbname).render_as_string(hide_password=False)
        engine = create_db_engine(url)
        try:
            upgrade(engine)
            load_demo(engine, progress=True)
            timings = run(engine, args.calls, args.seed)
            report(
                timings,
                f"tool-call latency, {args.backend}, {args.calls} calls/scenario, seed {args.seed}",
                args.out / f"tools_latency_{args.backend}.png",
            )
            (args.out / f"tools_latency_{args.backend}.json").write_text(
                json.dumps(
                    {"backend": args.backend, "seed": args.seed, "calls": args.calls, "ms": timings}, indent=1
                )
            )
        finally:
            engine.dispose()
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
