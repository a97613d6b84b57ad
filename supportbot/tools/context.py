"""Who is acting, on which ticket, against which database: the only source of identity for tools.

The acting customer comes from the ticket's sender identity (resolved by :meth:`ToolContext.for_sender`),
never from text inside the ticket or from tool arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.utils import parseaddr

from sqlalchemy import Engine, func, select

from supportbot.db.engine import session_scope
from supportbot.db.models import Customer
from supportbot.settings import Settings, get_settings


@dataclass(frozen=True)
class ToolContext:
    """Everything a tool call may rely on besides its arguments.

    ``customer_id`` is the verified sender (``None``: unknown sender, public lookups only);
    ``actor`` is recorded in the audit log ("bot", "cli", "reviewer:<name>", ...).
    """

    engine: Engine
    customer_id: str | None
    ticket_id: str | None = None
    actor: str = "bot"
    settings: Settings = field(default_factory=get_settings)

    @classmethod
    def for_sender(
        cls,
        engine: Engine,
        email: str | None,
        *,
        ticket_id: str | None = None,
        actor: str = "bot",
        settings: Settings | None = None,
    ) -> ToolContext:
        """The context for a ticket sent from ``email`` (unknown or missing email: no customer)."""
        return cls(
            engine=engine,
            customer_id=customer_id_for_email(engine, email),
            ticket_id=ticket_id,
            actor=actor,
            settings=settings or get_settings(),
        )


def customer_id_for_email(engine: Engine, email: str | None) -> str | None:
    """The id of the customer with this email (case-insensitive; ``'Name <a@b>'`` accepted), or ``None``."""
    address = parseaddr(email or "")[1].strip().lower()
    if not address or "@" not in address:
        return None
    with session_scope(engine) as s:
        return s.scalar(select(Customer.id).where(func.lower(Customer.email) == address))
