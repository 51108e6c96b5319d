"""Tests of analytics.duplicates: the one rule for possible duplicates (Data quality, importer)."""

from __future__ import annotations

import pytest

from analytics import duplicates
from tests.helpers import title_ratio


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # 2 * 13 common characters / 27 characters.
        ("Board meeting", "Board meeting.", 100 * 26 / 27),
        ("Board Meeting", "board meeting", 100.0),
        # "o" then "r" in both: 2 * 2 / 10.
        ("Board", "Other", 40.0),
        # Words in another order still share their letters in order ("regional on"): 2 * 17 / 40.
        ("Regional regional on", "Regional on regional", 85.0),
    ],
)
def test_title_similarity_is_the_common_subsequence_ratio(
    first: str, second: str, expected: float
) -> None:
    """Similarity is 100 * 2 * common subsequence / total length, case ignored (by hand)."""
    assert duplicates.title_similarity(first, second) == pytest.approx(expected)
    assert title_ratio(first, second) == pytest.approx(expected)


def test_the_threshold_is_on_the_0_to_100_scale() -> None:
    """Titles 85 alike are alike; the page says "85%"."""
    assert duplicates.TITLE_SIMILARITY == 85
    assert duplicates.title_similarity("Regional regional on", "Regional on regional") >= 85
