"""Ticket intake: validate incoming tickets and write them to the database queue.

A ticket enters as status ``queued`` with the customer's message as its first message; the worker
takes it from there. Ids are kept when given (so re-importing a file adds nothing twice) and
generated otherwise.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from supportbot.db.engine import session_scope
from supportbot.db.models import Customer, Ticket, TicketMessage, utcnow
from supportbot.errors import InputError

MAX_BODY_CHARS = 100_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """Lone surrogates (bytes that did not decode) as U+FFFD: every database can store the text."""
    return _SURROGATES.sub("\ufffd", text)


def is_email(value: str) -> bool:
    """Whether ``value`` looks like an e-mail address (what intake accepts as a sender)."""
    return len(value) <= 320 and bool(_EMAIL.match(value))


class NewTicket(BaseModel):
    """A ticket as it arrives (one JSONL line, CSV row or command line)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(default=None, min_length=1, max_length=64)
    customer_email: str | None = Field(default=None, max_length=320)
    subject: str | None = Field(default=None, max_length=500)
    body: str = Field(min_length=1, max_length=MAX_BODY_CHARS)
    channel: str = Field(default="email", pattern="^(email|chat|helpdesk|batch)$")

    @field_validator("subject", "body", mode="before")
    @classmethod
    def _storable_text(cls, value: object) -> object:
        """Text every database can store: NUL characters (PostgreSQL refuses them) become spaces,
        lone surrogates (undecodable bytes) become U+FFFD."""
        if isinstance(value, str):
            return replace_surrogates(value.replace("\x00", " "))
        return value

    @field_validator("customer_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not _EMAIL.match(value):
            raise ValueError(f"not an e-mail address: {value!r}")
        return value.lower()

    @field_validator("subject")
    @classmethod
    def _subject(cls, value: str | None) -> str | None:
        return value or None


def new_ticket_id() -> str:
    return f"tkt-{uuid.uuid4().hex[:16]}"


def parse_ticket(raw: dict[str, Any]) -> NewTicket:
    """Validate one raw record; raise :class:`InputError` naming the first problem."""
    if not isinstance(raw, dict):
        raise InputError("a ticket must be a JSON object")
    data = {k: v for k, v in raw.items() if v is not None or k == "customer_email"}
    try:
        return NewTicket.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "ticket"
        message = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
        raise InputError(f"{where}: {message}") from None


def customer_id_for(session: Session, email: str | None) -> str | None:
    if not email:
        return None
    return session.execute(select(Customer.id).where(Customer.email == email)).scalar_one_or_none()


def add_ticket(session: Session, ticket: NewTicket, *, status: str = "queued") -> Ticket | None:
    """Insert ``ticket`` with its first message; ``None`` when its id is already taken."""
    ticket_id = ticket.id or new_ticket_id()
    if session.get(Ticket, ticket_id) is not None:
        return None
    now = utcnow()
    row = Ticket(
        id=ticket_id,
        customer_email=ticket.customer_email,
        customer_id=customer_id_for(session, ticket.customer_email),
        subject=ticket.subject,
        body=ticket.body,
        channel=ticket.channel,
        status=status,
        attempts=0,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.add(
        TicketMessage(
            ticket_id=ticket_id,
            role="customer",
            author=ticket.customer_email,
            body=ticket.body,
            created_at=now,
        )
    )
    session.flush()
    return row


@dataclass
class ImportReport:
    added: int = 0
    duplicates: int = 0
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line or row number, reason)
    ids: list[str] = field(default_factory=list)


def read_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, record) pairs of a CSV or JSONL file; a bad line yields its error text."""
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "body" not in reader.fieldnames:
            raise InputError(f"{path}: a CSV file needs a header row with at least a 'body' column")
        for number, row in enumerate(reader, start=2):
            if None in row:
                yield number, "more values than columns"
                continue
            yield number, {k: (v if v != "" else None) for k, v in row.items()}
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"invalid JSON: {exc.msg} at column {exc.colno}"
            continue
        yield number, record if isinstance(record, dict) else "a ticket must be a JSON object"


def import_records(engine: Engine, records: Iterable[tuple[int, dict[str, Any] | str]]) -> ImportReport:
    """Write valid records to the queue (one transaction per 200); report duplicates and bad lines."""
    report = ImportReport()
    pending: list[NewTicket] = []

    def flush() -> None:
        with session_scope(engine) as session:
            seen: set[str] = set()
            for ticket in pending:
                if ticket.id and ticket.id in seen:
                    report.duplicates += 1
                    continue
                row = add_ticket(session, ticket)
                if row is None:
                    report.duplicates += 1
                else:
                    seen.add(row.id)
                    report.added += 1
                    report.ids.append(row.id)
        pending.clear()

    for number, record in records:
        if isinstance(record, str):
            report.invalid.append((number, record))
            continue
        try:
            pending.append(parse_ticket(record))
        except InputError as exc:
            report.invalid.append((number, exc.message))
            continue
        if len(pending) >= 200:
            flush()
    if pending:
        flush()
    return report
