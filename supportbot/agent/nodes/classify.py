"""Classify the intent; a follow-up turn that answers the bot's question keeps its intent."""

from __future__ import annotations

import re
from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.signals import is_confirmation, is_refusal
from supportbot.agent.state import AgentState
from supportbot.agent.text import request_text
from supportbot.agent.timing import timed

_ORDER_ID_HINT = re.compile(r"#?\b[Ww]?\d{7}\b")
FOLLOW_UP_MAX_CHARS = 300


def _follow_up_intent(state: AgentState) -> str | None:
    """The pending intent when this turn answers what the last turn asked for."""
    awaiting = state.get("awaiting") or {}
    text = state.get("text") or ""
    if not awaiting or len(text) > FOLLOW_UP_MAX_CHARS:
        return None
    what = awaiting.get("what")
    if what == "order_id" and _ORDER_ID_HINT.search(text):
        return awaiting.get("intent")
    if what == "confirmation" and (is_confirmation(text) or is_refusal(text)):
        return awaiting.get("intent")
    if what in {"details", "product"}:
        return awaiting.get("intent")
    return None


@timed("classify")
def classify(state: AgentState, *, c: Components) -> dict[str, Any]:
    # The model reads the request, not the greeting or the closing ("Good morning,", "Thank you!",
    # "- Anna Berg"): they only lower its confidence. Entities and signals still read the whole text.
    prediction = c.classifier.predict(request_text(state.get("text") or ""))
    update: dict[str, Any] = {
        "intent": prediction.intent,
        "confidence": float(prediction.confidence),
        "top_intents": [(name, float(p)) for name, p in prediction.top],
        "language": prediction.language,
        "low_confidence": prediction.low_confidence,
        "out_of_scope": prediction.out_of_scope,
    }
    follow_up = _follow_up_intent(state)
    if follow_up and prediction.language in (*c.settings.intents.supported_languages, "unknown"):
        update.update(intent=follow_up, confidence=1.0, low_confidence=False, out_of_scope=False)
    return update
