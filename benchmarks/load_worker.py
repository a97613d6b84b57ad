"""Load: N tickets through W worker processes on PostgreSQL, then the invariant check.

    python benchmarks/load_worker.py --tickets 10000 --workers 4
    python benchmarks/load_worker.py --tickets 2000 --workers 4 --kill-every 20   # with chaos

Creates a schema of its own on ``--pg-url`` (dropped afterwards unless ``--keep``), migrates it,
loads the demo shop, queues ``--tickets`` tickets drawn with ``--seed`` from the demo shop
(order-status questions, cancellations of pending orders, some of them sent twice, returns,
policy questions, unknown senders, and the hostile corpus), starts ``--workers`` ``supportbot
worker --drain`` processes and samples each one's resident memory (RSS) every half second.
``--kill-every S`` SIGKILLs a random worker every S seconds and starts a replacement, so leases
expire and tickets are taken over mid-flight.

Then it checks the invariants (benchmarks/load_invariants.py): every ticket ended exactly once as
resolved, asked, escalated or dead; no ticket answered twice; no action with a double effect in the
audit log. Prints a table and writes ``load_worker.json`` and ``load_worker.png`` (RSS per worker
and tickets done over time) to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import create_engine, func, select, text
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_invariants import FINAL, check_invariants

from supportbot.data.hostile.cases import load_cases
from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.migrate import upgrade
from supportbot.db.models import Customer, Order, Ticket
from supportbot.db.seed import load_demo
from supportbot.interfaces.intake import import_records

DEFAULT_PG = os.environ.get("PG_TEST_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def make_tickets(engine: Any, n: int, rng: random.Random) -> list[dict[str, Any]]:
    with session_scope(engine) as s:
        orders = s.execute(
            select(Order.id, Order.status, Customer.email)
            .join(Customer, Customer.id == Order.customer_id)
            .order_by(Order.id)
        ).all()
    pending = [o for o in orders if o.status == "pending"]
    delivered = [o for o in orders if o.status == "delivered"]
    hostile = [c for c in load_cases() if c.category not in ("large", "binary", "blank")]
    policy = [
        "What is your return policy?",
        "How long does shipping take?",
        "Do you ship to Canada?",
        "I want to talk to a human.",
        "This is the third time I write, I am furious!",
    ]
    tickets: list[dict[str, Any]] = []
    for i in range(n):
        roll = rng.random()
        tid = f"load-{i:06d}"
        if roll < 0.45:
            o = rng.choice(orders)
            t = {"customer_email": o.email, "body": f"Where is my order {o.id}?"}
        elif roll < 0.60:
            o = rng.choice(pending)  # the same order may be asked to be cancelled more than once
            t = {
                "customer_email": o.email,
                "body": f"Please cancel my order {o.id}, I ordered it by mistake.",
            }
        elif roll < 0.70:
            o = rng.choice(delivered)
            t = {"customer_email": o.email, "body": f"I want to return everything from order {o.id}."}
        elif roll < 0.82:
            o = rng.choice(orders)
            t = {"customer_email": o.email, "body": rng.choice(policy)}
        elif roll < 0.90:
            o = rng.choice(orders)
            t = {"customer_email": f"stranger{i}@example.org", "body": f"Where is order {o.id}?"}
        else:
            case = rng.choice(hostile)
            rec = case.record()
            t = {"customer_email": rec["customer_email"], "subject": rec["subject"], "body": rec["body"]}
        tickets.append({"id": tid, **t})
    return tickets


def _worker_env(url: str, data_dir: Path, args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
    env.update(
        SUPPORTBOT_CONFIG=str(data_dir / "none.toml"),
        SUPPORTBOT_DATA_DIR=str(data_dir),
        SUPPORTBOT_DB__URL=url,
        SUPPORTBOT_LLM__BACKEND=args.backend,
        SUPPORTBOT_WORKER__BATCH_SIZE=str(args.batch_size),
        SUPPORTBOT_WORKER__LEASE_S=str(args.lease_s),
        SUPPORTBOT_WORKER__POLL_INTERVAL_S="0.5",
        SUPPORTBOT_LOGGING__LEVEL="WARNING",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        OMP_NUM_THREADS="1",
    )
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--backend", default="template", choices=["template", "inprocess", "vllm"])
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--lease-s", type=float, default=30.0)
    parser.add_argument("--kill-every", type=float, default=0.0, help="SIGKILL a random worker every S s.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout-s", type=float, default=6 * 3600)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument("--keep", action="store_true", help="Keep the schema afterwards.")
    args = parser.parse_args(argv)

    schema = f"sbt_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in args.pg_url else "?"
    url = f"{args.pg_url}{sep}options=-csearch_path%3D{schema}"
    data_dir = Path(f"/tmp/supportbot-load-{schema}")
    data_dir.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        engine = create_db_engine(url)
        upgrade(engine)
        load_demo(engine)
        tickets = make_tickets(engine, args.tickets, random.Random(args.seed))
        report = import_records(engine, enumerate(tickets, start=1))
        rejected = len(report.invalid)
        print(f"queued {report.added} tickets ({rejected} rejected at intake) in schema {schema}")

        env = _worker_env(url, data_dir, args)
        logs = data_dir / "logs"
        logs.mkdir(exist_ok=True)
        started = time.monotonic()
        spawned = 0

        def spawn() -> subprocess.Popen[bytes]:
            nonlocal spawned
            spawned += 1
            log = (logs / f"worker-{spawned}.log").open("wb")
            return subprocess.Popen(
                [sys.executable, "-m", "supportbot", "worker", "--drain", "--id", f"load-w{spawned}"],
                env=env,
                stdout=log,
                stderr=log,
            )

        procs = [spawn() for _ in range(args.workers)]
        active = list(procs)
        peak: dict[int, float] = {}
        series: list[dict[str, Any]] = []
        kills = 0
        last_kill = time.monotonic()
        bar = tqdm(total=report.added, unit="ticket", desc="load", dynamic_ncols=True)
        done = 0
        rng = random.Random(args.seed + 1)
        while True:
            now = time.monotonic() - started
            rss: dict[int, float] = {}
            for p in active:
                if p.poll() is not None:  # exited (or killed): nothing to sample
                    continue
                try:
                    proc = psutil.Process(p.pid)
                    rss[p.pid] = proc.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                peak[p.pid] = max(peak.get(p.pid, 0.0), rss[p.pid])
            with session_scope(engine) as s:
                finished = int(
                    s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status.in_(FINAL))) or 0
                )
            bar.update(finished - done)
            done = finished
            series.append(
                {"t": round(now, 2), "done": done, "rss_mb": {str(k): round(v, 1) for k, v in rss.items()}}
            )
            if args.kill_every and time.monotonic() - last_kill >= args.kill_every and done < report.added:
                victim = rng.choice([p for p in active if p.poll() is None] or active)
                victim.send_signal(signal.SIGKILL)
                victim.wait()
                kills += 1
                active.remove(victim)
                fresh = spawn()
                procs.append(fresh)
                active.append(fresh)
                last_kill = time.monotonic()
            if all(p.poll() is not None for p in active):
                if done >= report.added:
                    break
                # every worker drained but tickets wait for a lease to expire or a retry delay: restart one
                if now > args.timeout_s:
                    break
                fresh = spawn()
                procs.append(fresh)
                active.append(fresh)
            if now > args.timeout_s:
                break
            time.sleep(0.5)
        bar.close()
        wall = time.monotonic() - started
        for p in active:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                p.wait(60)
        inv = check_invariants(engine, report.ids)
        exit_codes = [p.returncode for p in procs]
        first = next((x["t"] for x in series if x["done"] > 0), None)
        last = next((x["t"] for x in series if x["done"] >= report.added), wall)
        steady = round(inv.tickets / (last - first), 2) if first is not None and last > first else None
        growth = {}  # RSS range once loaded: first sample >= 90% of its peak .. last sample >= 50%
        for i, p in enumerate(procs):
            points = [x["rss_mb"][str(p.pid)] for x in series if str(p.pid) in x["rss_mb"]]
            if not points:
                continue
            top = max(points)
            start = next(j for j, v in enumerate(points) if v >= 0.9 * top)
            end = max(j for j, v in enumerate(points) if v >= 0.5 * top)
            window = points[start : end + 1]
            growth[f"worker-{i + 1}"] = round(max(window) - min(window), 1)
        result = {
            "tickets": args.tickets,
            "queued": report.added,
            "rejected_at_intake": rejected,
            "workers": args.workers,
            "workers_started": spawned,
            "killed": kills,
            "backend": args.backend,
            "batch_size": args.batch_size,
            "wall_s": round(wall, 1),
            "tickets_per_s": round(inv.tickets / wall, 2) if wall else None,
            "first_ticket_done_s": first,
            "tickets_per_s_after_start": steady,
            "rss_range_after_loading_mb": growth,
            "by_status": dict(inv.by_status),
            "effect_actions": inv.actions,
            "replayed_actions": inv.replays,
            "invariant_violations": inv.problems,
            "peak_rss_mb": {f"worker-{i + 1}": round(peak.get(p.pid, 0.0), 1) for i, p in enumerate(procs)},
            "worker_exit_codes": exit_codes,
            "series": series,
        }
        (args.out / "load_worker.json").write_text(json.dumps(result, indent=1))
        _plot(series, procs, args.out / "load_worker.png")
        _print_table(result)
        return 0 if inv.ok and done >= report.added else 1
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        if not args.keep:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _print_table(r: dict[str, Any]) -> None:
    rows = [
        ("tickets queued", f"{r['queued']:,} ({r['rejected_at_intake']} rejected at intake)"),
        ("workers", f"{r['workers']} ({r['workers_started']} started, {r['killed']} SIGKILLed)"),
        ("reply backend / batch", f"{r['backend']} / {r['batch_size']}"),
        ("wall time", f"{r['wall_s']:,} s"),
        ("first ticket done after", f"{r['first_ticket_done_s']} s (model loading)"),
        (
            "throughput (overall / after start)",
            f"{r['tickets_per_s']} / {r['tickets_per_s_after_start']} tickets/s",
        ),
        ("final status", ", ".join(f"{k} {v:,}" for k, v in sorted(r["by_status"].items()))),
        ("effect actions (replayed)", f"{r['effect_actions']} ({r['replayed_actions']})"),
        ("invariant violations", str(len(r["invariant_violations"]))),
        ("peak RSS per worker (MiB)", ", ".join(f"{v:.0f}" for v in r["peak_rss_mb"].values())),
        (
            "RSS range once loaded (MiB)",
            ", ".join(f"{v:.0f}" for v in r["rss_range_after_loading_mb"].values()),
        ),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"| {'-' * width} | ----- |")
    for k, v in rows:
        print(f"| {k.ljust(width)} | {v} |")
    for problem in r["invariant_violations"][:20]:
        print(f"  violation: {problem}")


def _plot(series: list[dict[str, Any]], procs: list[subprocess.Popen[bytes]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 7), sharex=True)
    for i, p in enumerate(procs):
        points = [(s["t"], s["rss_mb"][str(p.pid)]) for s in series if str(p.pid) in s["rss_mb"]]
        if points:
            ax1.plot(*zip(*points, strict=True), label=f"worker {i + 1}")
    ax1.set_ylabel("RSS (MiB)")
    ax1.set_title("Worker memory")
    ax1.legend(fontsize=7, ncol=4)
    ax2.plot([s["t"] for s in series], [s["done"] for s in series])
    ax2.set_xlabel("seconds")
    ax2.set_ylabel("tickets finished")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    raise SystemExit(main())
