"""The one filter model of the app: a frozen dataclass, its application, and its URL form."""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import parse_qsl

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics import schema
from analytics.memo import per_frames
from analytics.words import count_text

PERIOD_ALL = "All"
PERIOD_THIS_YEAR = "This year"
PERIOD_LAST_12_MONTHS = "Last 12 months"
# Twelve months ending on the dataset's last event day: recent activity even when the data
# stops before today (the bundled data ends in October 2023).
PERIOD_LATEST_12_MONTHS = "Latest 12 months of data"
PERIOD_CUSTOM = "Custom dates"

# Query-string parameter of each filter field.
PARAM_PERIOD = "period"
PARAM_FROM = "from"
PARAM_TO = "to"
PARAMS = {
    "pillars": "pillar",
    "event_types": "type",
    "roles": "role",
    "countries": "country",
    "cities": "city",
    "partners": "partner",
    "partner_kinds": "kind",
}
PARAM_TEXT = "q"
MAX_TEXT = 200


@dataclass(frozen=True)
class EventFilter:
    """What the user asked to see. An empty selection means "no restriction".

    Attributes:
        period: A period preset (``PERIOD_*`` or a year such as "2023").
        start: First day of the period (None: unbounded); set for every preset but "All".
        end: Last day of the period (None: unbounded).
        pillars: Pillar codes, or ``schema.NO_PILLAR`` for events of no pillar; an event
            matches if it has any of them.
        event_types: Event types.
        roles: IISG roles.
        countries: Host countries (as stored, "Kosovo" without the asterisk).
        cities: Host cities.
        partners: Canonical partner names; an event matches if any of them took part.
        partner_kinds: Partner kind labels; an event matches if a partner of any kind took part.
        text: Words searched (case-insensitive) in title and summary.
    """

    period: str = PERIOD_ALL
    start: dt.date | None = None
    end: dt.date | None = None
    pillars: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    partner_kinds: tuple[str, ...] = ()
    text: str = ""

    @property
    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return self == EventFilter()


@dataclass(frozen=True)
class FilterOptions:
    """The values a dataset offers for each filter (what the sidebar lists)."""

    years: tuple[int, ...] = ()
    pillars: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = schema.IISG_ROLES
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    partner_kinds: tuple[str, ...] = ()
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)


# Listing the distinct values of 100,000 events on every rerun would cost a noticeable
# fraction of a second: the options of a loaded dataset's frames are kept.
@per_frames()
def filter_options(
    events: pd.DataFrame, event_partners: pd.DataFrame, pillar_codes: Sequence[str]
) -> FilterOptions:
    """List the values each filter can take in this dataset.

    The options of the same two frames are computed once and served again on later calls.

    Args:
        events: Events frame (all events, unfiltered; not changed in place afterwards).
        event_partners: The event x partner table.
        pillar_codes: Pillar codes in pillar order.

    Returns:
        Sorted options; pillars end with ``schema.NO_PILLAR``.
    """
    return _filter_options(events, event_partners, pillar_codes)


def _filter_options(
    events: pd.DataFrame, event_partners: pd.DataFrame, pillar_codes: Sequence[str]
) -> FilterOptions:

    def distinct(column: pd.Series) -> tuple[str, ...]:
        return tuple(sorted(str(value) for value in column.dropna().unique()))

    return FilterOptions(
        years=tuple(sorted({int(y) for y in events[schema.YEAR].unique()}, reverse=True)),
        pillars=(*pillar_codes, schema.NO_PILLAR),
        event_types=distinct(events[schema.EVENT_TYPE]),
        roles=schema.IISG_ROLES,
        countries=distinct(events[schema.COUNTRY]),
        cities=distinct(events[schema.CITY]),
        partners=distinct(event_partners[schema.PARTNER]),
        partner_kinds=distinct(event_partners[schema.PARTNER_KIND]),
        first_day=None if events.empty else events[schema.START_DATE].min().date(),
        last_day=None if events.empty else events[schema.END_DATE].max().date(),
    )


def twelve_months_ending(day: dt.date) -> tuple[dt.date, dt.date]:
    """Return the twelve months ending on a day: (the day after the same day a year before, day).

    Args:
        day: The last day.

    Returns:
        (first day, last day); from 29 Feb 2024 the first day is 1 Mar 2023.
    """
    year_ago = (
        day.replace(year=day.year - 1)
        if not (day.month == 2 and day.day == 29)
        else day.replace(year=day.year - 1, day=28)
    )
    return year_ago + dt.timedelta(days=1), day


def period_range(
    period: str, today: dt.date, data_end: dt.date | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """Return the first and last day of a period preset.

    Args:
        period: ``PERIOD_ALL``, ``PERIOD_THIS_YEAR``, ``PERIOD_LAST_12_MONTHS``,
            ``PERIOD_LATEST_12_MONTHS`` or a year "2023".
        today: The reference day of the relative presets.
        data_end: The dataset's last event day (``FilterOptions.last_day``), the end of
            ``PERIOD_LATEST_12_MONTHS``; None for a dataset without events.

    Returns:
        (start, end); (None, None) for "All", and for the latest 12 months of no data.

    Raises:
        ValueError: The period is none of these (custom dates have no preset range).
    """
    if period == PERIOD_ALL:
        return None, None
    if period == PERIOD_THIS_YEAR:
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if period == PERIOD_LAST_12_MONTHS:
        return twelve_months_ending(today)
    if period == PERIOD_LATEST_12_MONTHS:
        return twelve_months_ending(data_end) if data_end is not None else (None, None)
    if period.isdigit() and len(period) == 4:
        year = int(period)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    raise ValueError(f"unknown period {period!r}")


def outside_data(
    event_filter: EventFilter, first_day: dt.date | None, last_day: dt.date | None
) -> str | None:
    """Say why a period holds no event when it lies wholly after (or before) the data.

    Args:
        event_filter: The active filter.
        first_day: The dataset's first event day (``FilterOptions.first_day``).
        last_day: The dataset's last event day (``FilterOptions.last_day``).

    Returns:
        E.g. "This year (1 Jan 2026 – 31 Dec 2026) starts after the data ends on 17 Oct
        2023.", or None when the period overlaps the data (or there is no data).
    """
    if first_day is None or last_day is None:
        return None
    start, end = event_filter.start, event_filter.end
    label = (
        event_filter.period
        if event_filter.period not in (PERIOD_ALL, PERIOD_CUSTOM)
        else "The period"
    )
    dates = f"{_day(start) if start else 'the start'} – {_day(end) if end else 'the end'}"
    if start is not None and start > last_day:
        return f"{label} ({dates}) starts after the data ends on {_day(last_day)}."
    if end is not None and end < first_day:
        return f"{label} ({dates}) ends before the data starts on {_day(first_day)}."
    return None


def _day(day: dt.date) -> str:
    # As the pages write days (display.format_date): "17 Oct 2023".
    return f"{day.day} {day.strftime('%b %Y')}"


class _ListIndex:
    """Where each value of a column of tuples occurs: one (row, value code) pair per item.

    Which rows hold any of some values is then one lookup over these pairs instead of a
    Python test of every row's tuple (about 25 ms at 100,000 events).
    """

    def __init__(self, column: pd.Series) -> None:
        lists = [values or () for values in column]
        lengths = np.fromiter((len(values) for values in lists), dtype=np.intp, count=len(lists))
        self.size = len(lists)
        self.rows = np.repeat(np.arange(len(lists), dtype=np.intp), lengths)
        # Python's own dict decides which values are equal, as the set test of a row did.
        self.lookup: dict[Any, int] = {}
        self.codes = np.fromiter(
            (
                self.lookup.setdefault(value, len(self.lookup))
                for values in lists
                for value in values
            ),
            dtype=np.intp,
            count=int(lengths.sum()),
        )
        self.empty = lengths == 0

    def any_of(self, wanted: Sequence[object]) -> np.ndarray:
        """Which rows hold at least one of `wanted`, one boolean a row."""
        keep = np.zeros(self.size, dtype=bool)
        codes = [self.lookup[value] for value in set(wanted) if value in self.lookup]
        if codes:
            keep[self.rows[np.isin(self.codes, codes)]] = True
        return keep


class _EventIndex:
    """What filtering needs of one events frame, each part made when first used."""

    def __init__(self, events: pd.DataFrame) -> None:
        # Held weakly: the memo below keeps this object, and must not keep the frame alive.
        self._events = weakref.ref(events)

    def _frame(self) -> pd.DataFrame:
        events = self._events()
        if events is None:  # The memo drops an index with its frame; this cannot happen.
            raise ReferenceError("the events frame of this index is gone")
        return events

    @functools.cached_property
    def pillars(self) -> _ListIndex:
        return _ListIndex(self._frame()[schema.PILLARS])

    @functools.cached_property
    def partners(self) -> _ListIndex:
        return _ListIndex(self._frame()[schema.PARTNERS])


# Filters of one loaded dataset's events run on every rerun of every page: the parts of the
# test that depend on the events alone are made once per frame.
@per_frames(size=8)
def _event_index(events: pd.DataFrame) -> _EventIndex:
    return _EventIndex(events)


def apply(
    events: pd.DataFrame, event_filter: EventFilter, event_partners: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return the events matching a filter. This function does not mutate its inputs.

    An event matches the period if any of its days falls in it. Within one filter field the
    selected values are alternatives (any); different fields must all match.

    Args:
        events: Events frame.
        event_filter: The filter.
        event_partners: The event x partner table; needed only to filter by partner kind.

    Returns:
        The matching rows, in the input's order.
    """
    return events[matching_rows(events, event_filter, event_partners)]


def matching_rows(
    events: pd.DataFrame, event_filter: EventFilter, event_partners: pd.DataFrame | None = None
) -> np.ndarray:
    """Which events match a filter (as ``apply`` keeps them), one boolean a row.

    The parts of the test that depend on the events alone (which rows name a pillar or a
    partner) are made once for a frame and reused by later calls with the same frame object,
    as every rerun makes with the loaded dataset's events. This function does not mutate its
    inputs.

    Args:
        events: Events frame (not changed in place afterwards).
        event_filter: The filter.
        event_partners: The event x partner table; needed only to filter by partner kind.

    Returns:
        One boolean a row of `events`, in its order.
    """
    keep = np.ones(len(events), dtype=bool)
    if event_filter.is_empty:
        return keep
    index = _event_index(events)
    if event_filter.start is not None:
        keep &= (events[schema.END_DATE] >= pd.Timestamp(event_filter.start)).to_numpy()
    if event_filter.end is not None:
        keep &= (events[schema.START_DATE] <= pd.Timestamp(event_filter.end)).to_numpy()
    if event_filter.pillars:
        named = index.pillars.any_of(event_filter.pillars)
        if schema.NO_PILLAR in event_filter.pillars:
            named |= index.pillars.empty
        keep &= named
    for name, column in (
        ("event_types", schema.EVENT_TYPE),
        ("roles", schema.IISG_ROLE),
        ("countries", schema.COUNTRY),
        ("cities", schema.CITY),
    ):
        selected = getattr(event_filter, name)
        if selected:
            keep &= is_in(events[column], selected)
    if event_filter.partners:
        keep &= index.partners.any_of(event_filter.partners)
    if event_filter.partner_kinds:
        if event_partners is None:
            raise ValueError("filtering by partner kind needs the event x partner table")
        of_kind = event_partners[
            event_partners[schema.PARTNER_KIND].isin(event_filter.partner_kinds)
        ]
        keep &= is_in(events[schema.ID], of_kind[schema.EVENT_ID])
    if event_filter.text.strip():
        # Only the events the other filters keep are searched: the slowest test, done last.
        rows = np.flatnonzero(keep)
        title, summary = events[schema.TITLE], events[schema.SUMMARY]
        if len(rows) < len(keep):
            title, summary = title.iloc[rows], summary.iloc[rows]
        keep[rows] = _search(title, summary, event_filter.text.strip())
    return keep


def _search(title: pd.Series, summary: pd.Series, needle: str) -> np.ndarray:
    """Which events hold `needle` (case ignored) in the title, a new line, then the summary.

    Title and summary are searched one after the other, not joined: a joined copy of them
    kept for the next search held about 49 MB at 100,000 events. Only a needle with a new line
    can match across the two, and only then are they joined, for this search alone.
    """

    def found(text: pd.Series) -> np.ndarray:
        if not pd.api.types.is_string_dtype(text.dtype):
            # A column without any text (all missing, so read as numbers) holds no match.
            return np.zeros(len(text), dtype=bool)
        matches = text.str.contains(needle, case=False, regex=False).fillna(False)
        return np.asarray(matches.to_numpy(dtype=bool), dtype=bool)

    if "\n" in needle:
        return found(title.fillna("") + "\n" + summary.fillna(""))
    return found(title) | found(summary)


def is_in(column: pd.Series, values: Sequence[object] | pd.Series) -> np.ndarray:
    """Which values of a column are among `values` (missing values never are).

    pandas' ``isin`` converts Arrow-backed strings to Python objects first (over 0.1 s for
    65,000 rows); Arrow's own ``is_in`` does the same in milliseconds.

    Args:
        column: The column to test.
        values: The wanted values.

    Returns:
        One boolean a row, in the column's order.
    """
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        array = pa.array(column)
        chosen = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
        wanted = pa.array(chosen.dropna().astype(dtype), type=array.type).unique()
        found = pc.is_in(array, value_set=wanted, skip_nulls=True)
        return np.asarray(pc.fill_null(found, False).to_numpy(zero_copy_only=False), dtype=bool)
    return np.asarray(column.isin(list(values)).fillna(False), dtype=bool)


@dataclass(frozen=True)
class _TableEvents:
    """A long table's event ids as codes: row i is of event ``ids[codes[i]]`` (-1: none)."""

    codes: np.ndarray
    ids: pd.Index


# The dataset's long tables are filtered on every rerun: their event ids are coded once.
@per_frames(size=8)
def _table_events(table: pd.DataFrame) -> _TableEvents:
    codes, ids = pd.factorize(table[schema.EVENT_ID])
    return _TableEvents(codes=codes, ids=pd.Index(ids))


def apply_to_table(table: pd.DataFrame, matching_events: pd.DataFrame) -> pd.DataFrame:
    """Keep the rows of a long table (event x partner, event x pillar) of the given events.

    Rows without an event id are never kept. This function does not mutate its inputs.

    Args:
        table: The long table, with an event id column (not changed in place afterwards:
            its ids are coded once per frame).
        matching_events: The events whose rows are kept.

    Returns:
        The rows of `table` of those events, in its order.
    """
    return table[rows_of_events(table, matching_events)]


def rows_of_events(table: pd.DataFrame, matching_events: pd.DataFrame) -> np.ndarray:
    """Which rows of a long table are of the given events (as ``apply_to_table`` keeps them).

    Args:
        table: The long table, with an event id column (not changed in place afterwards:
            its ids are coded once per frame).
        matching_events: The events.

    Returns:
        One boolean a row of `table`; rows without an event id are never of an event.
    """
    coded = _table_events(table)
    found = coded.ids.get_indexer(matching_events[schema.ID])
    # One slot more than there are ids: rows coded -1 (no id) look at it, and it stays False.
    wanted = np.zeros(len(coded.ids) + 1, dtype=bool)
    wanted[found[found >= 0]] = True
    return wanted[coded.codes]


def to_query_params(event_filter: EventFilter) -> dict[str, str | list[str]]:
    """Encode a filter as query-string parameters (only what differs from no filter).

    Args:
        event_filter: The filter.

    Returns:
        Parameter name -> value or list of values.
    """
    params: dict[str, str | list[str]] = {}
    if event_filter.period == PERIOD_CUSTOM:
        if event_filter.start:
            params[PARAM_FROM] = event_filter.start.isoformat()
        if event_filter.end:
            params[PARAM_TO] = event_filter.end.isoformat()
    elif event_filter.period != PERIOD_ALL:
        params[PARAM_PERIOD] = event_filter.period
    for name, param in PARAMS.items():
        values = getattr(event_filter, name)
        if values:
            params[param] = list(values)
    if event_filter.text.strip():
        params[PARAM_TEXT] = event_filter.text.strip()
    return params


def params_from_address(address: str) -> dict[str, list[str]]:
    """Read the filter parameters of a dashboard address or of its query string alone.

    "http://host:8501/report?pillar=WBCTi&country=Albania", "?pillar=WBCTi" and
    "pillar=WBCTi&country=Albania" give the same parameters (as ``st.query_params`` gives them
    to the pages, every value of a repeated parameter kept).

    Args:
        address: The address, or its query string.

    Returns:
        Parameter name -> its values, in order.
    """
    text = address.strip()
    if "?" in text:
        text = text.split("?", 1)[1]
    elif "://" in text:
        text = ""
    text = text.split("#", 1)[0]
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(text, keep_blank_values=False):
        params.setdefault(name, []).append(value)
    return params


def from_query_params(
    params: Mapping[str, Sequence[str]], options: FilterOptions, today: dt.date
) -> tuple[EventFilter, list[str]]:
    """Decode query-string parameters into a filter, ignoring what is invalid.

    Args:
        params: Parameter name -> all its values.
        options: What the dataset offers; values outside it are ignored.
        today: The reference day for relative periods.

    Returns:
        The filter and one notice per ignored parameter or value, in plain words.
    """
    notices: list[str] = []
    result = EventFilter()
    period_values = list(params.get(PARAM_PERIOD, []))
    if period_values:
        period = period_values[-1]
        presets = {
            PERIOD_ALL,
            PERIOD_THIS_YEAR,
            PERIOD_LAST_12_MONTHS,
            PERIOD_LATEST_12_MONTHS,
            *(str(y) for y in options.years),
        }
        if period in presets:
            start, end = period_range(period, today, options.last_day)
            result = replace(result, period=period, start=start, end=end)
        else:
            notices.append(
                f"Ignored the period '{period[:40]}' from the link: it is not one this dataset offers."
            )
    dates: dict[str, dt.date | None] = {}
    for param in (PARAM_FROM, PARAM_TO):
        values = list(params.get(param, []))
        if not values:
            continue
        try:
            dates[param] = dt.date.fromisoformat(values[-1])
        except ValueError:
            notices.append(
                f"Ignored '{param}={values[-1][:40]}' from the link: dates are written YYYY-MM-DD."
            )
    if dates:
        start, end = dates.get(PARAM_FROM), dates.get(PARAM_TO)
        if start and end and end < start:
            notices.append("Ignored the dates from the link: the end is before the start.")
        else:
            result = replace(result, period=PERIOD_CUSTOM, start=start, end=end)
    # The multi-choice fields chosen in the link, by field name (one replace for them all).
    choices: dict[str, Any] = {}
    for name, param in PARAMS.items():
        allowed = set(getattr(options, name))
        chosen: list[str] = []
        for value in params.get(param, []):
            if value in allowed:
                if value not in chosen:
                    chosen.append(value)
            else:
                notices.append(
                    f"Ignored {param} '{value[:60]}' from the link: this dataset has no such {param}."
                )
        choices[name] = tuple(chosen)
    result = replace(result, **choices)
    text_values = list(params.get(PARAM_TEXT, []))
    if text_values:
        result = replace(result, text=text_values[-1][:MAX_TEXT])
    known = {PARAM_PERIOD, PARAM_FROM, PARAM_TO, PARAM_TEXT, *PARAMS.values()}
    for param in params:
        if param not in known:
            notices.append(f"Ignored the unknown link parameter '{param[:40]}'.")
    return result, notices


def describe(event_filter: EventFilter) -> str:
    """Describe the active filters in words, e.g. "2023 · pillars WBCTi · search 'database'".

    Args:
        event_filter: The filter.

    Returns:
        The description; "no filters" when nothing is filtered.
    """
    parts: list[str] = []
    if event_filter.period == PERIOD_CUSTOM or (event_filter.start or event_filter.end):
        first = event_filter.start.isoformat() if event_filter.start else "the start"
        last = event_filter.end.isoformat() if event_filter.end else "the end"
        label = (
            event_filter.period
            if event_filter.period not in (PERIOD_CUSTOM, PERIOD_ALL)
            else "dates"
        )
        parts.append(f"{label} ({first} to {last})")
    labels = {
        "pillars": "pillars",
        "event_types": "types",
        "roles": "IISG role",
        "countries": "countries",
        "cities": "cities",
        "partners": "partners",
        "partner_kinds": "partner kinds",
    }
    for name in (f.name for f in fields(EventFilter)):
        if name in labels and getattr(event_filter, name):
            values = [
                schema.display_country(v) if name == "countries" else v
                for v in getattr(event_filter, name)
            ]
            parts.append(f"{labels[name]} {', '.join(values)}")
    if event_filter.text.strip():
        parts.append(f"search '{event_filter.text.strip()}'")
    return " · ".join(parts) if parts else "no filters"


def caption(event_filter: EventFilter, matched: int, total: int) -> str:
    """The line every page shows under its title: active filters and how many events match."""
    return f"Showing {matched:,} of {count_text(total, 'event', grouped=True)} · {describe(event_filter)}"
