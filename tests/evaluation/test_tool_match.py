"""Tool-call accuracy on hand-made cases."""

from __future__ import annotations

from supportbot.evaluation.eval_set import CallSpec, ExpectedCall
from supportbot.evaluation.tool_match import norm_arg, tool_calls_correct

CANCEL = ExpectedCall(name="cancel_order", args={"order_id": "#W2611340", "reason": "ordered by mistake"})


def call(name: str, ok: bool = True, **args: object) -> dict[str, object]:
    return {"name": name, "args": args, "ok": ok}


def test_expected_call_with_extra_args_and_lookups_is_correct() -> None:
    actual = [
        call("find_customer_by_email", email="a@example.com"),
        call("cancel_order", order_id="W2611340", reason="Ordered by mistake", consent=True),
    ]
    assert tool_calls_correct([CANCEL], actual) == (True, "")


def test_wrong_order_id_fails() -> None:
    ok, why = tool_calls_correct(
        [CANCEL], [call("cancel_order", order_id="#W2611341", reason="ordered by mistake")]
    )
    assert not ok and "missing cancel_order" in why


def test_missing_call_fails_and_no_calls_fail() -> None:
    assert not tool_calls_correct([CANCEL], [])[0]
    assert not tool_calls_correct([CANCEL], [call("get_order_details", order_id="#W2611340")])[0]


def test_unexpected_successful_action_fails_but_refused_attempt_does_not() -> None:
    lookup = ExpectedCall(name="get_order_tracking", args={"order_id": "#W1"})
    base = [call("get_order_tracking", order_id="#W1")]
    assert tool_calls_correct([lookup], base)[0]
    refused = [*base, call("cancel_order", ok=False, order_id="#W1")]
    assert tool_calls_correct([lookup], refused)[0]
    done = [*base, call("cancel_order", ok=True, order_id="#W1")]
    ok, why = tool_calls_correct([lookup], done)
    assert not ok and "unexpected cancel_order" in why


def test_alternative_satisfies_but_a_forbidden_success_fails() -> None:
    exp = ExpectedCall(
        name="cancel_order",
        args={"order_id": "#W9"},
        may_succeed=False,
        alternatives=[CallSpec(name="get_order_details", args={"order_id": "#W9"})],
    )
    assert not tool_calls_correct([exp], [call("get_order_details", order_id="#W8")])[0]
    assert tool_calls_correct([exp], [call("get_order_details", order_id="#W9")])[0]
    assert tool_calls_correct([exp], [call("cancel_order", ok=False, order_id="#W9")])[0]
    assert not tool_calls_correct([exp], [call("cancel_order", ok=True, order_id="#W9")])[0]


def test_no_expectation_passes_without_actions() -> None:
    assert tool_calls_correct([], [call("list_recent_orders"), call("open_handoff", reason="x")])[0]
    assert not tool_calls_correct([], [call("start_password_reset")])[0]


def test_norm_arg() -> None:
    assert norm_arg("w2611340") == "#W2611340"
    assert norm_arg(["2", "1"]) == norm_arg(("1", "2"))
    assert norm_arg("  Water  Bottle ") == "water bottle"
