"""Turn event rows into what users read: formatted dates, joined lists, Kosovo* naming."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analytics import schema

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


def join_list(values: Iterable[str] | None, separator: str = "; ") -> str:
    """Join a list cell for display ("" for an empty or missing list)."""
    if values is None or (not isinstance(values, tuple | list) and pd.isna(values)):
        return ""
    return separator.join(str(value) for value in values)


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events as a display table: one row an event, every field, readable values.

    Dates stay real dates in Start/End (so the table sorts correctly) and are also given as
    text in Dates. Lists are joined with "; ". Kosovo is written Kosovo*. This function does
    not mutate its input.

    Args:
        events: Events frame.

    Returns:
        A new frame with the columns of ``DISPLAY_COLUMNS`` (labels as column names).
    """
    table = pd.DataFrame(index=events.index)
    table[schema.START_DATE] = events[schema.START_DATE].dt.date
    table[schema.END_DATE] = events[schema.END_DATE].dt.date
    table["dates"] = [
        format_date_range(start, end)
        for start, end in zip(events[schema.START_DATE], events[schema.END_DATE], strict=True)
    ]
    for name in (
        schema.TITLE,
        schema.CITY,
        schema.VENUE,
        schema.FORMAT,
        schema.EVENT_TYPE,
        schema.IISG_ROLE,
        schema.SUMMARY,
        schema.SOURCE,
        schema.SOURCE_URL,
        schema.ID,
    ):
        table[name] = events[name].fillna("").astype(str)
    table[schema.COUNTRY] = [
        schema.display_country(c if pd.notna(c) else None) for c in events[schema.COUNTRY]
    ]
    for name in (schema.PILLARS, schema.ORGANISERS, schema.PARTNERS, schema.CAVEATS):
        table[name] = [join_list(value) for value in events[name]]
    return table[list(DISPLAY_COLUMNS)].rename(columns=DISPLAY_COLUMNS).reset_index(drop=True)


def latest_events(events: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """Return the most recent events, newest first, as a short display table.

    Args:
        events: Events frame.
        count: How many events.

    Returns:
        Columns Dates, Title, City, Country, Pillars.
    """
    newest = events.sort_values([schema.START_DATE, schema.ID], ascending=[False, True]).head(count)
    table = events_table(newest)
    return table[["Dates", "Title", "City", "Country", "Pillars"]]
