"""Turn tool results into the compact facts a reply may quote (and the verifier checks against).

Short facts matter: the reply model is small and its prompt is bounded.
"""

from __future__ import annotations

from typing import Any

MAX_VARIANTS = 6
MAX_ORDERS = 5


def _order(data: dict[str, Any]) -> dict[str, Any]:
    order: dict[str, Any] = {k: data[k] for k in ("order_id", "status", "placed_at", "total") if k in data}
    if "items" in data:
        order["items"] = [
            {"name": i["name"], "options": i.get("options", {}), "price": i.get("price")}
            if isinstance(i, dict)
            else {"name": str(i)}
            for i in data["items"]
        ]
    return order


def _product(data: dict[str, Any]) -> dict[str, Any]:
    variants = [v for v in data.get("variants", []) if v.get("available")][:MAX_VARIANTS]
    product = {
        "name": data.get("name"),
        "available_variants": data.get("available_variants"),
        "price_min": data.get("price_min"),
        "price_max": data.get("price_max"),
        "variants": [{"options": v["options"], "price": v["price"], "available": True} for v in variants],
    }
    if "item" in data:
        product["item"] = data["item"]
    return product


def add_call_facts(facts: dict[str, Any], call: dict[str, Any]) -> dict[str, Any]:
    """``facts`` updated with what one executed tool call established."""
    name, data = call["name"], call.get("result") or {}
    out = dict(facts)
    if call["status"] != "ok":
        if name not in {"find_customer_by_email", "find_customer_by_name_zip"}:
            out["action"] = {"tool": name, "status": call["status"], "message": call.get("message", "")}
            out["action"].update(
                {k: v for k, v in data.items() if k in {"order_id", "amount", "refund", "details"}}
            )
        return out
    if name in {"get_order_details", "get_order_tracking", "get_refund_status", "get_invoice"}:
        out["order"] = {**out.get("order", {}), **_order(data)}
    if name == "get_order_tracking":
        out["tracking_ids"] = [t for s in data.get("shipments", []) for t in s.get("tracking_ids", [])]
        out["tracking_note"] = call.get("message", "")
    if name == "get_refund_status":
        out["refunds"] = [
            {
                "amount": r["amount"],
                "method": r.get("label"),
                "timing": r.get("timing"),
                "expected_by": r.get("expected_by"),
            }
            for r in data.get("refunds", [])
        ]
        out["refund_note"] = call.get("message", "")
        if data.get("return_requests"):
            out["return_requests"] = [
                {"kind": r["kind"], "status": r["status"]} for r in data["return_requests"]
            ]
    if name == "get_invoice":
        out["invoice"] = data.get("text", "")
    if name == "list_recent_orders":
        out["recent_orders"] = data.get("orders", [])[:MAX_ORDERS]
    if name == "get_product_info":
        out["product"] = _product(data) if "name" in data else {"matches": data.get("matches", [])}
    if call.get("args", {}).get("idempotency_key") or name == "start_password_reset":
        out["action"] = {"tool": name, "status": "ok", "message": call.get("message", "")}
        out["action"].update(
            {k: v for k, v in data.items() if k in {"order_id", "status", "refund", "amount"}}
        )
    return out


def _prompt_data(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The fields of one tool result the reply model sees, named as in its training data."""
    out: dict[str, Any] = {}
    if "order_id" in data:
        out["order_id"] = data["order_id"]
    if "status" in data:
        out["order_status"] = data["status"]
    if name == "get_order_tracking":
        out["tracking_ids"] = [t for s in data.get("shipments", []) for t in s.get("tracking_ids", [])]
    if isinstance(data.get("items"), list):
        out["items"] = [
            {"name": i["name"], "price": i.get("price")} if isinstance(i, dict) else {"name": str(i)}
            for i in data["items"][:10]
        ]
    for key in ("total", "amount", "refund", "new_address", "placed_at"):
        if key in data:
            out[key] = data[key]
    if name == "get_refund_status":
        out["refunds"] = [
            {"amount": r["amount"], "method": r.get("label"), "timing": r.get("timing")}
            for r in data.get("refunds", [])
        ]
    if name == "list_recent_orders":
        out["orders"] = [
            {"order_id": o["order_id"], "order_status": o["status"], "items": o.get("items", [])}
            for o in data.get("orders", [])[:MAX_ORDERS]
        ]
    if name == "get_product_info":
        out.update({k: v for k, v in _product(data).items() if v is not None} if "name" in data else data)
    if name == "get_invoice":
        out["invoice"] = data.get("text", "")
    return out


def prompt_facts(
    tool_calls: list[dict[str, Any]], facts: dict[str, Any], store: dict[str, Any] | None = None
) -> dict[str, Any]:
    """FACTS for the reply prompt: ``{tool: {status, message, ...}}`` for this turn's calls and,
    for store questions, the store profile and the answer: the shape the adapter was trained on."""
    out: dict[str, Any] = {}
    for call in tool_calls:
        if call["name"] in {"find_customer_by_email", "find_customer_by_name_zip"}:
            continue
        entry: dict[str, Any] = {"status": call["status"]}
        if call.get("message"):
            entry["message"] = call["message"]
        entry.update(_prompt_data(call["name"], call.get("result") or {}))
        out[call["name"]] = entry
    if "answer" in facts:
        out.update(store or {})
        out["answer"] = facts["answer"]
    for key in ("question", "saved_payment_methods"):
        if key in facts:
            out[key] = facts[key]
    if facts.get("action", {}).get("status") == "declined":
        out["review"] = facts["action"]
    return out
