"""Turn event rows into what users read: formatted dates, joined lists, Kosovo* naming."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analytics import schema
from analytics.memo import per_frames

# The most events a picker (selectbox) lists: every option is sent to the browser, and a list of
# 100,000 titles would be megabytes nobody scrolls through.
MAX_PICKER_EVENTS = 1_000
# The most rows an on-screen table of events holds. Every row is sent to the browser (and kept
# by the server for a while): 100,000 events with their summaries and notes make a message of
# over 100 MB that takes seconds to build and to draw. Downloads always hold every event.
MAX_TABLE_EVENTS = 5_000

# Column labels of the display table, in order.
DISPLAY_COLUMNS = {
    schema.START_DATE: "Start",
    schema.END_DATE: "End",
    "dates": "Dates",
    schema.TITLE: "Title",
    schema.CITY: "City",
    schema.COUNTRY: "Country",
    schema.VENUE: "Venue",
    schema.FORMAT: "Format",
    schema.EVENT_TYPE: "Type",
    schema.PILLARS: "Pillars",
    schema.IISG_ROLE: "IISG role",
    schema.ORGANISERS: "Organisers",
    schema.PARTNERS: "Partners",
    schema.SUMMARY: "Summary",
    schema.CAVEATS: "Caveats",
    schema.SOURCE: "Source",
    schema.SOURCE_URL: "Source link",
    schema.ID: "Event id",
}
# The source reference's label (the full table and the event card; the display table leaves it
# out).
SOURCE_REF_LABEL = "Source reference"
# The fields of a short list of events (the overview's latest, a partner's events).
SHORT_TABLE_FIELDS = ("dates", schema.TITLE, schema.CITY, schema.COUNTRY, schema.PILLARS)


def format_date(day: pd.Timestamp) -> str:
    """Format a day as "25 Apr 2023" (no leading zero, English month abbreviation)."""
    return f"{day.day} {day.strftime('%b %Y')}"


def format_date_range(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """Format an event's dates compactly: "25 Apr 2023", "14–15 Aug 2023", "30 Nov – 1 Dec 2017".

    Args:
        start: First day.
        end: Last day (equal to start for one-day events).

    Returns:
        The formatted range.
    """
    if pd.isna(start):
        return ""
    if pd.isna(end) or end == start:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start.strftime('%b')} – {format_date(end)}"
    return f"{format_date(start)} – {format_date(end)}"


def format_date_ranges(starts: pd.Series, ends: pd.Series) -> list[str]:
    """``format_date_range`` of many events at once (each distinct pair is formatted once).

    Args:
        starts: First days.
        ends: Last days, aligned with `starts`.

    Returns:
        One text per event, in order.
    """
    if len(starts) == 0:
        return []
    first, last = pd.DatetimeIndex(starts), pd.DatetimeIndex(ends)
    # One unit for both, the finer, so that equal codes mean equal timestamps.
    unit = max(first.unit, last.unit, key=_UNITS.index)
    first, last = first.as_unit(unit), last.as_unit(unit)
    # Each distinct day is written once, with strftime once per distinct month; each distinct
    # (first, last) pair is then put together from those texts by format_date_range's rules.
    # (strftime for every event took most of the time of a table of thousands of events.)
    days, day_codes = np.unique(np.concatenate([first.asi8, last.asi8]), return_inverse=True)
    written: dict[tuple[int, int], tuple[str, str]] = {}
    parts: list[tuple[int, int, int, str, str] | None] = []
    # Year, month and day read for all days at once (a Timestamp made a day cost more than
    # the rest of the loop); a Timestamp only for each new month's strftime.
    index = pd.DatetimeIndex(days.view(f"datetime64[{unit}]"))
    missing = index.isna().tolist()
    numbers = zip(
        index.year.fillna(0).astype(int).tolist(),
        index.month.fillna(0).astype(int).tolist(),
        index.day.fillna(0).astype(int).tolist(),
        strict=True,
    )
    for position, (year, month_number, day) in enumerate(numbers):
        if missing[position]:
            parts.append(None)
            continue
        month = (year, month_number)
        if month not in written:
            first_of_month = index[position]
            written[month] = (first_of_month.strftime("%b"), first_of_month.strftime("%b %Y"))
        abbreviation, month_year = written[month]
        parts.append((year, month_number, day, f"{day} {month_year}", abbreviation))
    width = len(days)
    pairs, pair_codes = np.unique(
        day_codes[: len(first)] * width + day_codes[len(first) :], return_inverse=True
    )
    texts = np.array(
        [_range_text(parts, int(pair) // width, int(pair) % width) for pair in pairs],
        dtype=object,
    )
    return texts[pair_codes.reshape(-1)].tolist()


# Units of datetime64 data, coarsest first.
_UNITS = ("s", "ms", "us", "ns")


def _range_text(parts: list[tuple[int, int, int, str, str] | None], first: int, last: int) -> str:
    """``format_date_range`` of two distinct days' codes, from each day's (year, month, day,
    text, month abbreviation); equal codes are equal timestamps."""
    start, end = parts[first], parts[last]
    if start is None:
        return ""
    if end is None or first == last:
        return start[3]
    if start[:2] == end[:2]:
        return f"{start[2]}–{end[3]}"
    if start[0] == end[0]:
        return f"{start[2]} {start[4]} – {end[3]}"
    return f"{start[3]} – {end[3]}"


# The Timeline's chart and its event picker, and the Events table and its picker when few
# events match, ask for the same newest events of one rerun's frame: sorted once for it.
@per_frames(size=4)
def newest_events(events: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The `limit` newest events, newest first.

    Events are ordered by start date, then id (of two events starting the same day, the one
    with the larger id counts as the newer).

    This function does not mutate its input.

    Args:
        events: Events frame.
        limit: How many events at most.

    Returns:
        The rows, newest first (all of them when there are no more than `limit`).
    """
    if events.empty or limit <= 0:
        return events.iloc[:0]
    starts = events[schema.START_DATE].to_numpy()
    # Only events starting on or after the limit-th newest start date can be among the newest;
    # sorting those few instead of every event keeps this fast at 100,000 events.
    cut = max(len(starts) - limit, 0)
    threshold = np.partition(starts, cut)[cut]
    candidates = np.flatnonzero(events[schema.START_DATE] >= threshold)
    # Sorted by their two keys alone and taken from the frame once: filtering and sorting the
    # whole frame copied every column twice.
    keys = events[[schema.START_DATE, schema.ID]].iloc[candidates].reset_index(drop=True)
    order = keys.sort_values([schema.START_DATE, schema.ID]).index.to_numpy()
    return events.iloc[candidates[order][-limit:][::-1]]


def table_events(events: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The events an on-screen table lists: the `limit` newest, newest first.

    Args:
        events: Events frame.
        limit: The most rows; ``MAX_TABLE_EVENTS`` when None.

    Returns:
        ``newest_events`` of at most `limit` rows.
    """
    limit = MAX_TABLE_EVENTS if limit is None else limit
    return newest_events(events, min(limit, len(events)))


def picker_events(
    events: pd.DataFrame, limit: int = MAX_PICKER_EVENTS, keep: Sequence[str | None] = ()
) -> pd.DataFrame:
    """The events a picker lists: the `limit` newest (by start date, then id), plus `keep`.

    This function does not mutate its input.

    Args:
        events: Events frame.
        limit: The most newest events listed.
        keep: Event ids listed even when older (the event chosen or clicked); None is ignored.

    Returns:
        The rows to list, newest first, then the kept older ones.
    """
    if len(events) <= limit:
        return events
    newest = newest_events(events, limit)
    # Only the kept ids the newest rows lack are looked for among all the events.
    listed = set(newest[schema.ID])
    wanted = [event_id for event_id in keep if event_id is not None and event_id not in listed]
    extra = events[events[schema.ID].isin(wanted)] if wanted else events.iloc[:0]
    return pd.concat([newest, extra])


def event_choices(
    events: pd.DataFrame, limit: int = MAX_PICKER_EVENTS, keep: Sequence[str | None] = ()
) -> dict[str, str]:
    """The options of an event picker: id -> "3–5 Mar 2023 · title", newest first.

    The `limit` newest events in the order of ``newest_events`` (the Events table's and the
    Timeline's, top down), then the kept older ones (``picker_events``).

    Args:
        events: Events frame.
        limit: The most newest events offered.
        keep: Event ids offered even when older (the event chosen or clicked); None is ignored.

    Returns:
        Ordered mapping of event id to label.
    """
    if len(events) <= limit:
        listed = newest_events(events, len(events))
    else:
        listed = picker_events(events, limit, keep)
    dates = format_date_ranges(listed[schema.START_DATE], listed[schema.END_DATE])
    return {
        str(event_id): f"{when} · {title}"
        for event_id, when, title in zip(
            listed[schema.ID], dates, listed[schema.TITLE], strict=True
        )
    }


def join_list(values: Iterable[str] | None, separator: str = "; ") -> str:
    """Join a list cell for display ("" for an empty or missing list)."""
    if values is None or (not isinstance(values, tuple | list) and pd.isna(values)):
        return ""
    try:
        # The loader's cells are tuples of text, joined as they are (most of a table's time).
        return separator.join(values)
    except TypeError:
        return separator.join(str(value) for value in values)


def join_lists(cells: Iterable[Any], separator: str = "; ") -> list[str]:
    """``join_list`` of every cell of a list column.

    The loader's cells are tuples of text, joined here directly; any other cell goes through
    ``join_list`` (a call a cell was most of the time of a long table's list columns).
    """
    joined = []
    for cell in cells:
        if type(cell) is tuple:
            try:
                joined.append(separator.join(cell))
                continue
            except TypeError:
                pass
        joined.append(join_list(cell, separator))
    return joined


def events_table(events: pd.DataFrame, fields: Sequence[str] | None = None) -> pd.DataFrame:
    """Return the events as a display table: one row an event, readable values.

    Dates stay real dates in Start/End (so the table sorts correctly) and are also given as
    text in Dates. Lists are joined with "; ". Kosovo is written Kosovo*. This function does
    not mutate its input.

    Args:
        events: Events frame.
        fields: Keys of ``DISPLAY_COLUMNS`` to include, in this order; every one when None.
            Only these are computed (a short table of many events is much faster).

    Returns:
        A new frame, columns labelled as in ``DISPLAY_COLUMNS``.
    """
    wanted = list(DISPLAY_COLUMNS) if fields is None else list(fields)
    # Columns in events' row order, made into one frame at the end (adding them one by one to
    # a frame cost more than making most of them).
    columns = events_columns(events, wanted)
    table = pd.DataFrame(columns, index=pd.RangeIndex(len(events)), columns=wanted)
    return table.rename(columns=DISPLAY_COLUMNS)


def events_columns(events: pd.DataFrame, fields: Sequence[str] | None = None) -> dict[str, Any]:
    """The columns of ``events_table`` before they are made a frame, by field.

    Args:
        events: Events frame.
        fields: Keys of ``DISPLAY_COLUMNS``, in this order; every one when None.

    Returns:
        Field -> its values in the events' order (a list or an array).
    """
    wanted = list(DISPLAY_COLUMNS) if fields is None else list(fields)
    columns: dict[str, Any] = {}
    for name in wanted:
        if name in (schema.START_DATE, schema.END_DATE):
            columns[name] = events[name].dt.date.array
        elif name == "dates":
            columns[name] = format_date_ranges(events[schema.START_DATE], events[schema.END_DATE])
        elif name == schema.COUNTRY:
            # Kosovo -> Kosovo*, missing -> "": vectorised rather than a call per event.
            countries = events[schema.COUNTRY].fillna("").astype(str)
            columns[name] = countries.where(countries != schema.KOSOVO, schema.KOSOVO_DISPLAY).array
        elif name in (schema.PILLARS, schema.ORGANISERS, schema.PARTNERS, schema.CAVEATS):
            columns[name] = join_lists(events[name])
        else:
            columns[name] = events[name].fillna("").astype(str).array
    return columns


def latest_events(events: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """Return the most recent events, newest first, as a short display table.

    Args:
        events: Events frame.
        count: How many events.

    Returns:
        Columns Dates, Title, City, Country, Pillars.
    """
    return events_table(newest_events(events, count), SHORT_TABLE_FIELDS)
