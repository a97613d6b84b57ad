from __future__ import annotations

from decimal import Decimal

import pytest

from supportbot.entities.extractor import EntityExtractor
from supportbot.entities.normalize import parse_amount_value
from supportbot.settings import load_settings

from .conftest import TODAY


def found(extractor: EntityExtractor, text: str) -> list[tuple[str, str, str]]:
    return [(e.type, e.text, e.value) for e in extractor.extract(text, today=TODAY).entities]


def test_a_realistic_ticket(json_extractor: EntityExtractor) -> None:
    text = (
        "Hi, order no: W2611340 - the blue water bottles (1000ml) leak. I paid $47.84 on Nov 3rd.\n"
        "Tracking 357962501027. Reach me at noah.brown7922@example.com or (555) 261-1340.\nThanks, Noah Brown"
    )
    assert found(json_extractor, text) == [
        ("order_id", "W2611340", "#W2611340"),
        ("variant", "blue", "blue"),
        ("product", "water bottles", "Water Bottle"),
        ("variant", "1000ml", "1000ml"),
        ("amount", "$47.84", "47.84 USD"),
        ("date", "Nov 3rd", "2026-11-03"),
        ("tracking_number", "357962501027", "357962501027"),
        ("email", "noah.brown7922@example.com", "noah.brown7922@example.com"),
        ("person_name", "Noah Brown", "Noah Brown"),
    ]


def test_offsets_point_into_the_original_text(json_extractor: EntityExtractor) -> None:
    text = "Ｏｒｄｅｒ ＃Ｗ２６１１３４０ and the T-SHIRTS"
    extraction = json_extractor.extract(text, today=TODAY)
    for e in extraction.entities:
        assert text[e.start : e.end] == e.text
    assert [(e.type, e.value) for e in extraction.entities] == [
        ("order_id", "#W2611340"),
        ("product", "T-Shirt"),
    ]


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("my Water Bottle leaks", "Water Bottle"),
        ("two WATER BOTTLES", "Water Bottle"),
        ("the running shoe", "Running Shoes"),
        ("a tshirt", "T-Shirt"),
        ("my smartwatch", "Smart Watch"),
        ("gaming mice", "Gaming Mouse"),
        ("the bookshelves", "Bookshelf"),
    ],
)
def test_products_case_and_plural_tolerant(json_extractor: EntityExtractor, text: str, product: str) -> None:
    assert [(t, v) for t, _, v in found(json_extractor, text)] == [("product", product)]


def test_ambiguous_option_values_need_their_option_name(json_extractor: EntityExtractor) -> None:
    assert found(json_extractor, "I need size M instead") == [("variant", "size M", "M")]
    assert found(json_extractor, "M is my initial, no thanks") == []
    assert found(json_extractor, "the resolution 4K one") == [("variant", "resolution 4K", "4K")]
    assert found(json_extractor, "a 1000ml bottle, color: black") == [
        ("variant", "1000ml", "1000ml"),
        ("variant", "color: black", "black"),
    ]


def test_person_surname_that_is_a_colour_stays_a_name(json_extractor: EntityExtractor) -> None:
    assert ("person_name", "Juan Brown", "Juan Brown") in found(
        json_extractor, "Hello, this is Juan Brown. Order W3611574."
    )
    assert ("variant", "Brown", "brown") not in found(json_extractor, "Hello, this is Juan Brown.")


@pytest.mark.parametrize(
    "text",
    [
        "call me on 5551234567 or 555-123-4567",
        "my zip is 94103 and my apartment is 2611340",
        "the price was 2611340 and I want 3 of them",
        "package weighs 12 kg; reference 2026-11-03",
    ],
)
def test_no_order_ids_in_numbers_without_order_context(json_extractor: EntityExtractor, text: str) -> None:
    assert [e for e in json_extractor.extract(text, today=TODAY).entities if e.type == "order_id"] == []


def test_zero_width_and_lookalikes_inside_an_id(json_extractor: EntityExtractor) -> None:
    text = "order \u051c26\u200b11340 and #W261\u20601341"
    values = [e.value for e in json_extractor.extract(text, today=TODAY).of_type("order_id")]
    assert values == ["#W2611340", "#W2611341"]
    # A letter from another script inside the digits is rejected, not guessed.
    assert json_extractor.extract("order W26\u0416113", today=TODAY).of_type("order_id") == []


def test_amount_value_is_a_decimal_with_currency(json_extractor: EntityExtractor) -> None:
    amount = json_extractor.extract("refund 1,032.61 euros", today=TODAY).first("amount")
    assert amount is not None
    assert parse_amount_value(amount.value) == (Decimal("1032.61"), "EUR")


def test_long_text_is_truncated_and_recorded(json_extractor: EntityExtractor) -> None:
    settings = load_settings(entities={"max_chars": 100})
    small = EntityExtractor(json_extractor.nlp, json_extractor.catalog, settings.entities)
    text = "order W2611340. " + "x" * 200 + " order W1234567"
    extraction = small.extract(text, today=TODAY)
    assert extraction.truncated
    assert [e.value for e in extraction.of_type("order_id")] == ["#W2611340"]
    assert not small.extract("order W2611340", today=TODAY).truncated


def test_without_ner_rules_and_catalogue_still_work(json_extractor: EntityExtractor) -> None:
    plain = EntityExtractor(
        json_extractor.nlp, json_extractor.catalog, json_extractor.settings, use_ner=False
    )
    assert [e.value for e in plain.extract("cancel order 2611340, the laptop").entities] == [
        "#W2611340",
        "Laptop",
    ]


def test_ner_runs_only_when_it_could_add_something() -> None:
    from supportbot.entities.extractor import needs_ner

    assert not needs_ner("Where is my order? Thanks", [])
    assert not needs_ner("call me at 5551234567 or my account number 98765432", [])
    assert not needs_ner("deliver to 215 River Road please", [])
    assert needs_ner("the bill from Anna Freeman", [])
    assert needs_ner("where ispurchase 113542617735902?", [])


def test_ner_finds_names_and_ids_the_rules_miss(json_extractor: EntityExtractor) -> None:
    assert found(json_extractor, "I cannot find my invoice from David Miller") == [
        ("person_name", "David Miller", "David Miller")
    ]
    assert found(json_extractor, "need to see the ETA of theorder 113542617735902") == [
        ("order_id", "113542617735902", "#113542617735902")
    ]


def test_honorific_names_by_rule(json_extractor: EntityExtractor) -> None:
    assert found(json_extractor, "the bills from Ms. Hawkings") == [
        ("person_name", "Ms. Hawkings", "Ms. Hawkings")
    ]


def test_missing_model_is_a_clear_artifact_error(tmp_path) -> None:
    from supportbot.entities.extractor import clear_cache, load_extractor
    from supportbot.errors import ArtifactError

    clear_cache()
    settings = load_settings(entities={"model_path": str(tmp_path / "nope")})
    with pytest.raises(ArtifactError, match="no entity pipeline"):
        load_extractor(settings)
