"""A plain-text invoice of an order (fixed-width, for emails and chat)."""

from __future__ import annotations

from decimal import Decimal

from supportbot.db.models import Customer, Order, PaymentMethod
from supportbot.tools.views import one_line, order_total, payment_method_label, ship_address, when

WIDTH = 72


def _row(left: str, right: str) -> str:
    left = left if len(left) <= WIDTH - len(right) - 1 else left[: WIDTH - len(right) - 2] + "…"
    return f"{left}{' ' * (WIDTH - len(left) - len(right))}{right}"


def _date_time(order: Order) -> str:
    stamp = when(order.placed_at)
    return f"{stamp[:16].replace('T', ' ')} UTC" if stamp else "-"


def _amount(value: Decimal, currency: str) -> str:
    return f"{value:,.2f} {currency}"


def render_invoice(order: Order, customer: Customer, methods: dict[str, PaymentMethod], currency: str) -> str:
    lines = [
        _row(f"INVOICE {order.id}", f"placed {_date_time(order)}"),
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


LINES_PER_PAGE = 64


def render_invoice_pdf(text: str) -> bytes:
    """The text invoice as an A4 PDF (monospace, paginated), drawn with matplotlib's PDF backend."""
    import io

    from supportbot.lazy import require

    require("matplotlib", "PDF invoices").use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    lines = text.splitlines() or [""]
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": lines[0], "Creator": "supportbot"}) as pdf:
        for start in range(0, len(lines), LINES_PER_PAGE):
            page = Figure(figsize=(8.27, 11.69))
            page.text(
                0.06,
                0.95,
                "\n".join(lines[start : start + LINES_PER_PAGE]),
                family="monospace",
                fontsize=8.5,
                va="top",
                ha="left",
                linespacing=1.35,
            )
            pdf.savefig(page)
    return buffer.getvalue()
