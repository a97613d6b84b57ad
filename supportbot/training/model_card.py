"""The adapter's model card (README.md) and machine-readable training record (training.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CARD_TEMPLATE = """---
library_name: peft
base_model: {base_model_id}
tags: [lora, customer-support, supportbot]
license: apache-2.0
---

# supportbot reply adapter

LoRA adapter for the supportbot reply model, trained with `{command}`.

| | |
| --- | --- |
| base model | `{base_model}` ({base_model_id}) |
| trained on | {device}, {train_time_s:.0f} s, {tokens_per_s:.0f} training tokens/s |
| steps | {steps} optimizer steps, {examples_seen} examples seen of {train_examples} ({train_tokens} tokens/epoch) |
| data | {data_summary} |
| data sha256 | `{data_sha256}` |
| final train loss | {final_train_loss} |
| eval loss (first -> last) | {first_eval_loss} -> {last_eval_loss} |
| seed | {seed} |
| continued from | {continued_line} |
| created | {created} |

The prompt is `supportbot.llm.prompt.build_messages` (system + user with TICKET, CUSTOMER, INTENT,
TASK and FACTS); the loss covers the assistant reply only. Data: Bitext customer-support responses
(CDLA-Sharing-1.0) with every placeholder replaced by demo-shop values that also appear in FACTS,
plus synthetic tool-grounded replies over all 44 intents (successes, policy refusals, consent
questions, clarifying questions, handoffs), values from the tau-bench retail demo data (MIT).

![loss curve](loss_curve.png)

## Configuration

```yaml
{config_yaml}```

## Limitations

A 135M-parameter model: it can mis-copy a value or drift on long replies. supportbot fact-checks
every reply against the ticket and the tool results and falls back to a template when that fails.
"""


def write_model_card(directory: Path, record: dict[str, Any]) -> Path:
    import yaml

    (directory / "training.json").write_text(json.dumps(record, indent=2, sort_keys=True), encoding="utf-8")
    card = CARD_TEMPLATE.format(
        config_yaml=yaml.safe_dump(record["config"], sort_keys=False),
        continued_line=_continued_line(record.get("continued_from")),
        **record,
    )
    path = directory / "README.md"
    path.write_text(card, encoding="utf-8")
    return path


def _continued_line(parent: dict[str, Any] | None) -> str:
    """One table cell naming the adapter this run continued (and, recursively, its own parents)."""
    if not parent:
        return "- (a fresh LoRA)"
    cell = (
        f"`{parent.get('command') or parent['path']}` ({parent.get('steps')} steps, "
        f"{parent.get('examples_seen')} examples, {parent.get('train_time_s')} s, {parent.get('created')})"
    )
    if parent.get("continued_from"):
        cell += "; which continued " + _continued_line(parent["continued_from"])
    return cell
