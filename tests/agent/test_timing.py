from __future__ import annotations

from typing import Any

from supportbot.agent.timing import observe_stages, timed


@timed("demo")
def node(x: int) -> dict[str, Any]:
    return {"value": sum(range(x)), "stage_ms": {"earlier": 1.0}}


def test_timed_node_reports_wall_ms_and_observers_get_wall_and_cpu() -> None:
    seen: list[tuple[str, float, float]] = []
    with observe_stages(lambda stage, wall, cpu: seen.append((stage, wall, cpu))):
        update = node(200_000)
    node(10)  # outside the block: not observed
    assert update["value"] == sum(range(200_000))
    assert set(update["stage_ms"]) == {"earlier", "demo"} and update["stage_ms"]["demo"] > 0
    assert len(seen) == 1 and seen[0][0] == "demo"
    assert seen[0][1] > 0 and seen[0][2] > 0
