from __future__ import annotations

from typing import Any

import pytest

from supportbot.agent import routing
from supportbot.agent.state import AgentState
from supportbot.settings import Settings, load_settings


@pytest.fixture
def s() -> Settings:
    return load_settings()


def state(**kw: Any) -> AgentState:
    base: dict[str, Any] = {
        "intent": "track_order",
        "confidence": 0.9,
        "language": "en",
        "signals": {},
        "entities": [],
    }
    base.update(kw)
    return base  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("update", "reason"),
    [
        ({"intent": "contact_human_agent"}, "human_requested"),
        ({"signals": {"human_requested": True}}, "human_requested"),
        ({"signals": {"suspicious": True}}, "suspicious_request"),
        ({"language": "de"}, "unsupported_language"),
        ({"signals": {"angry": True}}, "angry_customer"),
        ({"out_of_scope": True}, "out_of_scope"),
        ({"low_confidence": True}, "low_confidence"),
        ({"entities": [{"type": "order_id", "value": "#W1", "flag": "foreign"}]}, "foreign_order"),
        ({"pending_action": {"tool": "return_items"}}, "needs_approval"),
        ({"tool_calls": [{"name": "x", "status": "error"}]}, "tool_error"),
        ({"planned_escalation": "policy_exception"}, "policy_exception"),
        ({"passed_on": [{"intent": "cancel_order"}]}, "multiple_requests"),
    ],
)
def test_each_escalation_reason(update: dict[str, Any], reason: str, s: Settings) -> None:
    assert routing.escalation_reason(state(**update), s) == reason


def test_no_reason_for_a_plain_ticket(s: Settings) -> None:
    assert routing.escalation_reason(state(), s) is None
    assert routing.after_split(state(), s) == "plan"


def test_anger_can_be_switched_off() -> None:
    s = load_settings(agent={"escalate_on_anger": False})
    assert routing.escalation_reason(state(signals={"angry": True}), s) is None


def test_verify_regenerates_once_then_falls_back_or_escalates(s: Settings) -> None:
    assert routing.after_verify(state(unsupported=[]), s) == "finalize"
    assert routing.after_verify(state(unsupported=["x"], attempts=1), s) == "respond"
    assert routing.after_verify(state(unsupported=["x"], attempts=2), s) == "finalize"
    strict = load_settings(agent={"on_verification_failure": "escalate"})
    assert routing.after_verify(state(unsupported=["x"], attempts=2), strict) == "escalate"
    assert routing.escalation_reason(state(unsupported=["x"]), strict) == "verification_failed"


def test_other_requests_are_answered_after_the_first_reply_is_verified(s: Settings) -> None:
    extra = [{"intent": "get_invoice", "order_id": "#W1"}]
    assert routing.after_verify(state(unsupported=[], extra_requests=extra), s) == "answer_extras"
    assert routing.after_verify(state(unsupported=["x"], attempts=1, extra_requests=extra), s) == "respond"
    assert (
        routing.after_verify(state(unsupported=["x"], attempts=2, extra_requests=extra), s) == "answer_extras"
    )
    strict = load_settings(agent={"on_verification_failure": "escalate"})
    assert (
        routing.after_verify(state(unsupported=["x"], attempts=2, extra_requests=extra), strict) == "escalate"
    )
    assert routing.after_extras(state(passed_on=[])) == "finalize"
    assert routing.after_extras(state(passed_on=extra)) == "escalate"


def test_plan_and_escalate_routes(s: Settings) -> None:
    assert routing.after_plan(state(plan=[{"tool": "x"}]), s) == "act"
    assert routing.after_plan(state(plan=[], planned_escalation="policy_exception"), s) == "escalate"
    assert routing.after_plan(state(plan=[]), s) == "respond"
    assert routing.after_escalate(state(pending_action={"tool": "x"})) == "await_approval"
    assert routing.after_escalate(state()) == "__end__"


def test_an_unsure_label_is_planned_but_escalates_unless_the_plan_is_sure(s: Settings) -> None:
    unsure = state(low_confidence=True)
    assert routing.after_split(unsure, s) == "plan"  # plan decides whether the plan is sure
    assert routing.after_plan({**unsure, "plan": []}, s) == "escalate"  # type: ignore[typeddict-item]
    rescued = state(low_confidence=False, plan=[{"tool": "get_order_tracking"}])
    assert routing.after_plan(rescued, s) == "act"
    foreign = state(low_confidence=True, entities=[{"type": "order_id", "value": "#W1", "flag": "foreign"}])
    assert routing.escalation_reason(foreign, s) == "low_confidence"  # priority unchanged
    sure_plan_foreign_order = {**foreign, "low_confidence": False, "plan": [{"tool": "x"}]}
    assert routing.after_plan(sure_plan_foreign_order, s) == "escalate"  # type: ignore[arg-type]
    assert routing.after_split(state(out_of_scope=True, low_confidence=True), s) == "escalate"


def test_account_request_for_another_email_is_suspicious(s: Settings) -> None:
    other = state(
        intent="recover_password",
        customer_email="noah@example.com",
        entities=[{"type": "email", "value": "jane@example.com"}],
    )
    assert routing.escalation_reason(other, s) == "suspicious_request"
    own = state(
        intent="recover_password",
        customer_email="noah@example.com",
        entities=[{"type": "email", "value": "Noah@example.com"}],
    )
    assert routing.escalation_reason(own, s) is None
