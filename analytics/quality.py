"""Data-quality tables: problems to fix, missing facts, unknown names, duplicates, caveats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import duplicates, schema
from analytics.dataset.reference import PartnerRegistry
from analytics.display import format_date
from analytics.memo import per_frames
from analytics.schema import Problem
from analytics.words import count_text

# Column labels of the tables shown to users.
SEVERITY = "Severity"
LINE = "Line"
EVENT = "Event"
FIELD = "Field"
MESSAGE = "What to fix"
TITLE = "Title"
START = "Start"
MISSING = "Missing"
FACT = "Fact"
EVENTS_MISSING = "Events without it"
NAME = "Name"
LISTED_AS = "Listed as"
EVENTS = "Events"
EVENT_IDS = "Event ids"
CITY = "City"
COUNTRY = "Country"
FIRST_EVENT = "First event"
SECOND_EVENT = "Second event"
FIRST_TITLE = "First title"
SECOND_TITLE = "Second title"
DATES = "Dates"
REASON = "Why"
CAVEAT = "Caveat"

PROBLEM_COLUMNS = (SEVERITY, LINE, EVENT, FIELD, MESSAGE)

# The optional facts an event should have, with the label shown when it lacks them.
FACT_CITY = "city"
FACT_PARTNERS = "partners"
FACT_PILLAR = "pillar"
FACT_SUMMARY = "summary"
FACTS = (FACT_CITY, FACT_PARTNERS, FACT_PILLAR, FACT_SUMMARY)

# schema.FORMATS is ("in person", "online", "hybrid"); an online event has no host city.
ONLINE = schema.FORMATS[1]
# The Data quality page shows this many problems as text; the download holds them all (half a
# million lines would be a 77 MB message on every rerun, and over 200 MB Streamlit refuses).
MAX_PROBLEM_LINES = 2_000


def problems_table(problems: Iterable[Problem]) -> pd.DataFrame:
    """Return the problems as a table: errors first, then by line (file-level problems last).

    Args:
        problems: The dataset's problems.

    Returns:
        Columns ``PROBLEM_COLUMNS``; Line is a nullable integer.
    """
    ordered = sorted(
        problems,
        key=lambda p: (p.severity != schema.ERROR, p.line is None, p.line or 0),
    )
    table = pd.DataFrame(
        [
            {
                SEVERITY: p.severity,
                LINE: p.line,
                EVENT: p.event_id or "",
                FIELD: p.field or "",
                MESSAGE: p.message,
            }
            for p in ordered
        ],
        columns=list(PROBLEM_COLUMNS),
    )
    table[LINE] = table[LINE].astype("Int64")
    return table


def problems_text(problems: Sequence[Problem], limit: int | None = None) -> str:
    """The problems as plain text, one a line (file, line, event, field, message).

    Args:
        problems: The dataset's problems.
        limit: At most this many lines (all when None).

    Returns:
        The text, without a final newline.
    """
    chosen = problems if limit is None else problems[:limit]
    return "\n".join(str(problem) for problem in chosen)


def problems_text_bytes(problems: Sequence[Problem]) -> bytes:
    """Every problem as a UTF-8 text file, for the download of the whole list."""
    return (problems_text(problems) + "\n").encode("utf-8")


def severity_counts(problems: Iterable[Problem]) -> dict[str, int]:
    """Count problems by severity.

    Args:
        problems: The dataset's problems.

    Returns:
        ``{"error": n, "warning": m}`` (both keys always present).
    """
    counts = {schema.ERROR: 0, schema.WARNING: 0}
    for problem in problems:
        counts[problem.severity] = counts.get(problem.severity, 0) + 1
    return counts


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, tuple | list):
        return len(value) == 0
    return bool(pd.isna(value)) or str(value).strip() == ""


# What Python's str.strip() removes, for Arrow's regular expressions (RE2): \s, Unicode
# separators (no-break and other spaces), the information separators and NEL.
_ONLY_SPACE = r"[\s\p{Z}\x{1c}-\x{1f}\x{85}]*"


def _blank(column: pd.Series) -> np.ndarray:
    """Which values of a column are blank: missing, only spaces, or an empty list."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        # In Arrow: iterating would make a Python string of every value (100 MB of summaries
        # at 100,000 events) only to test it.
        spaces = column.str.fullmatch(_ONLY_SPACE).fillna(False)
        return np.asarray(column.isna(), dtype=bool) | np.asarray(spaces, dtype=bool)
    return np.fromiter((_is_blank(value) for value in column), dtype=bool, count=len(column))


def _missing(events: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per optional fact, which events lack it (an online event needs no city)."""
    online = np.asarray(events[schema.FORMAT].eq(ONLINE).fillna(False), dtype=bool)
    return {
        FACT_CITY: _blank(events[schema.CITY]) & ~online,
        FACT_PARTNERS: _blank(events[schema.PARTNERS]),
        FACT_PILLAR: _blank(events[schema.PILLARS]),
        FACT_SUMMARY: _blank(events[schema.SUMMARY]),
    }


@per_frames()
def missing_facts(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events lacking an optional fact (city, partners, pillar, summary).

    An online event without a city is not listed for its city. This function does not mutate
    its input.

    Args:
        events: Events frame.

    Returns:
        One row per event lacking something, by start date: Event, Title, Start, Line, Missing
        (the facts, joined with ", ").
    """
    columns = [EVENT, TITLE, START, LINE, MISSING]
    lacking = _missing(events)
    any_lacking = np.logical_or.reduce(list(lacking.values()))
    if not any_lacking.any():
        return pd.DataFrame(columns=columns)
    # Only the lacking events' few columns are taken and sorted, never the whole dataset.
    chosen = np.flatnonzero(any_lacking)
    rows = events.iloc[chosen][[schema.ID, schema.TITLE, schema.START_DATE, schema.LINE]]
    table = pd.DataFrame(
        {
            EVENT: rows[schema.ID].tolist(),
            TITLE: rows[schema.TITLE].tolist(),
            START: [day.date() for day in rows[schema.START_DATE]],
            LINE: rows[schema.LINE].tolist(),
            MISSING: [", ".join(fact for fact in FACTS if lacking[fact][k]) for k in chosen],
        },
        columns=columns,
    )
    return table.sort_values([START, EVENT], kind="stable", ignore_index=True)


@per_frames()
def missing_fact_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Count, for each optional fact, the events that lack it.

    Args:
        events: Events frame.

    Returns:
        Columns Fact, Events without it; one row per fact in ``FACTS`` order.
    """
    lacking = _missing(events)
    return pd.DataFrame(
        {FACT: list(FACTS), EVENTS_MISSING: [int(lacking[fact].sum()) for fact in FACTS]}
    )


@per_frames()
def unknown_partners(events: pd.DataFrame, registry: PartnerRegistry) -> pd.DataFrame:
    """Return the partner and organiser names the partners registry does not know.

    Computed once per loaded dataset (every rerun of Data quality asks again).

    Args:
        events: Events frame (names of known partners are canonical, unknown ones as written).
        registry: The partners registry.

    Returns:
        Columns Name, Listed as ("partner" or "organiser"), Events (count), Event ids (joined),
        most frequent first.
    """
    found: dict[tuple[str, str], list[str]] = {}
    for column, role in ((schema.PARTNERS, "partner"), (schema.ORGANISERS, "organiser")):
        for event_id, names in zip(
            events[schema.ID].tolist(), events[column].tolist(), strict=True
        ):
            for name in names if isinstance(names, tuple | list) else ():
                if registry.resolve(name) is None:
                    found.setdefault((name, role), []).append(str(event_id))
    rows = [
        {NAME: name, LISTED_AS: role, EVENTS: len(ids), EVENT_IDS: ", ".join(ids)}
        for (name, role), ids in found.items()
    ]
    table = pd.DataFrame(rows, columns=[NAME, LISTED_AS, EVENTS, EVENT_IDS])
    return table.sort_values([EVENTS, NAME], ascending=[False, True], ignore_index=True)


@per_frames()
def unlocated_cities(events: pd.DataFrame) -> pd.DataFrame:
    """Return the host cities that could not be placed on the map (no coordinates).

    Computed once per loaded dataset (every rerun of Data quality asks again).

    Args:
        events: Events frame.

    Returns:
        Columns City, Country (as displayed, Kosovo*), Events, Event ids; by city.
    """
    located = events[events[schema.CITY].notna() & events[schema.LATITUDE].isna()]
    found: dict[tuple[str, str], list[str]] = {}
    for event_id, city, country in zip(
        located[schema.ID].tolist(),
        located[schema.CITY].tolist(),
        located[schema.COUNTRY].tolist(),
        strict=True,
    ):
        key = (str(city), schema.display_country(country if pd.notna(country) else None))
        found.setdefault(key, []).append(str(event_id))
    rows = [
        {CITY: city, COUNTRY: country, EVENTS: len(ids), EVENT_IDS: ", ".join(ids)}
        for (city, country), ids in sorted(found.items())
    ]
    return pd.DataFrame(rows, columns=[CITY, COUNTRY, EVENTS, EVENT_IDS])


@per_frames()
def possible_duplicates(
    events: pd.DataFrame,
    *,
    threshold: float = duplicates.TITLE_SIMILARITY,
    window_days: int = duplicates.WINDOW_DAYS,
) -> pd.DataFrame:
    """Return pairs of events that may be the same event entered twice.

    The rule is ``analytics.duplicates``': both start on the same day in the same city, or
    their titles are at least ``threshold`` alike and they start at most ``window_days`` apart,
    unless they name different cities or different pillars. A day with more than
    ``duplicates.MAX_CROWD`` events in one city is one row.

    Args:
        events: Events frame.
        threshold: Title similarity from which titles count as alike.
        window_days: Largest gap between start dates for alike titles.

    Returns:
        Columns First event, Second event, First title, Second title, Dates, Why; by date.
    """
    columns = [FIRST_EVENT, SECOND_EVENT, FIRST_TITLE, SECOND_TITLE, DATES, REASON]
    ordered = events.sort_values([schema.START_DATE, schema.ID]).reset_index(drop=True)
    pairs = duplicates.possible_duplicate_pairs(
        ordered, threshold=threshold, window_days=window_days
    )
    crowds = pairs.crowds
    crowd_rows = [_crowd_row(ordered, members) for members in crowds]
    if len(pairs.first) == 0:
        return pd.DataFrame(crowd_rows, columns=columns)
    # tolist(): iterating an Arrow-backed column one value at a time is ten times slower.
    titles = [str(t) for t in ordered[schema.TITLE].tolist()]
    ids = [str(event_id) for event_id in ordered[schema.ID].tolist()]
    cities = ordered[schema.CITY].tolist()
    starts = ordered[schema.START_DATE].to_numpy()
    # Each date written once (a frame lookup and a format per row took minutes at 100,000 rows).
    day_of, days = pd.factorize(ordered[schema.START_DATE], use_na_sentinel=False)
    day_texts = [format_date(day) for day in days]
    date_texts = [day_texts[code] for code in day_of]
    rows = []
    positions = []
    for k in range(len(pairs.first)):
        i, j = int(pairs.first[k]), int(pairs.second[k])
        positions.append((i, j))
        reasons = []
        if pairs.same_place[k]:
            reasons.append(f"same start date and city ({cities[i]})")
        if pairs.alike[k]:
            reasons.append(f"titles {pairs.similarity[k]:.0f}% alike")
        dates = date_texts[i]
        if starts[i] != starts[j]:
            dates += f" and {date_texts[j]}"
        rows.append(
            {
                FIRST_EVENT: ids[i],
                SECOND_EVENT: ids[j],
                FIRST_TITLE: titles[i],
                SECOND_TITLE: titles[j],
                DATES: dates,
                REASON: "; ".join(reasons),
            }
        )
    # A crowd's row goes before the pairs of its first event (pairs come by date, then id).
    keyed = list(zip(positions, rows, strict=True)) + [
        ((int(members[0]), -1), row) for members, row in zip(crowds, crowd_rows, strict=True)
    ]
    keyed.sort(key=lambda item: item[0])
    return pd.DataFrame([row for _, row in keyed], columns=columns)


def _crowd_row(ordered: pd.DataFrame, members: np.ndarray) -> dict[str, str]:
    """One row standing for a crowd of events on one day in one city (or without a city)."""
    first, last = int(members[0]), int(members[-1])
    city = ordered[schema.CITY].iat[first]
    place = f"in {city}" if duplicates.city_key(city) is not None else "without a city"
    return {
        FIRST_EVENT: str(ordered[schema.ID].iat[first]),
        SECOND_EVENT: str(ordered[schema.ID].iat[last]),
        FIRST_TITLE: str(ordered[schema.TITLE].iat[first]),
        SECOND_TITLE: str(ordered[schema.TITLE].iat[last]),
        DATES: format_date(ordered[schema.START_DATE].iat[first]),
        REASON: (
            f"{len(members):,} events start this day {place}: too many to list in pairs "
            f"(over {duplicates.MAX_CROWD:,}); check them together"
        ),
    }


@per_frames()
def caveats_table(events: pd.DataFrame) -> pd.DataFrame:
    """Return one row per caveat the curators recorded, by event date.

    Args:
        events: Events frame.

    Returns:
        Columns Start, Event, Caveat, Title.
    """
    rows = []
    used = [schema.ID, schema.TITLE, schema.START_DATE, schema.CAVEATS]
    ordered = events[used].sort_values([schema.START_DATE, schema.ID])
    # tolist(): iterating an Arrow-backed column one value at a time is ten times slower.
    for event_id, title, start, caveats in zip(
        ordered[schema.ID].tolist(),
        ordered[schema.TITLE].tolist(),
        ordered[schema.START_DATE].tolist(),
        ordered[schema.CAVEATS].tolist(),
        strict=True,
    ):
        for caveat in caveats if isinstance(caveats, tuple | list) else ():
            rows.append({EVENT: event_id, TITLE: title, START: start.date(), CAVEAT: caveat})
    # The caveat before the title: it is what the reader came for, and titles are long.
    return pd.DataFrame(rows, columns=[START, EVENT, CAVEAT, TITLE])


@dataclass(frozen=True)
class Freshness:
    """How recent the dataset is."""

    latest: dt.date | None
    days_since: int | None

    @property
    def describe(self) -> str:
        """In words: "3 days ago", "today", "in 12 days (announced)", or "no events"."""
        if self.days_since is None:
            return "no events"
        if self.days_since == 0:
            return "today"
        if self.days_since < 0:
            ahead = -self.days_since
            return f"in {count_text(ahead, 'day')} (announced)"
        return f"{count_text(self.days_since, 'day')} ago"


def freshness(events: pd.DataFrame, today: dt.date) -> Freshness:
    """Return the start date of the latest event and the days from it to today.

    Args:
        events: Events frame.
        today: The reference day.

    Returns:
        The freshness (both None for no events); days_since is negative for a future event.
    """
    if events.empty:
        return Freshness(None, None)
    latest = events[schema.START_DATE].max().date()
    return Freshness(latest, (today - latest).days)
