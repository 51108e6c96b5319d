"""Tests of analytics.words: counts with their noun, lists joined as English does."""

from __future__ import annotations

import pytest

from analytics.words import count_text, join_words


@pytest.mark.parametrize(
    ("number", "singular", "plural", "text"),
    [
        (1, "event", None, "1 event"),
        (0, "event", None, "0 events"),
        (3, "event", None, "3 events"),
        (1, "city", "cities", "1 city"),
        (2, "city", "cities", "2 cities"),
        (12345, "shared event", None, "12345 shared events"),
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
