from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from supportbot.agent.nodes.verify import verify
from supportbot.agent.runner import AgentRunner
from tests.agent.test_graph import make_runner


@pytest.fixture
def runner(sqlite_url: str) -> Iterator[AgentRunner]:
    r = make_runner(sqlite_url)
    yield r
    r.close()


def state(reply: str) -> dict[str, Any]:
    return {"reply": reply, "text": "Where is W6711349?", "intent": "track_order", "reply_kind": "inform"}


def test_the_shops_own_phone_number_is_grounded_an_invented_one_is_not(runner: AgentRunner) -> None:
    ok = verify(state("Hi, you can call us at +1 (555) 010-4477 any weekday."), c=runner.components)  # type: ignore[arg-type]
    assert ok["unsupported"] == []
    bad = verify(state("Hi, you can call us at +1 (111) 6711349 any weekday."), c=runner.components)  # type: ignore[arg-type]
    assert bad["unsupported"] == ["number +1 (111) 6711349"]
    assert bad["verification"]["failed"] == 1
