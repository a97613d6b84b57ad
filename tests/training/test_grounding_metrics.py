"""The independent grounding check and the text metrics used by 'supportbot eval reply'."""

from __future__ import annotations

from supportbot.llm.prompt import ReplyContext
from supportbot.training.grounding import ungrounded
from supportbot.training.reply_metrics import bleu, rouge, stock_phrase_rate

CTX = ReplyContext(
    ticket="Where is my order #W2611340?",
    intent="track_order",
    kind="inform",
    task="Answer about order #W2611340.",
    facts={
        "order_id": "#W2611340",
        "order_status": "processed",
        "tracking_ids": ["357962501027"],
        "paid": 536.6,
    },
)


def test_grounded_reply_passes() -> None:
    assert ungrounded("Order #W2611340 is processed, tracking 357962501027. You paid $536.60.", CTX) == []


def test_invented_facts_are_caught() -> None:
    problems = ungrounded(
        "Order #W9999999 was delivered on 2024-05-01 with tracking 111222333444 for $12.50; Office Chair.",
        CTX,
    )
    assert set(problems) >= {"#W9999999", "delivered", "2024-05-01", "111222333444", "$12.50", "Office Chair"}


def test_metrics_behave() -> None:
    refs = ["your order has shipped", "the refund was issued today"]
    assert rouge(refs, refs)["rougeL"] == 1.0
    assert bleu(refs, refs) > 0.99
    assert rouge(["completely unrelated words"] * 2, refs)["rouge1"] == 0.0
    same = ["Thank you for contacting us about this today."] * 8
    assert stock_phrase_rate(same) == 1.0
    varied = [f"reply number {i} says something {i * 7} different here" for i in range(8)]
    assert stock_phrase_rate(varied) == 0.0
