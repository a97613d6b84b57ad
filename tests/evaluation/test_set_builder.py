"""The labelled set: deterministic, complete, and consistent with the demo shop and the policy."""

from __future__ import annotations

from collections import Counter

import pytest

from supportbot.errors import InputError
from supportbot.evaluation.eval_set import DEFAULT_SET, EvalTicket, load_eval_set
from supportbot.evaluation.set_builder import APPROVAL_AMOUNT, build_set
from supportbot.evaluation.shop_index import ShopIndex
from supportbot.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def built() -> list[EvalTicket]:
    return build_set()


def test_committed_set_is_what_the_builder_makes(built: list[EvalTicket]) -> None:
    committed = load_eval_set(DEFAULT_SET)
    assert [t.model_dump() for t in committed] == [t.model_dump() for t in built]


def test_size_and_coverage(built: list[EvalTicket]) -> None:
    assert len(built) >= 600
    labels = Counter(t.gold.intent for t in built)
    assert set(labels) == set(load_taxonomy().labels)
    tags = Counter(tag for t in built for tag in t.gold.tags)
    for tag in (
        "multi_request",
        "missing_order_id",
        "foreign_order",
        "policy_violation",
        "angry",
        "human_request",
        "prompt_injection",
        "non_english",
        "explicit_action",
        "needs_approval",
    ):
        assert tags[tag] >= 5, tag
    assert len({t.gold.language for t in built}) >= 5


def test_another_seed_gives_another_set() -> None:
    assert [t.body for t in build_set(7)] != [t.body for t in build_set()]


def test_gold_is_consistent_with_the_shop(built: list[EvalTicket]) -> None:
    shop = ShopIndex.load()
    emails = {c.email: c.id for c in shop.customers.values()}
    named: set[str] = set()
    for t in built:
        g = t.gold
        assert (emails.get(t.customer_email or "") == g.customer_id) or g.customer_id is None
        for exp in g.orders:
            assert exp.order_id not in named, f"{t.id}: order named twice"
            named.add(exp.order_id)
            order = shop.orders[exp.order_id]
            if exp.fields.get("status") == "cancelled" and order.status != "cancelled":
                assert order.status == "pending", f"{t.id}: only pending orders can be cancelled"
                assert order.customer_id == g.customer_id
            if exp.fields.get("status") == "return requested":
                assert order.status == "delivered"
        for e in g.entities:
            if e.type == "order_id":
                assert e.value in shop.orders and e.value.lstrip("#W") in t.body
        if "foreign_order" in g.tags:
            assert all(shop.orders[o.order_id].customer_id != g.customer_id for o in g.orders)
            assert g.should_escalate
        if "needs_approval" in g.tags:
            call = g.expected_calls[0]
            order = shop.orders[call.args["order_id"]]
            prices = {i["item_id"]: i["price"] for i in order.items}
            refund = sum(prices[i] for i in call.args["item_ids"]) if "item_ids" in call.args else order.total
            assert refund > APPROVAL_AMOUNT
            assert not call.may_succeed and g.should_escalate
        for call in g.expected_calls:
            if call.name in ("cancel_order", "modify_order_payment") and call.may_succeed:
                # these refund the order total: above the approval amount a human must approve
                assert shop.orders[call.args["order_id"]].total <= APPROVAL_AMOUNT
            if call.name == "return_items" and call.may_succeed:
                prices = {i["item_id"]: i["price"] for i in shop.orders[call.args["order_id"]].items}
                assert sum(prices[i] for i in call.args["item_ids"]) <= APPROVAL_AMOUNT


def test_bad_set_files_give_clear_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="no evaluation set"):
        load_eval_set(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1"):
        load_eval_set(bad)
    assert len(load_eval_set(DEFAULT_SET, limit=3)) == 3
