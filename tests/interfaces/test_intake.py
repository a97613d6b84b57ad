from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from supportbot.db.engine import session_scope
from supportbot.db.models import Ticket, TicketMessage
from supportbot.errors import InputError
from supportbot.interfaces.intake import add_ticket, import_records, parse_ticket, read_records


def test_parse_rejects_bad_records() -> None:
    with pytest.raises(InputError, match="body"):
        parse_ticket({"customer_email": "a@b.co", "body": ""})
    with pytest.raises(InputError, match="e-mail"):
        parse_ticket({"customer_email": "not-an-address", "body": "hi"})
    with pytest.raises(InputError, match="unknown field"):
        parse_ticket({"body": "hi", "priority": 1})
    ticket = parse_ticket({"customer_email": " Noah.Brown7922@Example.com ", "body": " hello "})
    assert ticket.customer_email == "noah.brown7922@example.com"
    assert ticket.body == "hello"


def test_add_links_known_customer_and_first_message(demo_engine: Engine) -> None:
    with session_scope(demo_engine) as s:
        row = add_ticket(s, parse_ticket({"customer_email": "noah.brown7922@example.com", "body": "where?"}))
        assert row is not None and row.customer_id == "noah_brown_6181" and row.status == "queued"
        unknown = add_ticket(s, parse_ticket({"customer_email": "nobody@example.org", "body": "hi"}))
        assert unknown is not None and unknown.customer_id is None
    with session_scope(demo_engine) as s:
        messages = s.execute(select(TicketMessage).where(TicketMessage.ticket_id == row.id)).scalars().all()
        assert [(m.role, m.body) for m in messages] == [("customer", "where?")]


def test_import_jsonl_and_csv_reports_bad_lines_and_duplicates(tmp_path: Path, sqlite_url: str) -> None:
    from supportbot.db.engine import create_db_engine

    demo_engine = create_db_engine(sqlite_url)
    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text(
        json.dumps({"id": "a1", "customer_email": "noah.brown7922@example.com", "body": "one"})
        + "\n{not json\n"
        + json.dumps({"id": "a2", "body": ""})
        + "\n"
        + json.dumps({"id": "a1", "body": "dup"})
        + "\n"
    )
    report = import_records(demo_engine, read_records(jsonl))
    assert (report.added, report.duplicates) == (1, 1)
    assert [n for n, _ in report.invalid] == [2, 3]
    csv_file = tmp_path / "t.csv"
    csv_file.write_text('id,customer_email,subject,body\nc1,,Hello,"multi\nline body"\nc2,x@y.org,,second\n')
    report = import_records(demo_engine, read_records(csv_file))
    assert report.added == 2 and not report.invalid
    again = import_records(demo_engine, read_records(csv_file))
    assert (again.added, again.duplicates) == (0, 2)
    with session_scope(demo_engine) as s:
        c1 = s.get(Ticket, "c1")
        assert c1 is not None and c1.body == "multi\nline body" and c1.customer_email is None


def test_csv_without_body_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,text\n1,hello\n")
    with pytest.raises(InputError, match="body"):
        list(read_records(path))
