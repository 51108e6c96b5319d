"""The table a person reviews before drafted events are added, and the duplicates it flags."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analytics import schema
from analytics.dataset.reference import normalise_name
from analytics.dataset.writer import NEEDS_REVIEW, clean_event

DUPLICATE_TITLE_RATIO = 0.85
# Existing events a candidate is compared with, at most (those starting within a day of it).
MAX_DUPLICATE_CHECKS = 500
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
    """Existing events each candidate may duplicate.

    A duplicate has the same start date and city, or a similar title (difflib ratio >= 0.85)
    starting within a day. Earlier candidates of the same import count too.

    Args:
        candidates: Draft events.
        existing: The dataset's events frame (id, title, start_date, city).

    Returns:
        For each candidate, the ids it may duplicate.
    """
    # Indexed by start date: a candidate is only compared with events starting within a day
    # of it (at most MAX_DUPLICATE_CHECKS of them), not with the whole dataset.
    by_day: dict[dt.date, list[tuple[str, str, str]]] = {}
    for row in existing[[schema.ID, schema.TITLE, schema.START_DATE, schema.CITY]].itertuples(
        index=False
    ):
        if pd.isna(row[2]):
            continue
        start = pd.Timestamp(row[2]).date()
        city = normalise_name(str(row[3])) if pd.notna(row[3]) else ""
        by_day.setdefault(start, []).append((str(row[0]), str(row[1]).casefold(), city))
    found: list[list[str]] = []
    for candidate in candidates:
        start = candidate.get(schema.START_DATE)
        title = str(candidate.get(schema.TITLE) or "").casefold()
        city = normalise_name(str(candidate.get(schema.CITY) or ""))
        matches = []
        if isinstance(start, dt.date):
            checked = 0
            for offset in (0, -1, 1):
                for other_id, other_title, other_city in by_day.get(
                    start + dt.timedelta(days=offset), ()
                ):
                    if checked >= MAX_DUPLICATE_CHECKS:
                        break
                    checked += 1
                    same_place = offset == 0 and city and city == other_city
                    if same_place or (
                        difflib.SequenceMatcher(None, title, other_title).ratio()
                        >= DUPLICATE_TITLE_RATIO
                    ):
                        matches.append(other_id)
            by_day.setdefault(start, []).append((str(candidate.get(schema.ID)), title, city))
        found.append(matches)
    return found


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
