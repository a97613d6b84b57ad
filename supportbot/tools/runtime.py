"""What a tool function gets: the open transaction, the caller's identity and owned-record access.

Ownership is decided here and only here: every record is fetched *through the acting customer*,
so a foreign record and a missing one are the same ``None`` (and the same ``NotOwner`` result).
Rows that an action changes are locked (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite a no-op
write takes the database write lock) before their status is checked.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from supportbot.db.models import ActionResult, Customer, Order, PaymentMethod
from supportbot.tools.args import ActionArgs
from supportbot.tools.context import ToolContext
from supportbot.tools.results import NotOwner, PolicyRefusal, ToolResult
from supportbot.tools.spec import ToolSpec
from supportbot.tools.views import money, price


class Replay(Exception):
    """Raised inside a tool when its idempotency key already has a stored result."""

    def __init__(self, result: ToolResult) -> None:
        super().__init__(result.tool)
        self.result = result


class Runtime:
    def __init__(
        self, session: Session, ctx: ToolContext, spec: ToolSpec, key: str | None, target: str | None = None
    ) -> None:
        self.s = session
        self.target = target  # the order an action is about, if any
        self.ctx = ctx
        self.spec = spec
        self.key = key
        self.dialect = session.get_bind().dialect.name

    # ----------------------------------------------------------------- identity

    def price(self, value: Decimal | float | int) -> str:
        """An amount in the store's currency, as the customer reads it (``$202.13``)."""
        return price(value, self.ctx.settings.policy.currency)

    @property
    def customer_id(self) -> str:
        if self.ctx.customer_id is None:  # the runner refuses earlier; this is a guard
            raise PermissionError("no acting customer")
        return self.ctx.customer_id

    def customer(self, *, lock: bool = False) -> Customer:
        if lock:
            self._sqlite_write_lock("customers", self.customer_id)
        stmt = select(Customer).where(Customer.id == self.customer_id)
        customer = self.s.scalars(self._locked(stmt, lock)).one_or_none()
        if customer is None:
            raise PermissionError("acting customer does not exist")
        return customer

    def owned_order(self, order_id: str, *, lock: bool = False) -> Order | None:
        """The order if it is the acting customer's, else ``None`` (missing and foreign alike).

        With ``lock``: the row is locked for the rest of the transaction and the idempotency key is
        checked again, so a concurrent duplicate of this action replays instead of acting twice.
        """
        stmt = select(Order).where(Order.id == order_id, Order.customer_id == self.customer_id)
        if lock:
            self._sqlite_write_lock("orders", order_id)
        order = self.s.scalars(self._locked(stmt, lock)).one_or_none()
        if lock and order is not None:
            self.check_replay()
        return order

    def owned_payment_method(self, payment_method_id: str, *, lock: bool = False) -> PaymentMethod | None:
        stmt = select(PaymentMethod).where(
            PaymentMethod.id == payment_method_id, PaymentMethod.customer_id == self.customer_id
        )
        return self.s.scalars(self._locked(stmt, lock)).one_or_none()

    def _locked(self, stmt: Select[Any], lock: bool) -> Select[Any]:
        stmt = stmt.execution_options(populate_existing=True)
        return stmt.with_for_update() if lock and self.dialect == "postgresql" else stmt

    def _sqlite_write_lock(self, table: str, row_id: str) -> None:
        """SQLite has no row locks: a no-op UPDATE takes the database write lock until commit, so
        everything read after it is current and no other writer can interleave."""
        if self.dialect == "sqlite":
            column = "status" if table == "orders" else "email"
            self.s.execute(text(f"UPDATE {table} SET {column} = {column} WHERE id = :id"), {"id": row_id})

    # ----------------------------------------------------------------- idempotency

    def check_replay(self) -> None:
        """Raise :class:`Replay` if this action's idempotency key already has a result."""
        if not self.key:
            return
        stored = self.s.get(ActionResult, self.key, populate_existing=True)
        if stored is None:
            return
        if stored.action != self.spec.name:
            raise Replay(
                ToolResult(
                    tool=self.spec.name,
                    status="invalid",
                    reason="idempotency_key_reused",
                    message=f"This idempotency key was already used for {stored.action}; use a new key.",
                )
            )
        stored_target = (stored.result.get("data") or {}).get("order_id")
        if self.target and stored_target and stored_target != self.target:
            raise Replay(
                ToolResult(
                    tool=self.spec.name,
                    status="invalid",
                    reason="idempotency_key_reused",
                    message=f"This idempotency key was already used for order {stored_target}; use a new key.",
                )
            )
        result = ToolResult.model_validate(stored.result)
        raise Replay(result.model_copy(update={"replayed": True}))

    # ----------------------------------------------------------------- results

    def ok(self, message: str, **data: Any) -> ToolResult:
        return ToolResult(tool=self.spec.name, status="ok", message=message, data=data)

    def refuse(self, reason: str, message: str, **data: Any) -> ToolResult:
        return PolicyRefusal(tool=self.spec.name, reason=reason, message=message, data=data)

    def not_owner(self) -> ToolResult:
        return NotOwner(tool=self.spec.name)

    def not_found(self, message: str, **data: Any) -> ToolResult:
        return ToolResult(tool=self.spec.name, status="not_found", message=message, data=data)

    def gate(
        self, args: ActionArgs, action: dict[str, Any], *, confirm: str, refund: Decimal | None = None
    ) -> ToolResult | None:
        """Consent, then approval. ``None`` means the action may run now.

        ``confirm`` is the sentence the reply uses to ask the customer ("Cancel order #W... ?").
        """
        policy = self.ctx.settings.policy
        limit = Decimal(str(policy.approval_amount))
        approval_needed = (
            refund is not None
            and refund > limit
            and self.spec.name in policy.approval_required_for
            and not args.approved_by
        )
        if self.spec.needs_consent and not args.consent:
            return ToolResult(
                tool=self.spec.name,
                status="needs_consent",
                reason="confirmation_required",
                message=f"Please confirm: {confirm}",
                # whether a team member must also approve it after the customer's yes
                data={"action": action, "approval_needed": approval_needed},
            )
        if approval_needed and refund is not None:
            return ToolResult(
                tool=self.spec.name,
                status="needs_approval",
                reason="above_approval_amount",
                message=f"A refund of {self.price(refund)} is above {self.price(limit)}; "
                "a team member must approve it first.",
                data={"action": action, "amount": money(refund), "approval_amount": money(limit)},
            )
        return None
