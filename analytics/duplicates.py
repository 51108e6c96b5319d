"""The one rule for possible duplicates, used by the Data quality page and the importer.

Two events may be the same event entered twice when they start on the same day in the same
city, or when their titles are at least ``TITLE_SIMILARITY`` alike and they start at most
``WINDOW_DAYS`` apart, unless they name different cities or different pillars (a series of
meetings, one per capital or per pillar, has alike titles by design). The work is blocked so it
stays linear: events are paired only within the window and, with a city, only with events of
that city; a day with more than ``MAX_CROWD`` events in one city is reported as one crowd; an
event without a city is paired with at most ``MAX_NEIGHBOURS`` events near it in date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from analytics import schema

# Title similarity (rapidfuzz's ratio, 0 to 100) from which two titles count as alike.
TITLE_SIMILARITY = 85.0
WINDOW_DAYS = 1
# More events than this on one day in one city are reported as one crowd, not in pairs.
MAX_CROWD = 50
# An event without a city is compared with at most this many events near it in date.
MAX_NEIGHBOURS = 200
# Characters counted one by one when bounding title similarity (see ``_letters_bound``).
_BOUND_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 -"


@dataclass(frozen=True)
class DuplicatePairs:
    """The pairs the rule lists, as positions in the frame given to ``possible_duplicate_pairs``.

    Attributes:
        first: Position of each pair's first event (the earlier in the frame's order).
        second: Position of its second event.
        same_place: Whether the two start on the same day in the same city.
        alike: Whether their titles are alike (and they are not a series).
        similarity: Their title similarity (0 to 100) where ``alike``, else 0.
        crowds: The positions of each crowd's events (a day and city with over ``MAX_CROWD``).
    """

    first: np.ndarray
    second: np.ndarray
    same_place: np.ndarray
    alike: np.ndarray
    similarity: np.ndarray
    crowds: list[np.ndarray]


def title_similarity(first: str, second: str) -> float:
    """Return how alike two titles are, from 0 to 100, case ignored.

    rapidfuzz's ``fuzz.ratio``: 100 * 2 * (longest common subsequence) / (sum of lengths),
    so "Board meeting" and "Board meeting." are 96 alike.

    Args:
        first: A title.
        second: Another title.

    Returns:
        The ratio.
    """
    return float(fuzz.ratio(first.casefold(), second.casefold()))


def city_key(city: object) -> str | None:
    """The city as compared (case ignored), None when blank."""
    return None if _is_blank(city) else str(city).casefold()


def possible_duplicate_pairs(
    ordered: pd.DataFrame,
    *,
    threshold: float = TITLE_SIMILARITY,
    window_days: int = WINDOW_DAYS,
    involving: np.ndarray | None = None,
) -> DuplicatePairs:
    """Return the pairs of events the rule lists as possible duplicates, and the crowds.

    Args:
        ordered: Events (start_date, city, pillars, title), sorted by start date.
        threshold: Title similarity (0 to 100) from which titles count as alike.
        window_days: Largest gap between start dates for alike titles.
        involving: When given, only pairs with at least one event marked True are listed (the
            importer asks about its new events, not about every pair of the dataset).

    Returns:
        The listed pairs, ordered by first then second position, and the crowds.
    """
    city_codes = _city_codes(ordered[schema.CITY])
    first, second, crowds = _candidate_pairs(
        ordered[schema.START_DATE], city_codes, pd.Timedelta(days=window_days)
    )
    if involving is not None and len(first):
        keep = involving[first] | involving[second]
        first, second = first[keep], second[keep]
    if len(first) == 0:
        nothing = np.zeros(0, dtype=bool)
        return DuplicatePairs(first, second, nothing, nothing, np.zeros(0), crowds)
    # Every test below is on whole arrays of pairs; only titles still in question are compared
    # one pair at a time (a Python loop over every pair took hours at 100,000 events).
    pillar_codes = _codes(
        [
            frozenset(codes) if not _is_blank(codes) else None
            for codes in ordered[schema.PILLARS].tolist()
        ]
    )
    starts = ordered[schema.START_DATE].to_numpy()
    same_day = starts[first] == starts[second]
    same_city = (city_codes[first] >= 0) & (city_codes[first] == city_codes[second])
    # A series (one meeting per capital, or per pillar) has alike titles by design.
    series = (
        (city_codes[first] >= 0)
        & (city_codes[second] >= 0)
        & (city_codes[first] != city_codes[second])
    ) | (
        (pillar_codes[first] >= 0)
        & (pillar_codes[second] >= 0)
        & (pillar_codes[first] != pillar_codes[second])
    )
    # tolist(): iterating an Arrow-backed column one value at a time is ten times slower.
    folded = [str(title).casefold() for title in ordered[schema.TITLE].tolist()]
    lengths = np.array([len(title) for title in folded])
    total = lengths[first] + lengths[second]
    # The ratio is at most 2 * shorter / (sum of lengths): titles of too different lengths
    # cannot be alike enough, whatever their letters.
    bound = np.where(
        total > 0, 200 * np.minimum(lengths[first], lengths[second]) / np.maximum(total, 1), 100.0
    )
    candidates = np.flatnonzero(~series & (bound >= threshold))
    candidates = candidates[
        _letters_bound(folded, first[candidates], second[candidates]) >= threshold
    ]
    similarity = np.zeros(len(first))
    for k in candidates:
        # Below the cutoff rapidfuzz stops early and returns 0.
        similarity[k] = fuzz.ratio(folded[first[k]], folded[second[k]], score_cutoff=threshold)
    compare = np.zeros(len(first), dtype=bool)
    compare[candidates] = True
    alike = compare & (similarity >= threshold)
    same_place = same_day & same_city
    listed = np.flatnonzero(same_place | alike)
    return DuplicatePairs(
        first[listed],
        second[listed],
        same_place[listed],
        alike[listed],
        similarity[listed],
        crowds,
    )


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, tuple | list | frozenset):
        return len(value) == 0
    return bool(pd.isna(value)) or str(value).strip() == ""


def _candidate_pairs(
    starts: pd.Series, city_codes: np.ndarray, window: pd.Timedelta
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """The pairs (i, j), i < j, that the duplicate rules may list, blocked so work stays linear.

    Events of different cities are never duplicates, so an event with a city is only paired
    with events of the same city within the window; an event without a city with any event
    within the window, at most ``MAX_NEIGHBOURS`` of them (the nearest in date order). A day
    with more than ``MAX_CROWD`` events in one city (or without a city) is a crowd: it is
    reported once, as a whole, and its events are not paired. So no event is in more than
    about ``2 * (window + 1) * MAX_CROWD + MAX_NEIGHBOURS`` pairs, however large the file.

    Args:
        starts: Start dates, sorted.
        city_codes: Each event's city code (-1: no city).
        window: Largest gap between start dates.

    Returns:
        First and second positions (ordered by first, then second, no repeats), and the
        positions of each crowd's events.
    """
    count = len(starts)
    empty = np.zeros(0, dtype=np.int64)
    if count < 2:
        return empty, empty, []
    days = starts.to_numpy().astype("datetime64[D]").astype(np.int64)
    # Crowds: runs of one (day, city) over the limit.
    order = np.lexsort((np.arange(count), city_codes, days))
    sorted_days, sorted_cities = days[order], city_codes[order]
    breaks = np.flatnonzero((np.diff(sorted_days) != 0) | (np.diff(sorted_cities) != 0)) + 1
    bounds = np.concatenate([[0], breaks, [count]])
    crowded = np.zeros(count, dtype=bool)
    crowds = []
    for begin, end in zip(bounds[:-1], bounds[1:], strict=True):
        if end - begin > MAX_CROWD:
            members = np.sort(order[begin:end])
            crowded[members] = True
            crowds.append(members)
    span = int(window / pd.Timedelta(days=1))
    pieces_first, pieces_second = [], []
    # With a city: sorted by (city, day), pairs within the window never cross a city.
    located = np.flatnonzero((city_codes >= 0) & ~crowded)
    if len(located) > 1:
        by_city = located[np.lexsort((located, days[located], city_codes[located]))]
        # Days since 1970 stay far below the spacing between two cities' keys.
        key = city_codes[by_city].astype(np.int64) * 10_000_000 + days[by_city]
        left, right = _pairs_within_values(key, span)
        pieces_first.append(by_city[left])
        pieces_second.append(by_city[right])
    # Without a city: the nearest events within the window on each side.
    unlocated = np.flatnonzero((city_codes < 0) & ~crowded)
    if len(unlocated):
        free = np.flatnonzero(~crowded)
        free_days = days[free]
        at = np.searchsorted(free, unlocated)
        low = np.searchsorted(free_days, days[unlocated] - span, side="left")
        high = np.searchsorted(free_days, days[unlocated] + span, side="right")
        half = MAX_NEIGHBOURS // 2
        for offset in range(-half, half + 1):
            if offset == 0:
                continue
            where = at + offset
            ok = (where >= low) & (where < high)
            pieces_first.append(unlocated[ok])
            pieces_second.append(free[where[ok]])
    if not pieces_first:
        return empty, empty, crowds
    first = np.concatenate(pieces_first)
    second = np.concatenate(pieces_second)
    low_side, high_side = np.minimum(first, second), np.maximum(first, second)
    # Sorted, then repeats dropped: np.unique's hashing took half a second on 800,000 pairs.
    codes = np.sort(low_side.astype(np.int64) * count + high_side)
    first_of_run = np.ones(len(codes), dtype=bool)
    first_of_run[1:] = codes[1:] != codes[:-1]
    codes = codes[first_of_run]
    return codes // count, codes % count, crowds


def _pairs_within_values(values: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i, j), i < j, of every pair of sorted integer keys at most `window` apart."""
    ends = np.searchsorted(values, values + window, side="right")
    counts = ends - np.arange(len(values)) - 1
    first = np.repeat(np.arange(len(values)), counts)
    offsets = np.arange(len(first)) - np.repeat(np.cumsum(counts) - counts, counts)
    return first, first + 1 + offsets


def _letters_bound(titles: list[str], first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """An upper bound of the title similarity of each pair, from the letters they share.

    The ratio is 100 * 2 * (longest common subsequence) / total length, and no subsequence is
    longer than the characters the two titles have in common (counted with repeats). Characters are counted in a few
    dozen bins (rare ones share a bin, which can only raise the bound), so the bound of many
    pairs is a few array operations instead of one comparison per pair.
    """
    if len(first) == 0:
        return np.zeros(0)
    lengths, counts = _letter_counts(titles)
    bounds = np.empty(len(first))
    # In chunks, so a million pairs never hold a million rows of counts at once.
    step = 100_000
    for begin in range(0, len(first), step):
        a, b = first[begin : begin + step], second[begin : begin + step]
        shared = np.minimum(counts[a], counts[b]).sum(axis=1)
        total = lengths[a] + lengths[b]
        bounds[begin : begin + step] = np.where(
            total > 0, 200 * shared / np.maximum(total, 1), 100.0
        )
    return bounds


# Each character's bin in ``_letter_counts``: its place in ``_BOUND_ALPHABET`` for those, the
# last bin for every other character (the table covers ASCII; the rest go there too).
_BIN_OF_ASCII = np.full(128, len(_BOUND_ALPHABET), dtype=np.int64)
_BIN_OF_ASCII[[ord(char) for char in _BOUND_ALPHABET]] = np.arange(len(_BOUND_ALPHABET))
# Titles whose characters are binned at once (bounds the memory of the character arrays).
_TITLES_AT_ONCE = 20_000


def _letter_counts(titles: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each title's length and its characters counted in ``_BOUND_ALPHABET``'s bins plus one.

    The titles' code points are read as one array (UTF-32) and counted with one bincount per
    chunk of titles, instead of one pass over every title per character of the alphabet.
    """
    bins = len(_BOUND_ALPHABET) + 1
    lengths = np.fromiter((len(title) for title in titles), dtype=np.int64, count=len(titles))
    counts = np.zeros((len(titles), bins), dtype=np.int64)
    for begin in range(0, len(titles), _TITLES_AT_ONCE):
        chunk = titles[begin : begin + _TITLES_AT_ONCE]
        points = np.frombuffer("".join(chunk).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        which = np.where(points < 128, _BIN_OF_ASCII[np.minimum(points, 127)], bins - 1)
        row = np.repeat(np.arange(len(chunk)), lengths[begin : begin + len(chunk)])
        counts[begin : begin + len(chunk)] = np.bincount(
            row * bins + which, minlength=len(chunk) * bins
        ).reshape(len(chunk), bins)
    return lengths, counts


def _city_codes(cities: pd.Series) -> np.ndarray:
    """Each event's city code as ``city_key`` compares cities (-1: none), by first appearance.

    ``city_key`` runs once per distinct spelling, not once per event.
    """
    spelling, spellings = pd.factorize(cities, use_na_sentinel=True)
    key_codes = _codes([city_key(city) for city in spellings])
    # A missing city (spelling -1) takes the -1 appended at the end.
    return np.append(key_codes, -1)[spelling]


def _codes(values: Sequence[Any]) -> np.ndarray:
    """An integer code for each distinct value, -1 for None."""
    codes: dict[Any, int] = {}
    return np.array(
        [-1 if value is None else codes.setdefault(value, len(codes)) for value in values],
        dtype=np.int64,
    )
