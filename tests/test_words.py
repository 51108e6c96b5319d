"""Tests of analytics.words: counts with their noun, lists joined as English does."""

from __future__ import annotations

import pytest

from analytics.words import count_text, join_words, plural_noun


@pytest.mark.parametrize(
    ("number", "singular", "plural", "text"),
    [
        (1, "event", None, "1 event"),
        (0, "event", None, "0 events"),
        (3, "event", None, "3 events"),
        (1, "city", "cities", "1 city"),
        (2, "city", "cities", "2 cities"),
        (12345, "shared event", None, "12345 shared events"),
        (2, "host city", None, "2 host cities"),
        (2, "day", None, "2 days"),
    ],
)
def test_count_text(number: int, singular: str, plural: str | None, text: str) -> None:
    """One takes the singular, every other number the plural (given or with an s)."""
    assert count_text(number, singular, plural) == text


def test_join_words() -> None:
    """None, one, two and three items, as written by hand."""
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"]) == "a, b and c"


def test_plural_noun() -> None:
    """An s, or ies after a consonant and y."""
    assert [plural_noun(n) for n in ("event", "city", "day", "partner kind", "country")] == [
        "events",
        "cities",
        "days",
        "partner kinds",
        "countries",
    ]


def test_a_grouped_count() -> None:
    """Thousands separators on request: the pages' "of 12,345 events"."""
    assert count_text(12345, "event", grouped=True) == "12,345 events"
    assert count_text(1, "row", grouped=True) == "1 row"
