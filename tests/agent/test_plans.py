from __future__ import annotations

from supportbot.agent.plans import INFO_INTENTS, plan_for
from supportbot.agent.store import load_store_profile
from supportbot.taxonomy import load_taxonomy


def _plan(intent: str, **kw):  # type: ignore[no-untyped-def]
    args = {
        "order_id": "#W2611340",
        "product": None,
        "customer_known": True,
        "explicit_request": True,
        "ticket_id": "t1",
        "text": "",
    }
    args.update(kw)
    return plan_for(intent=intent, **args)


def test_every_intent_has_a_plan_and_info_intents_have_answers() -> None:
    store = load_store_profile()
    for name in load_taxonomy().names:
        p = _plan(name)
        assert p.kind in {"resolve", "clarify", "refuse", "handoff", "confirm", "inform"}
        if name in INFO_INTENTS:
            assert store.answer(name), name


def test_missing_order_id_asks_with_recent_orders() -> None:
    p = _plan("track_order", order_id=None)
    assert p.calls == [{"tool": "list_recent_orders", "args": {}}]
    assert p.kind == "clarify" and p.awaiting == {
        "what": "order_id",
        "intent": "track_order",
        "order_id": None,
    }


def test_cancel_carries_consent_reason_and_idempotency_key() -> None:
    call = _plan("cancel_order", text="ordered it by mistake").calls[0]
    assert call["tool"] == "cancel_order"
    assert call["args"] == {
        "order_id": "#W2611340",
        "reason": "ordered by mistake",
        "consent": True,
        "idempotency_key": "t1:cancel_order:#W2611340",
    }
    assert _plan("cancel_order", explicit_request=False).calls[0]["args"]["consent"] is False


def test_unknown_sender_cannot_act_on_orders() -> None:
    p = _plan("cancel_order", customer_known=False)
    assert p.calls == [] and p.escalate == "unknown_customer"


def test_damaged_item_proposes_a_return_without_consent() -> None:
    p = _plan("damaged_item")
    assert [c["tool"] for c in p.calls] == ["get_order_details", "return_items"]
    assert p.calls[1]["args"]["consent"] is False
