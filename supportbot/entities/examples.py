"""Annotated examples: a text and its gold entity spans (type, start, end, value)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class GoldSpan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value: str


class Example(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    spans: list[GoldSpan] = Field(default_factory=list)
    source: str = Field(description="bitext | synthetic")
    group: str = Field(default="", description="Template or text group; splits never share one.")


def write_jsonl(path: Path, examples: Iterable[Example]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for ex in examples:
            fh.write(ex.model_dump_json() + "\n")
            count += 1
    return count


def read_jsonl(path: Path) -> list[Example]:
    with path.open(encoding="utf-8") as fh:
        return [Example.model_validate(json.loads(line)) for line in fh if line.strip()]
