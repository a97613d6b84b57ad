"""Extract entities and check order ids against the database (ok / unknown / foreign)."""

from __future__ import annotations

from typing import Any

from supportbot.agent.components import Components
from supportbot.agent.state import AgentState
from supportbot.agent.timing import timed


@timed("extract")
def extract(state: AgentState, *, c: Components) -> dict[str, Any]:
    from supportbot.db.engine import session_scope
    from supportbot.entities.validate import validate_order_ids

    extraction = c.extractor.extract(state.get("text") or "")
    if extraction.of_type("order_id"):
        with session_scope(c.engine) as session:
            extraction = validate_order_ids(extraction, state.get("customer_id"), session)
    return {"entities": [e.model_dump() for e in extraction.entities]}
