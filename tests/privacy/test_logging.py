"""Log output carries no e-mails, phone numbers, card digits or addresses: a scan of the captured
output of every kind of record (message, %-args, extras, exceptions, text and JSON) finds none."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from supportbot.privacy import configure_logging, find_leaks
from supportbot.settings import load_settings

EMAIL = "noah.brown7922@example.com"
PHONE = "(303) 555-0147"
CARD = "4111 1111 1111 1111"
LAST_FOUR = "9212"
ADDRESS = "986 Sunset Drive"
UNIT = "Suite 259"
ZIP = "80279"
KNOWN = [EMAIL, PHONE, CARD, ADDRESS, UNIT, ZIP]


@pytest.fixture
def restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for h in list(root.handlers):
        root.removeHandler(h)
    for h in handlers:
        root.addHandler(h)
    root.setLevel(level)


def _emit_everything() -> None:
    log = logging.getLogger("supportbot.test")
    log.info("ticket from %s about order #W2611340", EMAIL)
    log.warning(f"customer phone {PHONE}, card {CARD}, visa ending in {LAST_FOUR}")
    log.info(
        "saving reply",
        extra={
            "ticket_id": "t-1",
            "customer_email": EMAIL,
            "body": f"ship to {ADDRESS}, {UNIT}, Denver, CO {ZIP}",
            "tool_args": {"address1": ADDRESS, "zip": ZIP, "order_id": "#W2611340"},
            "raw": f"{EMAIL}".encode(),
        },
    )
    try:
        raise ValueError(f"cannot parse {EMAIL} / {CARD}")
    except ValueError:
        log.exception("failure for %s", PHONE)
    log.info("bad args %s %s", EMAIL)  # a broken call must still be logged, masked
    log.info("x" * 100_000 + EMAIL)


def _scan(output: str) -> list[str]:
    leaks = find_leaks(output, KNOWN)
    if LAST_FOUR in output:
        leaks.append("card last four")
    return leaks


@pytest.mark.parametrize("json_logs", [True, False])
def test_log_output_has_no_pii(json_logs: bool, restore_root_logger: None) -> None:
    stream = io.StringIO()
    configure_logging(load_settings(logging={"json_logs": json_logs, "level": "DEBUG"}), stream=stream)
    _emit_everything()
    output = stream.getvalue()
    assert output.count("\n") >= 6
    assert _scan(output) == []
    assert "#W2611340" in output  # order ids stay readable
    if json_logs:
        lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
        assert {"ts", "level", "logger", "message"} <= set(lines[0])
        saving = next(line for line in lines if line["message"] == "saving reply")
        assert saving["ticket_id"] == "t-1"
        assert saving["tool_args"]["order_id"] == "#W2611340"
        assert any("exception" in line and "ValueError" in line["exception"] for line in lines)


def test_log_file_setting_and_idempotent_configuration(tmp_path: Path, restore_root_logger: None) -> None:
    path = tmp_path / "logs" / "supportbot.log"
    settings = load_settings(logging={"file": str(path)})
    configure_logging(settings)
    configure_logging(settings)  # twice: still one handler, no duplicate lines
    assert len(logging.getLogger().handlers) == 1
    logging.getLogger("supportbot.x").info("refund for %s", EMAIL)
    for h in logging.getLogger().handlers:
        h.flush()
    text = path.read_text()
    assert text.count("refund for") == 1
    assert _scan(text) == []


def test_level_from_settings(restore_root_logger: None) -> None:
    stream = io.StringIO()
    configure_logging(load_settings(logging={"level": "WARNING"}), stream=stream)
    logging.getLogger("supportbot.y").info("hidden")
    logging.getLogger("supportbot.y").warning("shown")
    assert "hidden" not in stream.getvalue() and "shown" in stream.getvalue()
