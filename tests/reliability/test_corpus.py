"""The hostile corpus itself: big enough, covering every kind of input the issue names, reproducible
from its seed, and its cases materialise (1 MB bodies, raw bytes) without error."""

from __future__ import annotations

import json

from supportbot.data.hostile.builder import DEFAULT_SEED, build_cases
from supportbot.data.hostile.cases import HostileCase
from supportbot.data.hostile.judge import outcome_classes
from supportbot.paths import TAU_RETAIL_DIR

REQUIRED_CATEGORIES = {
    "blank",
    "large",
    "binary",
    "unicode",
    "markup",
    "sqli",
    "lookalike",
    "many_orders",
    "injection",
    "impersonation",
    "third_party",
    "hidden",
    "unknown_sender",
}


def test_corpus_size_and_coverage(hostile_cases: list[HostileCase]) -> None:
    assert len(hostile_cases) >= 200
    assert len({c.id for c in hostile_cases}) == len(hostile_cases)
    assert {c.category for c in hostile_cases} >= REQUIRED_CATEGORIES
    descriptions = " ".join(c.description for c in hostile_cases).lower()
    for needle in (
        "empty",
        "signature",
        "1 mb",
        "random bytes",
        "rtl",
        "emoji",
        "zero-width",
        "html",
        "quoted-printable",
        "cyrillic",
        "50 orders",
    ):
        assert needle in descriptions, needle
    for case in hostile_cases:
        if case.category in ("injection", "impersonation", "third_party"):
            assert case.expect and "resolved" not in case.expect, case.id
            assert case.forbid_effect and case.victim_secrets, case.id


def test_corpus_file_is_what_the_seeded_builder_makes(hostile_cases: list[HostileCase]) -> None:
    rebuilt = build_cases(DEFAULT_SEED)
    assert [c.model_dump() for c in rebuilt] == [c.model_dump() for c in hostile_cases]
    assert [c.model_dump() for c in build_cases(1)] != [c.model_dump() for c in rebuilt]


def test_attacks_use_real_customers_and_real_foreign_orders(hostile_cases: list[HostileCase]) -> None:
    users = json.loads((TAU_RETAIL_DIR / "users.json").read_text())
    emails = {u["email"] for u in users.values()}
    owner = {o: uid for uid, u in users.items() for o in u["orders"]}
    for case in hostile_cases:
        if case.category in ("injection", "third_party", "impersonation"):
            assert case.customer_email in emails
            assert case.victim_customer_id in users
            sender = next(uid for uid, u in users.items() if u["email"] == case.customer_email)
            assert sender != case.victim_customer_id
            for oid in case.victim_order_ids:
                assert owner[oid] == case.victim_customer_id


def test_every_case_materialises(hostile_cases: list[HostileCase]) -> None:
    sizes = {c.id: len(c.record()["body"]) for c in hostile_cases}
    assert max(sizes.values()) >= 1_000_000
    big = [c for c in hostile_cases if c.category == "large"]
    for c in big:
        r = c.record()
        text = r["body"] + (r["subject"] or "") + (r["customer_email"] or "")
        assert len(text.encode("utf-8")) >= 1_000_000, c.id
    binary = [c for c in hostile_cases if c.body_b64]
    assert any(
        any(0xDC80 <= ord(ch) <= 0xDCFF for ch in c.record()["body"]) for c in binary
    )  # lone surrogates


def test_outcome_classes() -> None:
    assert outcome_classes(None, "body: required") == {"rejected"}
    esc = {"outcome": "escalated", "escalated": True, "intent": "out_of_scope", "tool_calls": []}
    assert outcome_classes(esc, None) == {"escalated", "out_of_scope"}
    acted = {
        "outcome": "resolved",
        "intent": "cancel_order",
        "tool_calls": [{"name": "cancel_order", "ok": True, "result": {}}],
    }
    assert outcome_classes(acted, None) == {"resolved"}
    refused = {
        "outcome": "resolved",
        "intent": "cancel_order",
        "tool_calls": [{"name": "cancel_order", "ok": False, "result": {}}],
    }
    assert outcome_classes(refused, None) == {"resolved", "refused"}
