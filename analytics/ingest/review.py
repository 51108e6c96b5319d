"""The table a person reviews before drafted events are added, and the duplicates it flags."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analytics import duplicates, schema
from analytics.dataset.writer import NEEDS_REVIEW, clean_event

# Columns of the review table besides the dataset fields.
INCLUDE = "include"
CHECK = "check"
DUPLICATE_OF = "duplicate_of"
REVIEW_COLUMNS = (
    INCLUDE,
    CHECK,
    DUPLICATE_OF,
    schema.ID,
    schema.TITLE,
    schema.START_DATE,
    schema.END_DATE,
    schema.CITY,
    schema.COUNTRY,
    schema.VENUE,
    schema.EVENT_TYPE,
    schema.PILLARS,
    schema.IISG_ROLE,
    schema.ORGANISERS,
    schema.PARTNERS,
    schema.SUMMARY,
    schema.SOURCE,
    schema.SOURCE_URL,
    schema.CAVEATS,
)
HIGHLIGHT = "background-color: #FFE08A; color: #000000"


def find_duplicates(
    candidates: Sequence[Mapping[str, Any]], existing: pd.DataFrame
) -> list[list[str]]:
    """Existing events each candidate may duplicate, by the Data quality page's rule.

    The rule is ``analytics.duplicates``': the same start date and city, or titles at least
    ``duplicates.TITLE_SIMILARITY`` alike starting within a day, unless the two name different
    cities or different pillars (a series). Earlier candidates of the same import count too. A
    candidate on a day and in a city with over ``duplicates.MAX_CROWD`` events duplicates the
    others of that day and city (at most that many are named). A candidate without a start
    date duplicates nothing.

    Args:
        candidates: Draft events.
        existing: The dataset's events frame (id, title, start_date; city and pillars when
            present).

    Returns:
        For each candidate, the ids it may duplicate.
    """
    found: list[list[str]] = [[] for _ in candidates]
    dated = [
        (number, candidate)
        for number, candidate in enumerate(candidates)
        if isinstance(candidate.get(schema.START_DATE), dt.date)
    ]
    if not dated:
        return found
    # Only the existing events within the window of a candidate's day are looked at, so an
    # import's work does not grow with the dataset's pairs.
    window = duplicates.WINDOW_DAYS
    wanted = {
        pd.Timestamp(candidate[schema.START_DATE]).normalize() + pd.Timedelta(days=offset)
        for _, candidate in dated
        for offset in range(-window, window + 1)
    }
    starts = pd.to_datetime(existing[schema.START_DATE]).dt.normalize()
    near = existing[starts.isin(wanted).to_numpy(dtype=bool)]
    count = len(near)

    def column(name: str, default: Any) -> list[Any]:
        return list(near[name]) if name in near.columns else [default] * count

    frame = pd.DataFrame(
        {
            schema.ID: [str(value) for value in near[schema.ID]]
            + [str(candidate.get(schema.ID)) for _, candidate in dated],
            schema.TITLE: [str(value) for value in near[schema.TITLE]]
            + [str(candidate.get(schema.TITLE) or "") for _, candidate in dated],
            schema.START_DATE: list(pd.to_datetime(near[schema.START_DATE]).dt.normalize())
            + [pd.Timestamp(candidate[schema.START_DATE]).normalize() for _, candidate in dated],
            schema.CITY: column(schema.CITY, None)
            + [candidate.get(schema.CITY) for _, candidate in dated],
            schema.PILLARS: [_codes(value) for value in column(schema.PILLARS, ())]
            + [_codes(candidate.get(schema.PILLARS)) for _, candidate in dated],
            # Existing events -1, candidates their number in the import.
            "_candidate": [-1] * count + [number for number, _ in dated],
        }
    )
    frame = frame.sort_values([schema.START_DATE, "_candidate"], kind="stable", ignore_index=True)
    numbers = frame["_candidate"].to_numpy()
    ids = frame[schema.ID].tolist()
    pairs = duplicates.possible_duplicate_pairs(frame, involving=numbers >= 0)
    for i, j in zip(pairs.first.tolist(), pairs.second.tolist(), strict=True):
        # A pair of candidates belongs to the later one: earlier candidates count as existing.
        later, other = (i, j) if numbers[i] > numbers[j] else (j, i)
        found[numbers[later]].append(ids[other])
    for members in pairs.crowds:
        for member in members.tolist():
            if numbers[member] < 0:
                continue
            others = (
                ids[other]
                for other in members.tolist()
                if other != member and numbers[other] < numbers[member]
            )
            found[numbers[member]].extend(itertools.islice(others, duplicates.MAX_CROWD))
    return [list(dict.fromkeys(ids_of)) for ids_of in found]


def _codes(value: Any) -> tuple[str, ...]:
    """Pillar codes as a tuple (a missing value is none)."""
    return tuple(value) if isinstance(value, tuple | list | np.ndarray) else ()


def review_frame(
    candidates: Sequence[Mapping[str, Any]], duplicates: Sequence[Sequence[str]]
) -> pd.DataFrame:
    """The table a person reviews and edits before the events are added.

    Args:
        candidates: Draft events.
        duplicates: Per candidate, the ids it may duplicate (``find_duplicates``).

    Returns:
        One row per candidate, columns ``REVIEW_COLUMNS``: include (False for a likely
        duplicate), check (fields to review, comma separated), duplicate_of, then the fields;
        list fields are lists, dates are datetime64.
    """
    rows = []
    for candidate, dups in zip(candidates, duplicates, strict=True):
        row: dict[str, Any] = {
            INCLUDE: not dups,
            CHECK: ", ".join(candidate.get(NEEDS_REVIEW) or ()),
            DUPLICATE_OF: ", ".join(dups),
        }
        for name in REVIEW_COLUMNS[3:]:
            value = candidate.get(name)
            if name in schema.LIST_FIELDS:
                row[name] = list(value or [])
            else:
                row[name] = value
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))
    frame[INCLUDE] = frame[INCLUDE].astype(bool)
    for name in schema.DATE_FIELDS:
        frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
    for name in (CHECK, DUPLICATE_OF, schema.ID, schema.TITLE, schema.CITY, schema.COUNTRY):
        frame[name] = frame[name].astype("string")
    return frame


def highlight_unsure(frame: pd.DataFrame) -> Any:
    """A Styler marking the cells a person must check (listed in each row's `check`).

    Args:
        frame: A ``review_frame``.

    Returns:
        The pandas Styler.
    """

    def colour(row: pd.Series) -> list[str]:
        unsure = {part.strip() for part in str(row[CHECK] or "").split(",")}
        if row[DUPLICATE_OF] and str(row[DUPLICATE_OF]) not in ("", "<NA>"):
            unsure.add(DUPLICATE_OF)
        return [HIGHLIGHT if name in unsure else "" for name in row.index]

    shown = frame.copy()
    for name in schema.LIST_FIELDS:
        if name in shown:
            shown[name] = shown[name].map(lambda items: ", ".join(items or []))
    return shown.style.apply(colour, axis=1).format(
        {name: lambda d: "" if pd.isna(d) else d.date().isoformat() for name in schema.DATE_FIELDS}
    )


def events_from_frame(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The events of the rows marked `include`, as dataset events (review columns dropped).

    Args:
        frame: A (possibly edited) ``review_frame``.

    Returns:
        Events ready for ``writer.add_events``.
    """
    events = []
    for _, row in frame.iterrows():
        if not bool(row.get(INCLUDE, True)):
            continue
        raw = {name: row.get(name) for name in schema.ALL_FIELDS if name in row.index}
        for name, value in list(raw.items()):
            if name in schema.LIST_FIELDS:
                continue
            if value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
                raw[name] = None
        events.append(clean_event(raw))
    return events
