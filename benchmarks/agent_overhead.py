"""Graph overhead per ticket: everything except the reply model (issue goal: P95 <= 20 ms).

Runs N realistic tickets from demo customers about their own orders through the compiled graph
on a fresh copy of the demo database, with the templated backend (so no LLM time is counted),
and prints P50/P95 per stage and for the whole turn, checkpoint writes included.

Wall time is what a customer waits; on a loaded machine it is noisy, so the process CPU time
(``time.thread_time``: the single-threaded graph's own work, not time spent waiting for a core)
is reported next to it, per stage and in total. ``--profile FILE`` writes a cProfile dump.

    python benchmarks/agent_overhead.py --tickets 300
"""

from __future__ import annotations

import argparse
import cProfile
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event
from tqdm import tqdm

from supportbot.agent.contract import TicketInput
from supportbot.agent.runner import AgentRunner
from supportbot.agent.timing import observe_stages
from supportbot.db.engine import create_db_engine
from supportbot.db.migrate import upgrade
from supportbot.db.seed import load_demo
from supportbot.paths import TAU_RETAIL_DIR
from supportbot.settings import load_settings

TEMPLATES = [
    "Hi, where is my order {oid}? Thanks",
    "Can you tell me the status of order {oid}?",
    "I want to return the items of order {oid}.",
    "Has the refund for {oid} been issued?",
    "Please send me the invoice for {oid}",
    "How long does standard delivery take?",
    "Which payment methods do you accept?",
    "Is the {product} available in other colours?",
    "I can't log in to my account, it says my account is locked.",
    "Where is my package?",
]


def make_tickets(n: int, seed: int) -> list[TicketInput]:
    rng = random.Random(seed)
    users = json.loads((TAU_RETAIL_DIR / "users.json").read_text())
    orders = json.loads((TAU_RETAIL_DIR / "orders.json").read_text())
    products = [p["name"] for p in json.loads((TAU_RETAIL_DIR / "products.json").read_text()).values()]
    order_list = list(orders.values())
    tickets = []
    for i in range(n):
        order = rng.choice(order_list)
        body = rng.choice(TEMPLATES).format(oid=order["order_id"], product=rng.choice(products))
        tickets.append(
            TicketInput(id=f"bench-{i}", customer_email=users[order["user_id"]]["email"], body=body)
        )
    return tickets


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_tickets(
    runner: AgentRunner, tickets: list[TicketInput]
) -> dict[str, tuple[list[float], list[float]]]:
    """Per stage (and ``TOTAL-LLM``): the wall and CPU milliseconds of each ticket."""
    stages: dict[str, tuple[list[float], list[float]]] = {}
    this_ticket: dict[str, list[float]] = {}

    def record(stage: str, wall_ms: float, cpu_ms: float) -> None:
        sums = this_ticket.setdefault(stage, [0.0, 0.0])
        sums[0] += wall_ms
        sums[1] += cpu_ms

    with observe_stages(record):
        for t in tqdm(tickets, desc="tickets", unit="ticket"):
            this_ticket.clear()
            start, cpu_start = time.perf_counter(), time.process_time()
            runner.run(t)
            wall, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu_start) * 1000
            generate = this_ticket.get("generate", [0.0, 0.0])
            this_ticket["TOTAL-LLM"] = [wall - generate[0], cpu - generate[1]]
            for stage, (w, c) in this_ticket.items():
                walls, cpus = stages.setdefault(stage, ([], []))
                walls.append(w)
                cpus.append(c)
    return stages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tickets", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", type=Path, default=None, help="write a cProfile dump of the run here")
    ap.add_argument(
        "--order-db-sync",
        choices=["FULL", "NORMAL"],
        default="FULL",
        help="SQLite synchronous mode of the order database (FULL as shipped; NORMAL shows what "
        "waiting for the disk flush of each tool's audit row costs)",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = create_db_engine(url)
        upgrade(engine)
        load_demo(engine)
        if args.order_db_sync != "FULL":
            engine.dispose()
            sync = f"PRAGMA synchronous={args.order_db_sync}"
            event.listen(engine, "connect", lambda conn, _record: conn.execute(sync))
        settings = load_settings(db={"url": url}, data_dir=Path(tmp), llm={"backend": "template"})
        runner = AgentRunner(settings, engine)
        runner.components.warm_up()
        runner.run(TicketInput(id="warm", customer_email=None, body="hello"))
        tickets = make_tickets(args.tickets, args.seed)
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        stages = run_tickets(runner, tickets)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        runner.close()
    print(
        f"\nGraph overhead over {args.tickets} tickets (templated replies; SQLite demo DB; "
        f"checkpoints on, durability={settings.agent.checkpoint_durability}; "
        f"order DB synchronous={args.order_db_sync})"
    )
    print(f"{'stage':<12} {'n':>5} {'wall P50':>9} {'wall P95':>9} {'CPU P50':>8} {'CPU P95':>8}   (ms)")
    total = stages.pop("TOTAL-LLM")
    for stage, (walls, cpus) in [*sorted(stages.items()), ("TOTAL-LLM", total)]:
        print(
            f"{stage:<12} {len(walls):>5} {statistics.median(walls):>9.2f} {pct(walls, 0.95):>9.2f} "
            f"{statistics.median(cpus):>8.2f} {pct(cpus, 0.95):>8.2f}"
        )


if __name__ == "__main__":
    main()
