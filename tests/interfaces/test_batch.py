from __future__ import annotations

import pytest
from sqlalchemy import func, select

from supportbot.db.engine import get_engine, session_scope
from supportbot.db.models import Handoff, Ticket
from supportbot.errors import ArtifactError
from supportbot.interfaces.batch import InvalidLine, process_items
from supportbot.settings import Settings

from .helpers import KeywordProcessor

OUTPUT_KEYS = {
    "id",
    "intent",
    "confidence",
    "entities",
    "tool_calls",
    "reply",
    "escalated",
    "escalation_reason",
    "language",
    "latency_ms",
}


def _records() -> list[object]:
    return [
        {"id": "1", "customer_email": "noah.brown7922@example.com", "subject": "hi", "body": "where is it"},
        {"id": "2", "customer_email": None, "subject": None, "body": "I want a human"},
        {"id": "3", "body": ""},
        InvalidLine("line 4: invalid JSON (Expecting value at column 1)"),
        ["not", "an", "object"],
        {"id": "1", "body": "duplicate id"},
        {"id": "7", "body": "hello", "priority": "high"},
        {"id": "8", "body": "explode"},
        {"id": "9", "body": "which one?"},
    ]


def test_one_output_per_input_in_order_with_errors(settings: Settings) -> None:
    s = settings.model_copy(update={"worker": settings.worker.model_copy(update={"batch_size": 3})})
    items = list(process_items(_records(), s, process=KeywordProcessor(fail_times=99), progress=False))
    lines = [line for line, _ in items]
    assert [line["id"] for line in lines] == ["1", "2", "3", None, None, "1", "7", "8", "9"]
    ok = [line for line in lines if "error" not in line]
    assert [line["id"] for line in ok] == ["1", "2", "9"]
    assert all(set(line) == OUTPUT_KEYS for line in ok)
    errors = {i: line["error"] for i, line in enumerate(lines) if "error" in line}
    assert "body" in errors[2] and "invalid JSON" in errors[3] and "not a JSON object" in errors[4]
    assert "duplicate" in errors[5] and "priority" in errors[6] and "boom" in errors[7]
    assert lines[1]["escalated"] and lines[1]["escalation_reason"] == "human_requested"


def test_installation_errors_stop_the_run(settings: Settings) -> None:
    def broken(_batch: list) -> list:  # type: ignore[type-arg]
        raise ArtifactError("no intent model")

    with pytest.raises(ArtifactError):
        list(
            process_items(
                [{"id": "1", "body": "x"}, {"id": "2", "body": "y"}], settings, process=broken, progress=False
            )
        )


def test_persist_records_tickets_and_handoffs(sqlite_url: str, settings: Settings) -> None:
    records = [
        {"id": "p1", "body": "where is it"},
        {"id": "p2", "body": "I want a human"},
        {"id": "p3", "body": "explode"},
    ]
    demo_settings = settings.model_copy(update={"db": settings.db.model_copy(update={"url": sqlite_url})})
    list(process_items(records, demo_settings, process=KeywordProcessor(), persist=True, progress=False))
    engine = get_engine(demo_settings)
    with session_scope(engine) as s:
        statuses = dict(s.execute(select(Ticket.id, Ticket.status)).all())  # type: ignore[arg-type]
        assert statuses == {"p1": "resolved", "p2": "escalated", "p3": "dead"}
        assert s.execute(select(func.count()).select_from(Handoff)).scalar_one() == 2
    again = list(
        process_items(records[:1], demo_settings, process=KeywordProcessor(), persist=True, progress=False)
    )
    assert "already in the database" in again[0][0]["error"]
