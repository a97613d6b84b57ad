"""End to end: the worker processes tickets full of personal data at DEBUG level, and a scan of
everything it wrote to stdout/stderr finds no e-mail, phone number, card digits or address."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from supportbot.db.engine import create_db_engine, session_scope
from supportbot.interfaces.intake import NewTicket, add_ticket
from supportbot.privacy import find_leaks

SECRETS = {
    "phone": "(303) 555-0147",
    "card": "4111 1111 1111 1111",
    "street": "986 Sunset Drive",
    "unit": "Suite 259",
    "zip": "80279",
    "other_email": "jane.doe.private@gmail.com",
}
SENDERS = ["noah.brown7922@example.com", "fatima.anderson1447@example.com", "nobody.known@example.org"]


@pytest.mark.slow
def test_worker_output_has_no_personal_data(sqlite_url: str, tmp_path: Path) -> None:
    engine = create_db_engine(sqlite_url)
    body = (
        f"Hi, call me at {SECRETS['phone']} or write to {SECRETS['other_email']}. My card "
        f"{SECRETS['card']} was charged twice. Ship to {SECRETS['street']}, {SECRETS['unit']}, "
        f"Denver, CO {SECRETS['zip']}. Where is my order #W7678072? Visa ending in 9212."
    )
    with session_scope(engine) as s:
        for i, sender in enumerate(SENDERS):
            add_ticket(
                s, NewTicket(id=f"pii-{i}", customer_email=sender, body=body, subject=f"help {sender}")
            )
        add_ticket(s, NewTicket(id="pii-bad", customer_email=SENDERS[0], body="\x00" + body * 50))
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
    env.update(
        SUPPORTBOT_CONFIG=str(tmp_path / "none.toml"),
        SUPPORTBOT_DATA_DIR=str(tmp_path / "data"),
        SUPPORTBOT_DB__URL=sqlite_url,
        SUPPORTBOT_LLM__BACKEND="template",
        SUPPORTBOT_LOGGING__LEVEL="DEBUG",
    )
    done = subprocess.run(
        [sys.executable, "-m", "supportbot", "worker", "--drain"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert "pii-0" in output or "ticket done" in output  # the worker did log its work
    leaks = find_leaks(output, [*SECRETS.values(), *SENDERS])
    if "9212" in output:
        leaks.append("card last four 9212")
    assert leaks == [], leaks
