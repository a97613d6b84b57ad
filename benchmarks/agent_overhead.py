"""Graph overhead per ticket: everything except the reply model (issue goal: P95 <= 20 ms).

Runs N realistic tickets from demo customers about their own orders through the compiled graph
on a fresh copy of the demo database, with the templated backend (so no LLM time is counted),
and prints P50/P95 per stage and for the whole turn, checkpoint writes included.

    python benchmarks/agent_overhead.py --tickets 300
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

from supportbot.agent.contract import TicketInput
from supportbot.agent.runner import AgentRunner
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tickets", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = create_db_engine(url)
        upgrade(engine)
        load_demo(engine)
        settings = load_settings(db={"url": url}, data_dir=Path(tmp), llm={"backend": "template"})
        runner = AgentRunner(settings, engine)
        runner.components.warm_up()
        runner.run(TicketInput(id="warm", customer_email=None, body="hello"))
        stages: dict[str, list[float]] = {}
        totals: list[float] = []
        for t in tqdm(make_tickets(args.tickets, args.seed), desc="tickets", unit="ticket"):
            start = time.perf_counter()
            outcome = runner.run(t)
            total = (time.perf_counter() - start) * 1000
            totals.append(total - outcome.stage_ms.get("generate", 0.0))
            for stage, ms in outcome.stage_ms.items():
                stages.setdefault(stage, []).append(ms)
        runner.close()
    print(f"\nGraph overhead over {args.tickets} tickets (templated replies; SQLite demo DB; checkpoints on)")
    print(f"{'stage':<12} {'n':>5} {'P50 ms':>8} {'P95 ms':>8}")
    for stage, values in sorted(stages.items()):
        print(f"{stage:<12} {len(values):>5} {statistics.median(values):>8.2f} {pct(values, 0.95):>8.2f}")
    print(f"{'TOTAL-LLM':<12} {len(totals):>5} {statistics.median(totals):>8.2f} {pct(totals, 0.95):>8.2f}")


if __name__ == "__main__":
    main()
