"""Worker throughput: tickets/hour for 1 worker on SQLite and N workers on PostgreSQL.

    python benchmarks/worker_throughput.py --tickets 120                      # both setups
    python benchmarks/worker_throughput.py --setups sqlite --tickets 60 --backend template

For each setup it builds a fresh demo database (SQLite file in a temporary folder; a PostgreSQL
schema of its own on ``--pg-url``, dropped afterwards), queues ``--tickets`` tickets made from
``supportbot/data/sample_tickets.jsonl`` (cycled, ids made unique), starts ``supportbot worker
--drain`` processes (1 on SQLite, ``--pg-workers`` on PostgreSQL, the machine's cores split between
them) and waits until the queue is empty. The reply backend is the configured one (default: the
embedded in-process model); ``--backend template`` measures the pipeline without the LLM.

Reported per setup: wall time (start of the processes to the last ticket, model loading
included), tickets/hour over that wall time, steady-state tickets/hour (first to last finished
ticket: what a long-running worker sustains), outcome counts, how many replies the LLM wrote (the
generate stage ran on a model backend and the fact check kept its text), and whether every ticket was answered exactly once. Prints a table; writes
``worker_throughput.json`` and ``worker_throughput.png`` (tickets done over time) to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.migrate import upgrade
from supportbot.db.models import Ticket, TicketMessage
from supportbot.db.seed import load_demo
from supportbot.interfaces.intake import import_records
from supportbot.paths import SAMPLE_TICKETS

DEFAULT_PG = os.environ.get("PG_TEST_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
FINAL = ("resolved", "asked", "escalated", "dead")


def make_records(n: int) -> list[tuple[int, dict[str, Any]]]:
    samples = [json.loads(line) for line in SAMPLE_TICKETS.read_text().splitlines() if line.strip()]
    records = []
    for i in range(n):
        record = dict(samples[i % len(samples)])
        record["id"] = f"bench-{i:05d}"
        records.append((i + 1, record))
    return records


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def run_setup(
    name: str, url: str, workers: int, n: int, env: dict[str, str], timeout_s: float
) -> dict[str, Any]:
    engine = create_db_engine(url)
    upgrade(engine)
    load_demo(engine)
    import_records(engine, make_records(n))
    cores = os.cpu_count() or 1
    threads = max(1, cores // workers)
    proc_env = {**env, "SUPPORTBOT_DB__URL": url, "SUPPORTBOT_LLM__THREADS": str(threads)}
    start_wall = time.perf_counter()
    start = dt.datetime.now(dt.UTC)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "supportbot", "worker", "--drain", "--id", f"{name}-{i}"],
            env=proc_env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(env["SUPPORTBOT_DATA_DIR"]) / f"{name}-{i}.log", "w"),  # noqa: SIM115
        )
        for i in range(workers)
    ]
    from tqdm import tqdm

    with tqdm(total=n, desc=f"{name} ({workers} worker{'s' if workers > 1 else ''})", unit="ticket") as bar:
        done = 0
        while any(p.poll() is None for p in procs):
            if time.perf_counter() - start_wall > timeout_s:
                for p in procs:
                    p.terminate()
                break
            time.sleep(1.0)
            with session_scope(engine) as s:
                now_done = s.execute(
                    select(func.count()).select_from(Ticket).where(Ticket.status.in_(FINAL))
                ).scalar_one()
            bar.update(now_done - done)
            done = now_done
    wall_s = time.perf_counter() - start_wall
    for p in procs:
        p.wait(timeout=60)
    with session_scope(engine) as s:
        rows = s.execute(select(Ticket.status, Ticket.finished_at, Ticket.result)).all()
        bot_messages = dict(
            s.execute(
                select(TicketMessage.ticket_id, func.count())
                .where(TicketMessage.role == "bot")
                .group_by(TicketMessage.ticket_id)
            ).all()  # type: ignore[arg-type]
        )
    finished = sorted(_aware(r.finished_at) for r in rows if r.status in FINAL and r.finished_at)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    # A reply counts as LLM-written when the generate stage ran on a model backend and the fact
    # check neither fell back to the template nor saw the backend fail.
    llm = 0
    if env.get("SUPPORTBOT_LLM__BACKEND", "inprocess") != "template":
        for r in rows:
            result = r.result or {}
            checks = result.get("verification") or {}
            if (
                "generate" in (result.get("stage_ms") or {})
                and not checks.get("fallback")
                and not checks.get("backend_error")
            ):
                llm += 1
    steady = (
        (len(finished) - 1) / max(1e-9, (finished[-1] - finished[0]).total_seconds()) * 3600
        if len(finished) > 1
        else 0.0
    )
    engine.dispose()
    return {
        "setup": name,
        "workers": workers,
        "threads_per_worker": threads,
        "tickets": n,
        "done": len(finished),
        "wall_s": round(wall_s, 1),
        "tickets_per_hour_wall": round(len(finished) / wall_s * 3600),
        "tickets_per_hour_steady": round(steady),
        "statuses": counts,
        "llm_replies": llm,
        "exactly_once": len(finished) == n
        and all(bot_messages.get(t, 0) == 1 for t in bot_messages)
        and len(bot_messages) == n,
        "timeline_s": [round((f - start).total_seconds(), 2) for f in finished],
    }


def plot(results: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    for r in results:
        ax.plot(
            r["timeline_s"],
            range(1, len(r["timeline_s"]) + 1),
            label=f"{r['setup']} ({r['workers']} worker(s))",
        )
    ax.set_xlabel("seconds since the workers started")
    ax.set_ylabel("tickets done")
    ax.set_title("worker throughput")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tickets", type=int, default=120)
    parser.add_argument("--setups", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--pg-workers", type=int, default=2)
    parser.add_argument("--backend", choices=["inprocess", "template", "vllm"], default=None)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per setup")
    parser.add_argument("--out", type=Path, default=Path("benchmark-results"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for setup in [s.strip() for s in args.setups.split(",") if s.strip()]:
        with tempfile.TemporaryDirectory(prefix=f"sb-bench-{setup}-") as tmp:
            env = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith("SUPPORTBOT_") or k in ("SUPPORTBOT_CONFIG",)
            }
            env["SUPPORTBOT_DATA_DIR"] = tmp
            env["SUPPORTBOT_LOGGING__LEVEL"] = "WARNING"
            if args.backend:
                env["SUPPORTBOT_LLM__BACKEND"] = args.backend
            if args.batch_size:
                env["SUPPORTBOT_WORKER__BATCH_SIZE"] = str(args.batch_size)
            for key in ("SUPPORTBOT_LLM__USE_ADAPTER", "SUPPORTBOT_LLM__ADAPTER_PATH"):
                if key in os.environ:
                    env[key] = os.environ[key]
            if setup == "sqlite":
                results.append(
                    run_setup("sqlite", f"sqlite:///{tmp}/bench.db", 1, args.tickets, env, args.timeout)
                )
            elif setup == "postgres":
                schema = f"sb_bench_{uuid.uuid4().hex[:8]}"
                admin = create_engine(args.pg_url)
                with admin.begin() as conn:
                    conn.execute(text(f'CREATE SCHEMA "{schema}"'))
                sep = "&" if "?" in args.pg_url else "?"
                url = f"{args.pg_url}{sep}options=-csearch_path%3D{schema}"
                try:
                    results.append(
                        run_setup("postgres", url, args.pg_workers, args.tickets, env, args.timeout)
                    )
                finally:
                    with admin.begin() as conn:
                        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                    admin.dispose()
            else:
                raise SystemExit(f"unknown setup {setup!r}")
        (args.out / "worker_throughput.json").write_text(json.dumps(results, indent=2))  # after each setup
    backend = args.backend or os.environ.get("SUPPORTBOT_LLM__BACKEND", "inprocess (default)")
    print(f"\nworker throughput — {args.tickets} tickets, backend {backend}, {os.cpu_count()} CPU cores")
    header = f"{'setup':10} {'workers':>7} {'wall s':>8} {'tickets/h (wall)':>17} {'tickets/h (steady)':>19} {'LLM replies':>12} {'exactly once':>13}  outcomes"
    print(header)
    print("-" * len(header))
    for r in results:
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(r["statuses"].items()))
        print(
            f"{r['setup']:10} {r['workers']:>7} {r['wall_s']:>8} {r['tickets_per_hour_wall']:>17,} "
            f"{r['tickets_per_hour_steady']:>19,} {r['llm_replies']:>12} {r['exactly_once']!s:>13}  {outcomes}"
        )
    plot(results, args.out / "worker_throughput.png")
    print(f"wrote {args.out / 'worker_throughput.json'} and {args.out / 'worker_throughput.png'}")


if __name__ == "__main__":
    main()
