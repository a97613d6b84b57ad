"""Plan confidence: unsure labels whose plans agree, or that the order's status settles."""

from __future__ import annotations

from sqlalchemy import create_engine

from supportbot.agent.plan_choice import choose_plan, needs_status, owned_order_status, resolve
from supportbot.agent.plans import BY_STATUS, plan_for, plan_key
from supportbot.db.engine import create_db_engine

T = 0.98


def test_intents_with_the_same_lookup_share_a_plan() -> None:
    assert plan_key("track_order") == plan_key("delivery_delay")
    assert plan_key("track_refund") == plan_key("get_refund")
    assert plan_key("check_stock") == plan_key("price_inquiry")
    # different tools, different consent, or a different escalation: different plans
    assert plan_key("track_order") != plan_key("get_invoice")
    assert plan_key("cancel_order") != plan_key("return_item")
    assert plan_key("get_refund") != plan_key("double_charge")  # same lookup, but a human decides
    assert plan_key("check_refund_policy") != plan_key("check_cancellation_fee")  # store answers


def test_probabilities_of_one_plan_add_up() -> None:
    c = choose_plan([("delivery_delay", 0.9638), ("track_order", 0.0358), ("out_of_scope", 0.0001)],
                    order_status=None, threshold=T)  # fmt: skip
    assert c is not None and c["sure"] and c["intent"] == "delivery_delay"
    assert c["members"] == ["delivery_delay", "track_order"] and c["confidence"] == 0.9996
    assert "same plan" in c["reason"]


def test_different_plans_do_not_add_up() -> None:
    c = choose_plan(
        [("track_order", 0.90), ("get_invoice", 0.09), ("review", 0.01)], order_status=None, threshold=T
    )
    assert c is not None and not c["sure"] and c["intent"] == "track_order" and c["confidence"] == 0.9


def test_the_order_status_settles_siblings_by_the_store_policy() -> None:
    top = [("change_order", 0.81), ("exchange_item", 0.18), ("wrong_item", 0.01)]
    delivered = choose_plan(top, order_status="delivered", threshold=T)
    assert delivered is not None and delivered["sure"]
    assert delivered["intent"] == "exchange_item" and delivered["label"] == "change_order"
    assert "order is delivered" in delivered["reason"]
    pending = choose_plan(top, order_status="pending", threshold=T)
    assert pending is not None and pending["sure"] and pending["intent"] == "change_order"
    # a status the policy allows neither for: no merging, still unsure
    processed = choose_plan(top, order_status="processed", threshold=T)
    assert processed is not None and not processed["sure"] and processed["confidence"] == 0.81
    # without an order's status nothing is merged
    unknown = choose_plan(top, order_status=None, threshold=T)
    assert unknown is not None and not unknown["sure"]


def test_each_status_sibling_is_allowed_where_its_sibling_is_refused() -> None:
    for intent, by_status in BY_STATUS.items():
        for status, sibling in by_status.items():
            assert resolve(intent, status) == sibling and sibling != intent
            assert resolve(sibling, status) == sibling  # the allowed one stays itself
    assert resolve("cancel_order", "delivered") == "return_item"
    assert resolve("return_item", "pending") == "cancel_order"
    assert resolve("get_refund", "delivered") == "return_item"
    assert resolve("track_order", "delivered") == "track_order"
    assert needs_status([("cancel_order", 0.5)]) and not needs_status([("track_order", 0.5)])


def test_the_best_plan_wins_even_when_it_is_not_the_top_label() -> None:
    top = [("track_order", 0.40), ("cancel_order", 0.35), ("return_item", 0.25)]
    c = choose_plan(top, order_status="delivered", threshold=0.5)
    assert c is not None and c["intent"] == "return_item" and c["confidence"] == 0.6 and c["sure"]


def test_out_of_scope_and_empty_tops_choose_nothing() -> None:
    assert choose_plan([], order_status=None, threshold=T) is None
    assert choose_plan([("out_of_scope", 1.0)], order_status=None, threshold=T) is None
    c = choose_plan([("track_order", 0.97), ("out_of_scope", 0.03)], order_status=None, threshold=T)
    assert c is not None and not c["sure"]


def test_plan_keys_cover_every_plan_the_agent_can_make() -> None:
    from supportbot.taxonomy import load_taxonomy

    for intent in load_taxonomy().intents:
        assert plan_key(intent)  # plan_for never raises on a taxonomy intent
    p = plan_for(intent="return_item", order_id="#W1", product=None, customer_known=True,
                 explicit_request=False, ticket_id="t", text="")  # fmt: skip
    assert all(c["args"].get("consent") in (None, False) for c in p.calls)


def test_order_status_only_for_the_owner(sqlite_url: str) -> None:
    from supportbot.db.engine import session_scope
    from supportbot.db.models import Order

    engine = create_db_engine(sqlite_url)
    with session_scope(engine) as s:
        order = s.get(Order, "#W7303089")
        assert order is not None
        owner, status = order.customer_id, order.status
    assert owned_order_status(engine, "#W7303089", owner) == status == "delivered"
    assert owned_order_status(engine, "#W7303089", "someone_else") is None  # not theirs: nothing
    assert owned_order_status(engine, "#W0000000", owner) is None
    broken = create_engine("sqlite:////nonexistent/dir/x.db")  # the database cannot answer
    assert owned_order_status(broken, "#W7303089", owner) is None


def test_a_general_question_about_a_named_order_is_that_orders_question() -> None:
    top = [("get_invoice", 0.79), ("check_invoice", 0.2), ("out_of_scope", 0.01)]
    own = choose_plan(top, order_status="pending", threshold=T)
    assert own is not None and own["sure"] and own["intent"] == "get_invoice"
    assert own["members"] == ["get_invoice", "check_invoice"]
    # no order of the sender named: the store's general invoice answer is a different plan
    general = choose_plan(top, order_status=None, threshold=T)
    assert general is not None and not general["sure"]
    assert resolve("delivery_period", "processed") == "track_order"
    assert needs_status([("check_invoice", 0.5)])
