"""The registry contract: names, schemas, LangChain tools, argument validation, never raising,
the audit row of every call, and the CLI."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from supportbot.cli import app
from supportbot.db.engine import create_db_engine, session_scope
from supportbot.db.models import AuditLog, Order
from supportbot.settings import load_settings
from supportbot.tools.context import ToolContext
from supportbot.tools.registry import REGISTRY, TOOL_NAMES, as_langchain_tools, call_tool

EXPECTED = {
    "find_customer_by_email",
    "find_customer_by_name_zip",
    "get_order_details",
    "get_order_tracking",
    "get_refund_status",
    "get_invoice",
    "get_product_info",
    "list_recent_orders",
    "cancel_order",
    "modify_order_address",
    "modify_order_payment",
    "modify_order_items",
    "return_items",
    "exchange_items",
    "update_default_address",
    "start_password_reset",
    "open_handoff",
}


def test_registry_names_flags_and_schemas() -> None:
    assert set(REGISTRY) == set(TOOL_NAMES) == EXPECTED
    for spec in REGISTRY.values():
        schema = spec.args_model.model_json_schema()
        assert spec.description and schema["type"] == "object"
        assert schema.get("additionalProperties") is False, spec.name
        if spec.needs_consent:
            assert {"consent", "idempotency_key", "approved_by"} <= set(schema["properties"])
    assert {s.name for s in REGISTRY.values() if s.public} == {"get_product_info", "open_handoff"}
    consequential = {
        "cancel_order",
        "modify_order_address",
        "modify_order_payment",
        "modify_order_items",
        "return_items",
        "exchange_items",
        "update_default_address",
    }
    assert {s.name for s in REGISTRY.values() if s.needs_consent} == consequential


@pytest.fixture
def ctx(sqlite_url: str) -> ToolContext:
    engine = create_db_engine(sqlite_url)
    return ToolContext.for_sender(
        engine, "noah.brown7922@example.com", ticket_id="T-7", settings=load_settings()
    )


def test_order_id_forms_are_normalised(ctx: ToolContext) -> None:
    assert ctx.customer_id == "noah_brown_6181"
    named = ToolContext.for_sender(
        ctx.engine, "Noah Brown <Noah.Brown7922@Example.com>", settings=ctx.settings
    )
    assert named.customer_id == "noah_brown_6181"
    assert ToolContext.for_sender(ctx.engine, "not an email", settings=ctx.settings).customer_id is None
    for form in ("#W7678072", "W7678072", "w7678072", " # W 7678072 ", "7678072"):
        result = call_tool(ctx, "get_order_tracking", {"order_id": form})
        assert result.ok and result.data["order_id"] == "#W7678072", form


def test_bad_arguments_are_invalid_and_audited(ctx: ToolContext) -> None:
    cases = [
        ("get_order_details", {}),
        ("get_order_details", {"order_id": "12"}),
        ("get_order_details", {"order_id": "#W7678072", "customer_id": "someone_else"}),  # no such argument
        ("cancel_order", {"order_id": "#W7678072", "reason": "no longer needed", "consent": "maybe"}),
        (
            "modify_order_items",
            {
                "order_id": "#W7678072",
                "item_ids": ["1"],
                "new_item_ids": [],
                "payment_method_id": "paypal_5727330",
            },
        ),
        ("return_items", {"order_id": "#W7678072", "item_ids": [], "payment_method_id": "bitcoin"}),
        ("no_such_tool", {"x": 1}),
    ]
    for name, args in cases:
        result = call_tool(ctx, name, args)
        assert result.status == "invalid", (name, args)
        assert result.message
    assert call_tool(ctx, "get_order_details", ["#W7678072"]).status == "invalid"  # type: ignore[arg-type]
    with session_scope(ctx.engine) as s:
        rows = s.scalars(select(AuditLog).order_by(AuditLog.id)).all()
        assert len(rows) == len(cases) + 1
        assert {r.ok for r in rows} == {False}
        assert rows[2].args["customer_id"] == "someone_else" and rows[2].actor == "bot"


def test_never_raises_when_the_database_is_gone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = create_db_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no schema at all
    ctx = ToolContext(engine=engine, customer_id="noah_brown_6181", ticket_id="T-1", settings=load_settings())
    result = call_tool(ctx, "get_order_details", {"order_id": "#W7678072"})
    assert result.status == "error" and result.reason in {"tool_error", "database_unavailable"}
    bad_pg = create_db_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_timeout_s=1)
    down = call_tool(
        ToolContext(engine=bad_pg, customer_id="x", settings=load_settings()),
        "get_order_details",
        {"order_id": "#W7678072"},
    )
    assert down.status == "error" and down.reason == "database_unavailable"


def test_langchain_tools_hide_approval(ctx: ToolContext) -> None:
    tools = {t.name: t for t in as_langchain_tools(ctx)}
    assert set(tools) == EXPECTED
    cancel = tools["cancel_order"]
    assert "approved_by" not in cancel.args and "consent" in cancel.args
    out = tools["get_order_tracking"].invoke({"order_id": "W7678072"})
    assert out["status"] == "ok" and out["data"]["order_id"] == "#W7678072"
    with session_scope(ctx.engine) as s:
        pending = s.scalars(
            select(Order).where(Order.customer_id == ctx.customer_id, Order.status == "pending")
        ).first()
    if pending is not None:
        asked = cancel.invoke({"order_id": pending.id, "reason": "no longer needed"})
        assert asked["status"] == "needs_consent"
    approving = {t.name: t for t in as_langchain_tools(ctx, allow_approval=True)}
    assert "approved_by" in approving["cancel_order"].args


def test_cli_list_show_call(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from supportbot.settings import get_settings

    monkeypatch.setenv("SUPPORTBOT_DB__URL", sqlite_url)
    get_settings.cache_clear()
    runner = CliRunner()
    listed = runner.invoke(app, ["tools", "list"])
    assert listed.exit_code == 0 and "cancel_order" in listed.output and "17 tools" in listed.output
    shown = runner.invoke(app, ["tools", "show", "return_items"])
    assert shown.exit_code == 0 and '"payment_method_id"' in shown.output
    ok = runner.invoke(
        app,
        [
            "tools",
            "call",
            "get_order_tracking",
            "--as",
            "noah.brown7922@example.com",
            "--args",
            '{"order_id": "W7678072"}',
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["data"]["shipments"][0]["tracking_ids"] == ["517177699738"]
    foreign = runner.invoke(
        app,
        [
            "tools",
            "call",
            "get_order_tracking",
            "--as",
            "nobody@example.com",
            "--args",
            '{"order_id": "W7678072"}',
        ],
    )
    assert foreign.exit_code == 1 and json.loads(foreign.stdout)["status"] == "not_owner"
    audit = runner.invoke(app, ["tools", "audit", "--tool", "get_order_tracking"])
    assert audit.exit_code == 0 and audit.output.count("get_order_tracking") == 2
    assert "not_owner" in audit.output and "ok" in audit.output
    pdf = tmp_path / "invoice.pdf"
    invoice = runner.invoke(
        app, ["tools", "invoice", "W7678072", "--as", "noah.brown7922@example.com", "--pdf", str(pdf)]
    )
    assert invoice.exit_code == 0, invoice.output
    assert "INVOICE #W7678072" in invoice.output and "Net paid" in invoice.output
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF") and len(data) > 2000
    refused = runner.invoke(app, ["tools", "invoice", "W7678072", "--as", "nobody@example.com"])
    assert refused.exit_code != 0 and "your own account" in str(refused.exception)
    bad = runner.invoke(app, ["tools", "call", "get_order_tracking", "--args", "{oops"])
    assert bad.exit_code != 0 and "not valid JSON" in str(bad.exception or bad.output)


def test_control_characters_and_odd_forms_are_harmless(demo_engine) -> None:  # type: ignore[no-untyped-def]
    ctx = ToolContext.for_sender(
        demo_engine, "noah.brown7922@example.com", ticket_id="T-8", settings=load_settings()
    )
    product = call_tool(ctx, "get_product_info", {"product": "wat\x00er bottle"})
    assert product.ok and product.data["name"] == "Water Bottle"
    fullwidth = call_tool(ctx, "get_order_tracking", {"order_id": "＃Ｗ７６７８０７２"})
    assert fullwidth.ok and fullwidth.data["order_id"] == "#W7678072"
    invalid = call_tool(ctx, "get_order_tracking", {"order_id": "\x00", "junk\x00": "\x00" * 10})
    assert invalid.status == "invalid"
    with session_scope(demo_engine) as s:
        assert len(s.scalars(select(AuditLog).where(AuditLog.ticket_id == "T-8")).all()) == 3


def test_prices_read_as_customers_write_them() -> None:
    from decimal import Decimal

    from supportbot.tools.views import price

    assert price(Decimal("1234.5")) == "$1,234.50"
    assert price(3, "eur") == "€3.00"
    assert price(Decimal("10.007"), "CHF") == "10.01 CHF"  # no symbol known: the ISO code after
