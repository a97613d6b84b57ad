"""A worker process for the SIGTERM test: ``python -m tests.interfaces.sigterm_worker DB_URL``."""

from __future__ import annotations

import os
import sys
import time

from supportbot.agent.contract import TicketInput, TicketOutcome
from supportbot.db.engine import create_db_engine
from supportbot.interfaces.worker import Worker
from supportbot.settings import load_settings
from tests.interfaces.helpers import KeywordProcessor

processor = KeywordProcessor()


def slow(batch: list[TicketInput]) -> list[TicketOutcome]:
    time.sleep(float(os.environ.get("SIGTERM_WORKER_SLEEP", "0.3")))
    return processor(batch)


if __name__ == "__main__":
    settings = load_settings()
    settings = settings.model_copy(update={"worker": settings.worker.model_copy(update={"batch_size": 2})})
    worker = Worker(create_db_engine(sys.argv[1]), settings, slow)
    worker.install_signal_handlers()
    print("ready", flush=True)
    stats = worker.run()
    print("stopped", stats.processed, flush=True)
