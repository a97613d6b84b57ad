from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.db.engine import get_engine, session_scope
from supportbot.db.models import Ticket
from supportbot.errors import InputError
from supportbot.settings import Settings

runner = CliRunner()


def test_add_from_options_and_from_stdin(demo_settings: Settings) -> None:
    result = runner.invoke(
        app,
        [
            "ticket",
            "add",
            "--from",
            "noah.brown7922@example.com",
            "--subject",
            "late",
            "--body",
            "Where is #W7678072?",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("queued tkt-")
    piped = runner.invoke(
        app,
        ["ticket", "add", "--from", "stranger@example.org", "--id", "mail-1"],
        input="Hello\nsecond line\n",
    )
    assert piped.exit_code == 0, piped.output
    assert "no customer with this e-mail" in piped.output
    with session_scope(get_engine(demo_settings)) as s:
        rows = {t.id: t for t in s.execute(select(Ticket)).scalars()}
        assert rows["mail-1"].body == "Hello\nsecond line" and rows["mail-1"].status == "queued"
        (other,) = [t for t in rows.values() if t.id != "mail-1"]
        assert other.customer_id == "noah_brown_6181" and other.subject == "late"
    duplicate = runner.invoke(app, ["ticket", "add", "--from", "a@b.co", "--id", "mail-1", "--body", "x"])
    assert isinstance(duplicate.exception, InputError)
    bad = runner.invoke(app, ["ticket", "add", "--from", "not an email", "--body", "x"])
    assert isinstance(bad.exception, InputError) and "e-mail" in bad.exception.message
    show = runner.invoke(app, ["ticket", "show", "mail-1"])
    assert show.exit_code == 0 and "second line" in show.output and "queued" in show.output


def test_import_jsonl_and_csv(sqlite_settings: Settings, tmp_path: Path) -> None:
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(
        "\n".join(
            [
                json.dumps({"id": "j1", "customer_email": "noah.brown7922@example.com", "body": "hi"}),
                "{oops",
                json.dumps({"id": "j2", "body": "yo"}),
            ]
        )
    )
    result = runner.invoke(app, ["ticket", "import", str(jsonl)])
    assert result.exit_code == 1  # one invalid line
    assert "queued 2 ticket(s); 0 already present; 1 invalid" in result.output
    assert f"{jsonl}:2: invalid JSON" in result.output
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(
        "id,customer_email,subject,body\nc1,noah.brown7922@example.com,Refund,Please refund\n"
    )
    ok = runner.invoke(app, ["ticket", "import", str(csv_file)])
    assert ok.exit_code == 0 and "queued 1 ticket(s)" in ok.output
    again = runner.invoke(app, ["ticket", "import", str(csv_file)])
    assert "queued 0 ticket(s); 1 already present" in again.output


def test_import_sample_tickets_file(sqlite_settings: Settings) -> None:
    from supportbot.paths import SAMPLE_TICKETS

    result = runner.invoke(app, ["ticket", "import", str(SAMPLE_TICKETS)])
    assert result.exit_code == 0, result.output
    count = len(SAMPLE_TICKETS.read_text().splitlines())
    assert 25 <= count <= 40 and f"queued {count} ticket(s)" in result.output
    with session_scope(get_engine(sqlite_settings)) as s:
        known = s.execute(select(Ticket).where(Ticket.customer_id.is_not(None))).scalars().all()
        assert len(known) >= count - 3  # all but the deliberate unknown / anonymous senders
