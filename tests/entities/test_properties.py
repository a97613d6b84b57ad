"""Property test: extraction never raises, whatever the string, and its spans are consistent."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportbot.entities.extractor import EntityExtractor

from .conftest import TODAY

FRAGMENTS = st.sampled_from(
    [
        "order ",
        "#W2611340",
        "W",
        "#",
        "$",
        "1,2",
        "@",
        ".com",
        "Nov ",
        "3rd",
        "\u200b",
        "\u051c",
        "Ｗ",
        "\ud800",
        "size M",
        "water bottles",
        "tracking ",
        "invoice #",
        "this is ",
        "Noah",
        "\n",
        "-",
        "ago",
        "0" * 30,
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400), st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=40).map("".join)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_extract_never_raises_and_spans_match_the_text(json_extractor: EntityExtractor, text: str) -> None:
    extraction = json_extractor.extract(text, today=TODAY)
    for e in extraction.entities:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.value
    spans = sorted((e.start, e.end) for e in extraction.entities)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
