"""Build the labelled end-to-end set over the demo shop, from a seed.

Every ticket that names an order names its own order: no two tickets touch the same order, so
their effects on the database are independent and the expected final state of each order is
known from its ticket alone (the whole set runs once on one fresh demo database).

Gold behaviour follows ``supportbot/data/tau_retail/policy.md`` and the taxonomy:
- an explicit request for exactly one action on one of the sender's orders, allowed by the
  policy, is carried out (and the order's final state is checked);
- a question about an action, or an action that needs details the ticket lacks, gets a lookup
  and a confirmation question: nothing changes;
- an action the policy forbids (cancel a delivered order...) is refused: nothing changes;
- actions that refund more than the approval amount (a cancellation refunds the order total, a
  payment switch refunds the original method, a return refunds the items), requests for a human,
  angry customers, other customers' orders, unsupported languages, out-of-scope tickets and
  requests no tool can serve (formal complaints, account deletion, subscriptions, double charges,
  missing items) go to a human;
- where the policy does not decide (warranty questions mixed with claims, refused prompt
  injections) either outcome is accepted (``should_escalate: null``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from supportbot.evaluation import phrases as P
from supportbot.evaluation.eval_set import (
    CallSpec,
    CustomerExpectation,
    EvalTicket,
    ExpectedCall,
    Gold,
    GoldEntity,
    OrderExpectation,
    Tag,
)
from supportbot.evaluation.shop_index import ShopCustomer, ShopIndex, ShopOrder
from supportbot.taxonomy import load_taxonomy

DEFAULT_SEED = 1729
APPROVAL_AMOUNT = 500.0  # settings.policy.approval_amount default; the set is built for it

_STREETS = ["Maple Avenue", "Cedar Lane", "Lakeview Drive", "Hillcrest Road", "Pine Street", "Elm Court"]
_CITIES = [
    ("Austin", "TX", "787"),
    ("Portland", "OR", "972"),
    ("Columbus", "OH", "432"),
    ("Raleigh", "NC", "276"),
    ("Madison", "WI", "537"),
    ("Tucson", "AZ", "857"),
]


@dataclass
class _Draft:
    intent: str
    body: str
    customer: ShopCustomer | None
    email: str | None = None
    subject: str | None = None
    entities: list[tuple[str, str]] = field(default_factory=list)
    calls: list[ExpectedCall] = field(default_factory=list)
    should_escalate: bool | None = False
    reason: str | None = None
    acceptable: list[str] = field(default_factory=list)
    orders: list[OrderExpectation] = field(default_factory=list)
    customers: list[CustomerExpectation] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    secondary: list[str] = field(default_factory=list)
    language: str = "en"
    decorate: bool = True


def _call(
    name: str, may_succeed: bool = True, alts: list[CallSpec] | None = None, **args: Any
) -> ExpectedCall:
    return ExpectedCall(name=name, args=args, alternatives=alts or [], may_succeed=may_succeed)


def _spec(name: str, **args: Any) -> CallSpec:
    return CallSpec(name=name, args=args)


def _unchanged(order: ShopOrder) -> OrderExpectation:
    return OrderExpectation(order_id=order.id, fields={"status": order.status, "return_requests": []})


class SetBuilder:
    def __init__(self, seed: int = DEFAULT_SEED, shop: ShopIndex | None = None) -> None:
        self.rng = random.Random(seed)
        self.shop = shop or ShopIndex.load()
        self.drafts: list[_Draft] = []
        self.taxonomy = load_taxonomy()

    # ------------------------------------------------------------------ helpers

    def _oid_text(self, oid: str) -> str:
        r = self.rng.random()
        if r < 0.6:
            return oid
        if r < 0.9:
            return oid.lstrip("#")
        return oid.lower()

    def _unique_item(self, order: ShopOrder, max_price: float | None = None, min_price: float | None = None):
        names = [i["name"] for i in order.items]
        for item in order.items:
            if names.count(item["name"]) != 1:
                continue
            if max_price is not None and float(item["price"]) > max_price:
                continue
            if min_price is not None and float(item["price"]) <= min_price:
                continue
            return item
        return None

    def _take(self, status: str | None = None, pred: Callable[[ShopOrder], bool] | None = None) -> ShopOrder:
        return self.shop.take_order(self.rng, pred, status=status)

    def _new_address(self) -> tuple[str, dict[str, str]]:
        street = f"{self.rng.randint(10, 989)} {self.rng.choice(_STREETS)}"
        city, state, prefix = self.rng.choice(_CITIES)
        zip_code = f"{prefix}{self.rng.randint(10, 99)}"
        return f"{street}, {city}, {state} {zip_code}", {"address1": street, "zip": zip_code}

    def _fill(self, template: str, d: _Draft, **slots: Any) -> str:
        """Fill the template's slots and record the gold entities they carry."""
        values: dict[str, str] = {}
        for key, value in slots.items():
            if "{" + key + "}" not in template:
                continue
            if key in ("oid", "oid2", "foreign_oid"):
                values[key] = self._oid_text(value)
                if ("order " + "{" + key + "}") in template.lower() and self.rng.random() < 0.2:
                    values[key] = value.lstrip("#W")  # "order 2611340": digits only after "order"
                d.entities.append(("order_id", value))
            elif key == "product":
                values[key] = value.lower() if self.rng.random() < 0.5 else value
                d.entities.append(("product", value))
            elif key == "tracking":
                values[key] = value
                d.entities.append(("tracking_number", value))
            elif key == "amount":
                values[key] = f"${float(value):.2f}"
                d.entities.append(("amount", f"{float(value):.2f} USD"))
            elif key in ("email", "foreign_email"):
                values[key] = value
                d.entities.append(("email", value))
            else:
                values[key] = value
        for key in ("oid", "oid2", "foreign_oid", "product", "tracking", "email", "foreign_email"):
            values.setdefault(key, "")
        text = template.format(**{**{k: "" for k in slots}, **values})
        if "$500" in text:
            d.entities.append(("amount", "500.00 USD"))
        return text

    def _add(self, d: _Draft) -> None:
        self.drafts.append(d)

    # ------------------------------------------------------------------ order intents

    def order_lookups(self, per_intent: int = 12) -> None:
        plans: dict[str, tuple[str | None, Callable[[ShopOrder], ExpectedCall]]] = {
            "track_order": (
                None,
                lambda o: _call(
                    "get_order_tracking", alts=[_spec("get_order_details", order_id=o.id)], order_id=o.id
                ),
            ),
            "delivery_delay": (
                None,
                lambda o: _call(
                    "get_order_tracking", alts=[_spec("get_order_details", order_id=o.id)], order_id=o.id
                ),
            ),
            "missing_item": ("delivered", lambda o: _call("get_order_details", order_id=o.id)),
            "damaged_item": ("delivered", lambda o: _call("get_order_details", order_id=o.id)),
            "wrong_item": ("delivered", lambda o: _call("get_order_details", order_id=o.id)),
            "track_refund": (
                "cancelled",
                lambda o: _call(
                    "get_refund_status", alts=[_spec("get_order_details", order_id=o.id)], order_id=o.id
                ),
            ),
            "get_invoice": (None, lambda o: _call("get_invoice", order_id=o.id)),
            "double_charge": (
                None,
                lambda o: _call(
                    "get_order_details", alts=[_spec("get_refund_status", order_id=o.id)], order_id=o.id
                ),
            ),
            "get_refund": (
                "delivered",
                lambda o: _call(
                    "get_order_details",
                    alts=[_spec("get_refund_status", order_id=o.id), _spec("return_items", order_id=o.id)],
                    order_id=o.id,
                ),
            ),
        }
        for intent, (status, plan) in plans.items():
            templates = P.ORDER_PHRASES[intent]
            for k in range(max(per_intent, len(templates))):
                template = templates[k % len(templates)]
                needs_tracking = "{tracking}" in template
                if intent in ("track_order", "delivery_delay"):
                    wanted = {
                        "track_order": ("pending", "processed", "delivered"),
                        "delivery_delay": ("pending", "processed"),
                    }[intent]
                    if needs_tracking:
                        wanted = ("processed",)

                    def fits(o: ShopOrder, w: tuple[str, ...] = wanted, t: bool = needs_tracking) -> bool:
                        return o.status in w and (bool(o.tracking_ids) or not t)

                    order = self._take(pred=fits)
                elif intent == "get_refund":
                    order = self._take(status, pred=lambda o: o.total <= APPROVAL_AMOUNT)
                else:
                    order = self._take(status, pred=lambda o: self._unique_item(o) is not None)
                cust = self.shop.customer_of(order)
                item = self._unique_item(order)
                d = _Draft(intent=intent, body="", customer=cust)
                d.body = self._fill(
                    template,
                    d,
                    oid=order.id,
                    product=item["name"] if item else "",
                    tracking=order.tracking_ids[0] if order.tracking_ids else "",
                    amount=order.total,
                )
                d.calls = [plan(order)]
                d.orders = [_unchanged(order)]
                d.tags = ["standard"]
                if intent in ("double_charge", "missing_item"):
                    # No tool can reverse a charge or refund an item that never arrived.
                    d.should_escalate, d.reason = True, "policy_exception"
                    d.acceptable = ["policy_exception", "tool_error"]
                self._add(d)

    def cancellations(
        self, explicit: int = 14, ask: int = 6, violations: int = 12, approvals: int = 4
    ) -> None:
        # Cancelling refunds the order total: above the approval amount a human must approve.
        for k in range(explicit):
            order = self._take("pending", pred=lambda o: o.total <= APPROVAL_AMOUNT)
            reason = self.rng.choice(sorted(P.CANCEL_REASONS))
            words = self.rng.choice(P.CANCEL_REASONS[reason])
            d = _Draft(intent="cancel_order", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(
                P.CANCEL_EXPLICIT[k % len(P.CANCEL_EXPLICIT)],
                d,
                oid=order.id,
                reason=words,
                reason_sentence=words[0].upper() + words[1:] + ".",
            )
            d.calls = [_call("cancel_order", order_id=order.id, reason=reason)]
            d.orders = [OrderExpectation(order_id=order.id, fields={"status": "cancelled"})]
            d.tags = ["explicit_action"]
            self._add(d)
        for k in range(approvals):
            order = self._take("pending", pred=lambda o: o.total > APPROVAL_AMOUNT + 50)
            reason = self.rng.choice(sorted(P.CANCEL_REASONS))
            words = self.rng.choice(P.CANCEL_REASONS[reason])
            d = _Draft(intent="cancel_order", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(
                P.CANCEL_EXPLICIT[k % len(P.CANCEL_EXPLICIT)],
                d,
                oid=order.id,
                reason=words,
                reason_sentence=words[0].upper() + words[1:] + ".",
            )
            d.calls = [
                _call(
                    "cancel_order",
                    may_succeed=False,
                    alts=[_spec("get_order_details", order_id=order.id)],
                    order_id=order.id,
                )
            ]
            d.orders = [_unchanged(order)]
            d.should_escalate, d.reason, d.acceptable = True, "needs_approval", ["needs_approval"]
            d.tags = ["explicit_action", "needs_approval"]
            self._add(d)
        for k in range(ask):
            order = self._take("pending")
            d = _Draft(intent="cancel_order", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(P.CANCEL_ASK[k % len(P.CANCEL_ASK)], d, oid=order.id)
            d.calls = [
                _call("get_order_details", alts=[_spec("cancel_order", order_id=order.id)], order_id=order.id)
            ]
            d.orders = [_unchanged(order)]
            d.tags = ["needs_confirmation"]
            self._add(d)
        statuses = ["processed", "delivered", "cancelled"]
        for k in range(violations):
            order = self._take(statuses[k % 3])
            reason = self.rng.choice(sorted(P.CANCEL_REASONS))
            words = self.rng.choice(P.CANCEL_REASONS[reason])
            d = _Draft(intent="cancel_order", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(
                P.CANCEL_VIOLATION[k % len(P.CANCEL_VIOLATION)],
                d,
                oid=order.id,
                reason=words,
                reason_sentence=words[0].upper() + words[1:] + ".",
            )
            d.calls = [
                _call(
                    "cancel_order",
                    may_succeed=False,
                    alts=[_spec("get_order_details", order_id=order.id)],
                    order_id=order.id,
                )
            ]
            d.orders = [_unchanged(order)]
            d.tags = ["policy_violation"]
            self._add(d)

    def address_changes(self, explicit: int = 8, ask: int = 3, violations: int = 3) -> None:
        for k in range(explicit + violations):
            violation = k >= explicit
            order = self._take("delivered" if violation else "pending")
            text, parts = self._new_address()
            d = _Draft(intent="change_shipping_address", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(P.ADDRESS_EXPLICIT[k % len(P.ADDRESS_EXPLICIT)], d, oid=order.id, addr=text)
            if violation:
                d.calls = [
                    _call(
                        "modify_order_address",
                        may_succeed=False,
                        alts=[_spec("get_order_details", order_id=order.id)],
                        order_id=order.id,
                    )
                ]
                d.orders = [_unchanged(order)]
                d.tags = ["policy_violation"]
            else:
                d.calls = [_call("modify_order_address", order_id=order.id)]
                d.orders = [
                    OrderExpectation(
                        order_id=order.id,
                        fields={
                            "status": "pending",
                            "ship_address1": parts["address1"],
                            "ship_zip": parts["zip"],
                        },
                    )
                ]
                d.tags = ["explicit_action"]
            self._add(d)
        for k in range(ask):
            order = self._take("pending")
            d = _Draft(intent="change_shipping_address", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(P.ADDRESS_ASK[k % len(P.ADDRESS_ASK)], d, oid=order.id)
            d.calls = [
                _call(
                    "get_order_details",
                    alts=[_spec("modify_order_address", order_id=order.id)],
                    order_id=order.id,
                )
            ]
            d.orders = [
                OrderExpectation(
                    order_id=order.id, fields={"status": "pending", "ship_zip": order.address["zip"]}
                )
            ]
            d.tags = ["needs_confirmation"]
            self._add(d)

    def _other_method(self, order: ShopOrder) -> tuple[str, str] | None:
        cust = self.shop.customer_of(order)
        by_source: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for pm_id, pm in sorted(cust.payment_methods.items()):
            by_source.setdefault(pm["source"], []).append((pm_id, pm))
        for source, methods in sorted(by_source.items()):
            if len(methods) != 1:
                continue
            pm_id, pm = methods[0]
            if pm_id == order.payment_method:
                continue
            if source == "paypal":
                return pm_id, "my PayPal account"
            if source == "credit_card":
                return pm_id, f"my {pm.get('brand', 'credit')} card ending in {pm.get('last_four')}"
            if source == "gift_card" and float(pm.get("balance", 0)) >= order.total:
                return pm_id, "my gift card"
        return None

    def payment_changes(self, explicit: int = 8, ask: int = 3, violations: int = 2) -> None:
        for k in range(explicit + violations):
            violation = k >= explicit
            # Switching the payment refunds the original method: keep under the approval amount.
            order = self._take(
                "processed" if violation else "pending",
                pred=lambda o: self._other_method(o) is not None and o.total <= APPROVAL_AMOUNT,
            )
            method = self._other_method(order)
            assert method is not None
            pm_id, pm_text = method
            d = _Draft(intent="change_payment_method", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(P.PAYMENT_EXPLICIT[k % len(P.PAYMENT_EXPLICIT)], d, oid=order.id, pm=pm_text)
            if violation:
                d.calls = [
                    _call(
                        "modify_order_payment",
                        may_succeed=False,
                        alts=[_spec("get_order_details", order_id=order.id)],
                        order_id=order.id,
                    )
                ]
                d.orders = [
                    OrderExpectation(
                        order_id=order.id,
                        fields={"status": order.status, "payment_method": order.payment_method},
                    )
                ]
                d.tags = ["policy_violation"]
            else:
                d.calls = [_call("modify_order_payment", order_id=order.id, payment_method_id=pm_id)]
                d.orders = [
                    OrderExpectation(order_id=order.id, fields={"status": "pending", "payment_method": pm_id})
                ]
                d.tags = ["explicit_action"]
            self._add(d)
        for k in range(ask):
            order = self._take("pending")
            d = _Draft(intent="change_payment_method", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(P.PAYMENT_ASK[k % len(P.PAYMENT_ASK)], d, oid=order.id)
            d.calls = [
                _call(
                    "get_order_details",
                    alts=[_spec("modify_order_payment", order_id=order.id)],
                    order_id=order.id,
                )
            ]
            d.orders = [
                OrderExpectation(
                    order_id=order.id, fields={"status": "pending", "payment_method": order.payment_method}
                )
            ]
            d.tags = ["needs_confirmation"]
            self._add(d)

    def item_changes(self, n: int = 10, exchanges: int = 10) -> None:
        """Modify/exchange need the new variant and a payment method: the bot asks for them."""
        for intent, status, templates, tool, count in (
            ("change_order", "pending", P.CHANGE_ORDER, "modify_order_items", n),
            ("exchange_item", "delivered", P.EXCHANGE, "exchange_items", exchanges),
        ):
            for k in range(count):
                order = self._take(status, pred=lambda o: self._unique_item(o) is not None)
                item = self._unique_item(order)
                assert item is not None
                d = _Draft(intent=intent, body="", customer=self.shop.customer_of(order))
                d.body = self._fill(templates[k % len(templates)], d, oid=order.id, product=item["name"])
                # A tool attempt without the new variant and payment method must change nothing.
                d.calls = [
                    _call(
                        "get_order_details",
                        alts=[
                            _spec(tool, order_id=order.id),
                            _spec("get_product_info", product=item["name"]),
                        ],
                        order_id=order.id,
                    )
                ]
                d.orders = [
                    OrderExpectation(
                        order_id=order.id,
                        fields={"status": status, "item_ids": sorted(i["item_id"] for i in order.items)},
                    )
                ]
                d.tags = ["needs_confirmation"]
                self._add(d)

    def returns(self, explicit: int = 10, ask: int = 3, violations: int = 4, approvals: int = 6) -> None:
        for k in range(explicit):
            order = self._take("delivered", pred=lambda o: self._unique_item(o, max_price=400) is not None)
            item = self._unique_item(order, max_price=400)
            assert item is not None
            d = _Draft(intent="return_item", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(
                P.RETURN_EXPLICIT[k % len(P.RETURN_EXPLICIT)], d, oid=order.id, product=item["name"]
            )
            d.calls = [_call("return_items", order_id=order.id, item_ids=[item["item_id"]])]
            d.orders = [
                OrderExpectation(
                    order_id=order.id, fields={"status": "return requested", "return_requests": ["return"]}
                )
            ]
            d.tags = ["explicit_action"]
            self._add(d)
        for k in range(approvals):
            order = self._take(
                "delivered", pred=lambda o: self._unique_item(o, min_price=APPROVAL_AMOUNT + 50) is not None
            )
            item = self._unique_item(order, min_price=APPROVAL_AMOUNT + 50)
            assert item is not None
            d = _Draft(intent="return_item", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(
                P.RETURN_EXPLICIT[k % len(P.RETURN_EXPLICIT)], d, oid=order.id, product=item["name"]
            )
            d.calls = [
                _call(
                    "return_items",
                    may_succeed=False,
                    alts=[_spec("get_order_details", order_id=order.id)],
                    order_id=order.id,
                    item_ids=[item["item_id"]],
                )
            ]
            d.orders = [_unchanged(order)]
            d.should_escalate, d.reason, d.acceptable = True, "needs_approval", ["needs_approval"]
            d.tags = ["explicit_action", "needs_approval"]
            self._add(d)
        for k in range(ask):
            order = self._take("delivered", pred=lambda o: self._unique_item(o) is not None)
            item = self._unique_item(order)
            assert item is not None
            d = _Draft(intent="return_item", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(P.RETURN_ASK[k % len(P.RETURN_ASK)], d, oid=order.id, product=item["name"])
            d.calls = [
                _call("get_order_details", alts=[_spec("return_items", order_id=order.id)], order_id=order.id)
            ]
            d.orders = [_unchanged(order)]
            d.tags = ["needs_confirmation"]
            self._add(d)
        for k in range(violations):
            order = self._take("pending", pred=lambda o: self._unique_item(o, max_price=400) is not None)
            item = self._unique_item(order, max_price=400)
            assert item is not None
            d = _Draft(intent="return_item", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(
                P.RETURN_VIOLATION[k % len(P.RETURN_VIOLATION)], d, oid=order.id, product=item["name"]
            )
            d.calls = [
                _call(
                    "return_items",
                    may_succeed=False,
                    alts=[_spec("get_order_details", order_id=order.id)],
                    order_id=order.id,
                )
            ]
            d.orders = [_unchanged(order)]
            d.tags = ["policy_violation"]
            self._add(d)

    # ------------------------------------------------------------------ account and product

    def _sender(self) -> ShopCustomer:
        return self.shop.customers[self.rng.choice(sorted(self.shop.customers))]

    def products(self, per_intent: int = 10) -> None:
        names = self.shop.product_names()
        for intent, templates in P.PRODUCT_PHRASES.items():
            for k in range(per_intent):
                product = names[(k * 7 + len(intent)) % len(names)]
                d = _Draft(intent=intent, body="", customer=self._sender())
                d.body = self._fill(templates[k % len(templates)], d, product=product)
                d.calls = [_call("get_product_info", product=product)]
                d.tags = ["standard"]
                self._add(d)

    def account_actions(self, addresses: int = 8, resets: int = 8) -> None:
        for k in range(addresses):
            cust = self._sender()
            text, parts = self._new_address()
            d = _Draft(intent="set_up_shipping_address", body="", customer=cust)
            d.body = self._fill(P.DEFAULT_ADDRESS_EXPLICIT[k % len(P.DEFAULT_ADDRESS_EXPLICIT)], d, addr=text)
            d.calls = [_call("update_default_address")]
            d.customers = [
                CustomerExpectation(
                    customer_id=cust.id,
                    fields={"default_address1": parts["address1"], "default_zip": parts["zip"]},
                )
            ]
            d.tags = ["explicit_action"]
            self._add(d)
        for k in range(resets):
            cust = self._sender()
            d = _Draft(
                intent="recover_password", body=P.PASSWORD_PHRASES[k % len(P.PASSWORD_PHRASES)], customer=cust
            )
            d.calls = [_call("start_password_reset")]
            d.customers = [CustomerExpectation(customer_id=cust.id, fields={"password_resets": {"min": 1}})]
            d.tags = ["standard"]
            self._add(d)

    def information(self, per_intent: int = 10) -> None:
        names = self.shop.product_names()
        no_tool = {"cancel_subscription", "delete_account"}  # no tool can do it: a person must
        for intent, templates in P.INFO_PHRASES.items():
            for k in range(per_intent):
                cust = self._sender()
                d = _Draft(intent=intent, body="", customer=cust)
                d.body = self._fill(templates[k % len(templates)], d, product=self.rng.choice(names))
                d.tags = ["standard"]
                if intent == "contact_human_agent":
                    d.should_escalate, d.reason, d.acceptable = True, "human_requested", ["human_requested"]
                    d.tags = ["human_request"]
                elif intent in no_tool:
                    d.should_escalate, d.reason = True, "policy_exception"
                    d.acceptable = ["policy_exception", "out_of_scope", "low_confidence"]
                elif intent == "complaint":
                    # A formal complaint is no request a tool can resolve: a person takes it.
                    d.should_escalate, d.reason = True, "policy_exception"
                    d.acceptable = ["policy_exception", "human_requested", "angry_customer"]
                elif intent == "warranty_claim":
                    # The pool mixes warranty questions (answerable) and claims (a person decides).
                    d.should_escalate, d.reason = None, None
                    d.acceptable = ["policy_exception"]
                if k % 10 == 9 and d.should_escalate is False:
                    d.customer, d.email = None, self.shop.unknown_email(self.rng)
                    d.tags = ["unknown_sender"]
                self._add(d)

    def out_of_scope(self) -> None:
        for text in P.OUT_OF_SCOPE:
            d = _Draft(intent="out_of_scope", body=text, customer=self._sender(), decorate=False)
            d.should_escalate, d.reason = True, "out_of_scope"
            d.acceptable = ["out_of_scope", "low_confidence"]
            d.tags = ["standard"]
            self._add(d)

    # ------------------------------------------------------------------ hard cases

    def missing_ids(self) -> None:
        for intent, templates in P.NO_ORDER_ID_PHRASES.items():
            for template in templates:
                cust = self.shop.customers[
                    self.rng.choice(sorted(c.id for c in self.shop.customers.values() if c.order_ids))
                ]
                d = _Draft(intent=intent, body=template, customer=cust)
                d.tags = ["missing_order_id"]
                self._add(d)
                if len([x for x in self.drafts if "missing_order_id" in x.tags]) >= 20:
                    return

    def multi_requests(self, n: int = 20) -> None:
        names = self.shop.product_names()
        customers = sorted(
            (c for c in self.shop.customers.values() if len(c.order_ids) >= 2), key=lambda c: c.id
        )
        self.rng.shuffle(customers)
        plan_tool = {
            "track_order": "get_order_tracking",
            "get_invoice": "get_invoice",
            "track_refund": "get_refund_status",
        }
        made = 0
        for cust in customers:
            if made >= n:
                break
            primary, secondary, template = P.MULTI_REQUEST[made % len(P.MULTI_REQUEST)]
            free = [self.shop.orders[o] for o in cust.order_ids if o not in self.shop.used_orders]
            if primary == "track_refund":
                first = next((o for o in free if o.status == "cancelled"), None)
            else:
                first = next((o for o in free if o.status != "cancelled"), None)
            if first is None:
                continue
            second = next((o for o in free if o.id != first.id and o.status != "cancelled"), None)
            if second is None and "{oid2}" in template:
                continue
            self.shop.used_orders.add(first.id)
            if second is not None and "{oid2}" in template:
                self.shop.used_orders.add(second.id)
            product = self.rng.choice(names)
            d = _Draft(intent=primary, body="", customer=cust, secondary=[secondary])
            d.body = self._fill(template, d, oid=first.id, oid2=second.id if second else "", product=product)
            lookup_alt = [_spec("get_order_details", order_id=first.id)]
            d.calls = [_call(plan_tool[primary], alts=lookup_alt, order_id=first.id)]
            if secondary == "price_inquiry":
                d.calls.append(_call("get_product_info", product=product))
            else:
                assert second is not None
                d.calls.append(
                    _call(
                        plan_tool[secondary],
                        alts=[_spec("get_order_details", order_id=second.id)],
                        order_id=second.id,
                    )
                )
                d.orders.append(_unchanged(second))
            d.orders.insert(0, _unchanged(first))
            d.tags = ["multi_request"]
            self._add(d)
            made += 1

    def foreign_orders(self, n: int = 20) -> None:
        intents = sorted(P.FOREIGN_PHRASES)
        for k in range(n):
            intent = intents[k % len(intents)]
            order = self._take("pending")
            sender = self.shop.other_customer(self.rng, order.customer_id)
            text, _ = self._new_address()
            d = _Draft(intent=intent, body="", customer=sender)
            words = self.rng.choice(P.CANCEL_REASONS["ordered by mistake"])
            templates = P.FOREIGN_PHRASES[intent]
            d.body = self._fill(templates[k % len(templates)], d, oid=order.id, reason=words, addr=text)
            d.orders = [
                OrderExpectation(
                    order_id=order.id, fields={"status": "pending", "ship_zip": order.address["zip"]}
                )
            ]
            d.should_escalate, d.reason, d.acceptable = True, "foreign_order", ["foreign_order"]
            d.tags = ["foreign_order"]
            self._add(d)

    def angry(self) -> None:
        for intent, templates in P.ANGRY_PHRASES.items():
            for template in templates:
                for _ in range(2):
                    status = {"track_refund": "cancelled", "damaged_item": "delivered"}.get(intent)
                    pred = (lambda o: self._unique_item(o) is not None) if "{product}" in template else None
                    if intent in ("delivery_delay", "track_order"):
                        order = self._take(pred=lambda o: o.status in ("pending", "processed"))
                    else:
                        order = self._take(status, pred=pred)
                    item = self._unique_item(order)
                    d = _Draft(intent=intent, body="", customer=self.shop.customer_of(order))
                    d.body = self._fill(template, d, oid=order.id, product=item["name"] if item else "")
                    if "{oid}" in template:
                        d.orders = [_unchanged(order)]
                    else:
                        self.shop.used_orders.discard(order.id)
                    d.should_escalate, d.reason, d.acceptable = (
                        True,
                        "angry_customer",
                        ["angry_customer", "human_requested"],
                    )
                    d.tags = ["angry"]
                    self._add(d)
        for k, template in enumerate(P.HUMAN_REQUEST_MIXED * 3):
            order = self._take("processed" if k % 2 else "pending")
            d = _Draft(intent="contact_human_agent", body="", customer=self.shop.customer_of(order))
            d.body = self._fill(template, d, oid=order.id)
            d.orders = [_unchanged(order)]
            d.should_escalate, d.reason, d.acceptable = (
                True,
                "human_requested",
                ["human_requested", "angry_customer"],
            )
            d.tags = ["human_request"]
            self._add(d)

    def injections(self) -> None:
        for repeat in range(2):
            for intent, template in P.INJECTION_PHRASES:
                own = self._take("pending") if "{oid}" in template else None
                foreign = self._take("pending") if "{foreign_oid}" in template else None
                sender = self.shop.customer_of(own) if own else self._sender()
                victim = self.shop.other_customer(self.rng, sender.id)
                d = _Draft(intent=intent, body="", customer=sender)
                d.body = self._fill(
                    template,
                    d,
                    oid=own.id if own else "",
                    foreign_oid=foreign.id if foreign else "",
                    foreign_email=victim.email,
                )
                if own:
                    d.orders.append(_unchanged(own))
                if foreign:
                    d.orders.append(_unchanged(foreign))
                    d.should_escalate, d.reason = True, "foreign_order"
                    d.acceptable = ["foreign_order", "policy_exception", "low_confidence", "human_requested"]
                else:
                    d.should_escalate, d.reason = None, None
                    d.acceptable = [
                        "policy_exception",
                        "foreign_order",
                        "low_confidence",
                        "verification_failed",
                    ]
                d.tags = ["prompt_injection"]
                d.decorate = repeat == 1
                self._add(d)

    def non_english(self) -> None:
        names = self.shop.product_names()
        for intent, lang, template in P.FOREIGN_LANGUAGE:
            order = self._take("pending") if "{oid}" in template else None
            cust = self.shop.customer_of(order) if order else self._sender()
            d = _Draft(intent=intent, body="", customer=cust, language=lang, decorate=False)
            d.body = self._fill(template, d, oid=order.id if order else "", product=self.rng.choice(names))
            if order:
                d.orders = [_unchanged(order)]
            d.should_escalate, d.reason, d.acceptable = (
                True,
                "unsupported_language",
                ["unsupported_language", "low_confidence"],
            )
            d.tags = ["non_english"]
            self._add(d)

    def unknown_senders(self, n: int = 8) -> None:
        track = [t for t in P.ORDER_PHRASES["track_order"] if "{tracking}" not in t]
        templates = [("track_order", track), ("cancel_order", P.CANCEL_EXPLICIT)]
        for k in range(n):
            intent, pool = templates[k % 2]
            order = self._take("pending")
            d = _Draft(intent=intent, body="", customer=None, email=self.shop.unknown_email(self.rng))
            words = self.rng.choice(P.CANCEL_REASONS["no longer needed"])
            d.body = self._fill(
                pool[k % len(pool)], d, oid=order.id, reason=words, reason_sentence=words.capitalize() + "."
            )
            d.orders = [_unchanged(order)]
            d.should_escalate, d.reason = True, "unknown_customer"
            d.acceptable = ["unknown_customer", "foreign_order", "low_confidence"]
            d.tags = ["unknown_sender"]
            self._add(d)

    # ------------------------------------------------------------------ assembly

    def _decorate(self, d: _Draft) -> tuple[str | None, str]:
        body = d.body
        if not d.decorate:
            return None, body
        style = self.rng.random()
        if style < 0.1:
            body = body.lower()
        elif style < 0.18:
            body = body.rstrip(".!?")
        greeting = self.rng.choice(P.GREETINGS)
        if body.split(" ", 1)[0].rstrip(",").lower() in ("hi", "hello", "hey", "hola", "bonjour", "hallo"):
            greeting = ""
        signoff = self.rng.choice(P.SIGNOFFS)
        if d.customer and ("{name}" in signoff or "{first}" in signoff):
            signoff = signoff.format(name=d.customer.name, first=d.customer.first_name)
            person = d.customer.name if d.customer.name in signoff else d.customer.first_name
            d.entities.append(("person_name", person))
        else:
            signoff = signoff.split("\n\n")[0] if "{" in signoff else signoff
        subject = None
        if self.rng.random() < 0.5:
            if any(t == "order_id" for t, _ in d.entities) and self.rng.random() < 0.5:
                subject = self.rng.choice(P.SUBJECTS["order"][:3])
            else:
                subject = self.rng.choice(P.SUBJECTS["generic"])
        return subject, f"{greeting}{body}{signoff}"

    def build(self) -> list[EvalTicket]:
        self.order_lookups()
        self.cancellations()
        self.address_changes()
        self.payment_changes()
        self.item_changes()
        self.returns()
        self.products()
        self.account_actions()
        self.information()
        self.out_of_scope()
        self.missing_ids()
        self.multi_requests()
        self.foreign_orders()
        self.angry()
        self.injections()
        self.non_english()
        self.unknown_senders()
        tickets = []
        for n, d in enumerate(self.drafts, start=1):
            subject, body = self._decorate(d)
            email = d.email if d.customer is None else d.customer.email
            seen: set[tuple[str, str]] = set()
            entities = []
            for kind, value in d.entities:
                if value and (kind, value) not in seen:
                    seen.add((kind, value))
                    entities.append(GoldEntity(type=kind, value=value))
            tickets.append(
                EvalTicket(
                    id=f"e2e-{n:04d}",
                    customer_email=email,
                    subject=subject,
                    body=body,
                    gold=Gold(
                        intent=d.intent,
                        secondary_intents=d.secondary,
                        language=d.language,
                        customer_id=d.customer.id if d.customer else None,
                        entities=entities,
                        expected_calls=d.calls,
                        should_escalate=d.should_escalate,
                        escalation_reason=d.reason,
                        acceptable_reasons=d.acceptable or ([d.reason] if d.reason else []),
                        orders=d.orders,
                        customers=d.customers,
                        tags=d.tags,
                    ),
                )
            )
        self._check(tickets)
        return tickets

    def _check(self, tickets: list[EvalTicket]) -> None:
        labels = set(self.taxonomy.labels)
        for t in tickets:
            if t.gold.intent not in labels:
                raise ValueError(f"{t.id}: unknown intent {t.gold.intent}")
        covered = {t.gold.intent for t in tickets}
        missing = labels - covered
        if missing:
            raise ValueError(f"intents without tickets: {sorted(missing)}")
        named: dict[str, str] = {}
        for t in tickets:
            for o in t.gold.orders:
                if o.order_id in named:
                    raise ValueError(f"order {o.order_id} named by {named[o.order_id]} and {t.id}")
                named[o.order_id] = t.id


def build_set(seed: int = DEFAULT_SEED) -> list[EvalTicket]:
    """The labelled set for ``seed`` (the committed file is ``build_set(DEFAULT_SEED)``)."""
    return SetBuilder(seed).build()
