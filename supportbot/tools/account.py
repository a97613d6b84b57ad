"""Account tools: default address, password reset request, handoff to a human."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from sqlalchemy import select

from supportbot.db.models import Address, Handoff, PasswordResetRequest, Ticket
from supportbot.tools.args import ActionArgs, AddressFields
from supportbot.tools.results import ToolResult
from supportbot.tools.runtime import Runtime
from supportbot.tools.spec import tool
from supportbot.tools.views import address_view, one_line, when


class UpdateAddressArgs(ActionArgs, AddressFields):
    pass


@tool(UpdateAddressArgs, "account", acts=True, needs_consent=True)
def update_default_address(rt: Runtime, args: UpdateAddressArgs) -> ToolResult:
    """Change the customer's default address (existing orders keep their shipping address). Needs
    consent=True after the customer confirmed the full new address."""
    customer = rt.customer(lock=True)
    rt.check_replay()
    new = args.as_dict()
    current = customer.default_address
    old = address_view(current) if current else None
    if old == new:
        return rt.refuse("same_address", "That is already your default address.")
    action = {"action": "update_default_address", "old_address": old, "new_address": new}
    if gate := rt.gate(args, action, confirm=f"make {one_line(new)} your default address."):
        return gate
    if current is None:
        current = Address(is_default=True, **new)
        customer.addresses.append(current)
    else:
        for field, value in new.items():
            setattr(current, field, value)
    return rt.ok(f"Your default address is now {one_line(new)}.", old_address=old, new_address=new)


class PasswordResetArgs(ActionArgs):
    email: Annotated[
        str | None,
        Field(default=None, max_length=320, description="Optional; must be the sender's own email."),
    ]


@tool(PasswordResetArgs, "account", acts=True)
def start_password_reset(rt: Runtime, args: PasswordResetArgs) -> ToolResult:
    """Start a password reset for the sender's account: a reset link is emailed to the address on
    file. Never sends anything to another address."""
    customer = rt.customer(lock=True)
    rt.check_replay()
    if args.email and args.email.strip().lower() != customer.email.lower():
        return rt.not_owner()
    request = PasswordResetRequest(customer_id=customer.id, ticket_id=rt.ctx.ticket_id)
    rt.s.add(request)
    rt.s.flush()
    return rt.ok(
        "A password reset link is on its way to the email address on your account.", request_id=request.id
    )


class HandoffArgs(ActionArgs):
    reason: Annotated[
        str,
        Field(
            default="human_requested",
            min_length=1,
            max_length=64,
            description="Short reason code, e.g. 'human_requested'.",
        ),
    ]
    summary: Annotated[
        str, Field(default="", max_length=4000, description="What the customer needs, for the team.")
    ]


@tool(HandoffArgs, "account", acts=True, public=True)
def open_handoff(rt: Runtime, args: HandoffArgs) -> ToolResult:
    """Hand the ticket to a human agent (when the customer asks for one, or the request is outside
    what the tools can do). One open handoff per ticket."""
    ticket_id = rt.ctx.ticket_id
    if not ticket_id or rt.s.get(Ticket, ticket_id) is None:
        return ToolResult(
            tool="open_handoff",
            status="invalid",
            reason="no_ticket",
            message="A handoff needs a ticket that exists in the ticket table.",
        )
    rt.check_replay()
    existing = rt.s.scalars(
        select(Handoff).where(Handoff.ticket_id == ticket_id, Handoff.status.in_(("open", "claimed")))
    ).first()
    if existing is not None:
        return rt.ok(
            "A team member already has this ticket.",
            handoff_id=existing.id,
            status=existing.status,
            opened_at=when(existing.created_at),
        )
    handoff = Handoff(
        ticket_id=ticket_id,
        reason=args.reason,
        summary=args.summary,
        details={"customer_id": rt.ctx.customer_id, "opened_by": rt.ctx.actor},
    )
    rt.s.add(handoff)
    rt.s.flush()
    return rt.ok(
        "A team member will take over this ticket.",
        handoff_id=handoff.id,
        status=handoff.status,
        opened_at=when(handoff.created_at),
    )
