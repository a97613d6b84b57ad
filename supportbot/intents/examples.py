"""A labelled training or evaluation example."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class LabeledExample(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    label: str
    # Examples that share a group come from the same core phrasing (or the same source row);
    # validation splits keep a group on one side so they measure generalisation to new phrasings.
    group: str
    source: str
