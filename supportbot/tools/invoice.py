"""A plain-text invoice of an order (fixed-width, for emails and chat)."""

from __future__ import annotations

from decimal import Decimal

from supportbot.db.models import Customer, Order, PaymentMethod
from supportbot.tools.views import one_line, order_total, payment_method_label, ship_address, when

WIDTH = 72


def _row(left: str, right: str) -> str:
    left = left if len(left) <= WIDTH - len(right) - 1 else left[: WIDTH - len(right) - 2] + "…"
    return f"{left}{' ' * (WIDTH - len(left) - len(right))}{right}"


def _amount(value: Decimal, currency: str) -> str:
    return f"{value:,.2f} {currency}"


def render_invoice(order: Order, customer: Customer, methods: dict[str, PaymentMethod], currency: str) -> str:
    lines = [
        _row(f"INVOICE {order.id}", f"placed {when(order.placed_at) or '-'}"),
        f"Status: {order.status}",
        f"Bill to: {customer.name} <{customer.email}>",
        f"Ship to: {one_line(ship_address(order))}",
        "-" * WIDTH,
    ]
    for item in order.items:
        options = ", ".join(f"{k}: {v}" for k, v in item.options.items())
        lines.append(_row(f"{item.name} ({item.item_id})", _amount(item.price, currency)))
        if options:
            lines.append(f"    {options}")
    total = order_total(order)
    lines += ["-" * WIDTH, _row("Total", _amount(total, currency))]
    net = Decimal(0)
    for p in order.payments:
        label = payment_method_label(methods.get(p.payment_method_id), p.payment_method_id)
        sign = Decimal(1) if p.kind == "payment" else Decimal(-1)
        net += sign * p.amount
        what = "Paid" if p.kind == "payment" else "Refunded"
        lines.append(
            _row(
                f"{what} with {label} on {(when(p.created_at) or '-')[:10]}",
                _amount(sign * p.amount, currency),
            )
        )
    lines.append(_row("Net paid", _amount(net, currency)))
    return "\n".join(lines)
