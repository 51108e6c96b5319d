"""Tests of analytics.duplicates: the one rule for possible duplicates (Data quality, importer)."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import duplicates, schema
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


def _frame(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    """Events (title, start date, city) without pillars, in the order given (by date)."""
    return pd.DataFrame(
        {
            schema.TITLE: pd.array([row[0] for row in rows], dtype="string"),
            schema.START_DATE: pd.to_datetime([row[1] for row in rows]),
            schema.CITY: pd.array([row[2] for row in rows], dtype="string"),
            schema.PILLARS: [()] * len(rows),
        }
    )


def test_cities_compare_without_case_and_accented_titles_are_compared() -> None:
    """ "Skopje" and "SKOPJE" are one city; accented titles alike by hand (2 * 17 / 35)."""
    ordered = _frame(
        [
            ("Réunion régionale", "2024-03-05", "Skopje"),
            ("réunion régionale.", "2024-03-05", "SKOPJE"),
            ("Zzzz", "2024-03-05", None),
            ("Réunion régionale", "2024-03-06", "Tirana"),
        ]
    )
    pairs = duplicates.possible_duplicate_pairs(ordered)
    assert (pairs.first.tolist(), pairs.second.tolist()) == ([0], [1])
    assert pairs.same_place.tolist() == [True] and pairs.alike.tolist() == [True]
    assert pairs.similarity[0] == pytest.approx(100 * 34 / 35)


def test_events_without_any_city_are_compared_by_title() -> None:
    """With no city at all, alike titles a day apart are listed, not as the same place."""
    ordered = _frame(
        [
            ("Board meeting", "2024-03-05", None),
            ("Board meeting.", "2024-03-06", None),
            ("Other", "2024-03-06", None),
        ]
    )
    pairs = duplicates.possible_duplicate_pairs(ordered)
    assert (pairs.first.tolist(), pairs.second.tolist()) == ([0], [1])
    assert pairs.same_place.tolist() == [False] and pairs.alike.tolist() == [True]
    assert pairs.similarity[0] == pytest.approx(100 * 26 / 27)
