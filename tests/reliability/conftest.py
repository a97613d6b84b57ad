from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from supportbot.agent.runner import AgentRunner
from supportbot.data.hostile.cases import HostileCase, load_cases
from supportbot.db.engine import create_db_engine
from supportbot.settings import Settings, load_settings


@pytest.fixture(scope="session")
def hostile_cases() -> list[HostileCase]:
    return load_cases()


def reliability_settings(url: str, **overrides: Any) -> Settings:
    """Template replies (fast), small backoffs so retried tickets finish inside a test."""
    worker = {
        "backoff_base_s": 0.05,
        "backoff_max_s": 0.5,
        "poll_interval_s": 0.05,
        **overrides.pop("worker", {}),
    }
    llm = {"backend": "template", **overrides.pop("llm", {})}

    return load_settings(db={"url": url}, llm=llm, worker=worker, **overrides)


def make_runner(settings: Settings) -> AgentRunner:
    return AgentRunner(settings, create_db_engine(settings.database_url))


@pytest.fixture
def sqlite_runner(sqlite_url: str) -> Iterator[AgentRunner]:
    runner = make_runner(reliability_settings(sqlite_url))
    yield runner
    runner.close()
    runner.engine.dispose()


@pytest.fixture
def pg_runner(pg_url: str) -> Iterator[AgentRunner]:
    runner = make_runner(reliability_settings(pg_url))
    yield runner
    runner.close()
    runner.engine.dispose()
