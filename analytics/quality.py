"""Data-quality tables: problems to fix, missing facts, unknown names, duplicates, caveats."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analytics import schema
from analytics.display import format_date
from analytics.reference import PartnerRegistry
from analytics.schema import Problem

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
TITLE_SIMILARITY = 0.85
DUPLICATE_WINDOW_DAYS = 1


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


def _missing(row: pd.Series) -> list[str]:
    """The optional facts one event lacks (an online event needs no city)."""
    lacks = []
    online = not _is_blank(row[schema.FORMAT]) and row[schema.FORMAT] == ONLINE
    if _is_blank(row[schema.CITY]) and not online:
        lacks.append(FACT_CITY)
    if _is_blank(row[schema.PARTNERS]):
        lacks.append(FACT_PARTNERS)
    if _is_blank(row[schema.PILLARS]):
        lacks.append(FACT_PILLAR)
    if _is_blank(row[schema.SUMMARY]):
        lacks.append(FACT_SUMMARY)
    return lacks


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
    rows = []
    for _, row in events.sort_values([schema.START_DATE, schema.ID]).iterrows():
        lacks = _missing(row)
        if lacks:
            rows.append(
                {
                    EVENT: row[schema.ID],
                    TITLE: row[schema.TITLE],
                    START: row[schema.START_DATE].date(),
                    LINE: row[schema.LINE],
                    MISSING: ", ".join(lacks),
                }
            )
    return pd.DataFrame(rows, columns=[EVENT, TITLE, START, LINE, MISSING])


def missing_fact_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Count, for each optional fact, the events that lack it.

    Args:
        events: Events frame.

    Returns:
        Columns Fact, Events without it; one row per fact in ``FACTS`` order.
    """
    counts = dict.fromkeys(FACTS, 0)
    for _, row in events.iterrows():
        for fact in _missing(row):
            counts[fact] += 1
    return pd.DataFrame({FACT: list(counts), EVENTS_MISSING: list(counts.values())})


def unknown_partners(events: pd.DataFrame, registry: PartnerRegistry) -> pd.DataFrame:
    """Return the partner and organiser names the partners registry does not know.

    Args:
        events: Events frame (names of known partners are canonical, unknown ones as written).
        registry: The partners registry.

    Returns:
        Columns Name, Listed as ("partner" or "organiser"), Events (count), Event ids (joined),
        most frequent first.
    """
    found: dict[tuple[str, str], list[str]] = {}
    for column, role in ((schema.PARTNERS, "partner"), (schema.ORGANISERS, "organiser")):
        for event_id, names in zip(events[schema.ID], events[column], strict=True):
            for name in names if isinstance(names, tuple | list) else ():
                if registry.resolve(name) is None:
                    found.setdefault((name, role), []).append(str(event_id))
    rows = [
        {NAME: name, LISTED_AS: role, EVENTS: len(ids), EVENT_IDS: ", ".join(ids)}
        for (name, role), ids in found.items()
    ]
    table = pd.DataFrame(rows, columns=[NAME, LISTED_AS, EVENTS, EVENT_IDS])
    return table.sort_values([EVENTS, NAME], ascending=[False, True], ignore_index=True)


def unlocated_cities(events: pd.DataFrame) -> pd.DataFrame:
    """Return the host cities that could not be placed on the map (no coordinates).

    Args:
        events: Events frame.

    Returns:
        Columns City, Country (as displayed, Kosovo*), Events, Event ids; by city.
    """
    located = events[events[schema.CITY].notna() & events[schema.LATITUDE].isna()]
    found: dict[tuple[str, str], list[str]] = {}
    for event_id, city, country in zip(
        located[schema.ID], located[schema.CITY], located[schema.COUNTRY], strict=True
    ):
        key = (str(city), schema.display_country(country if pd.notna(country) else None))
        found.setdefault(key, []).append(str(event_id))
    rows = [
        {CITY: city, COUNTRY: country, EVENTS: len(ids), EVENT_IDS: ", ".join(ids)}
        for (city, country), ids in sorted(found.items())
    ]
    return pd.DataFrame(rows, columns=[CITY, COUNTRY, EVENTS, EVENT_IDS])


def _same_city(first: object, second: object) -> bool:
    if _is_blank(first) or _is_blank(second):
        return False
    return str(first).casefold() == str(second).casefold()


def _series(first: pd.Series, second: pd.Series) -> bool:
    """True when two events differ in city or in pillars: parts of a series, not duplicates."""
    cities = (first[schema.CITY], second[schema.CITY])
    if not any(_is_blank(c) for c in cities) and not _same_city(*cities):
        return True
    pillars = (first[schema.PILLARS], second[schema.PILLARS])
    return not any(_is_blank(p) for p in pillars) and set(pillars[0]) != set(pillars[1])


def title_similarity(first: str, second: str) -> float:
    """Return how alike two titles are, from 0 to 1 (difflib's ratio, case ignored).

    Args:
        first: A title.
        second: Another title.

    Returns:
        The ratio.
    """
    return difflib.SequenceMatcher(None, first.casefold(), second.casefold()).ratio()


def possible_duplicates(
    events: pd.DataFrame,
    *,
    threshold: float = TITLE_SIMILARITY,
    window_days: int = DUPLICATE_WINDOW_DAYS,
) -> pd.DataFrame:
    """Return pairs of events that may be the same event entered twice.

    A pair is listed when both start on the same day in the same city, or when their titles
    are at least ``threshold`` alike and they start at most ``window_days`` apart, unless they
    name different cities or different pillars (a series of meetings, one per capital or per
    pillar, has alike titles by design).

    Args:
        events: Events frame.
        threshold: Title similarity (difflib ratio) from which titles count as alike.
        window_days: Largest gap between start dates for alike titles.

    Returns:
        Columns First event, Second event, First title, Second title, Dates, Why; by date.
    """
    ordered = events.sort_values([schema.START_DATE, schema.ID]).reset_index(drop=True)
    starts = list(ordered[schema.START_DATE])
    ids = list(ordered[schema.ID])
    titles = [str(t) for t in ordered[schema.TITLE]]
    cities = list(ordered[schema.CITY])
    window = pd.Timedelta(days=window_days)
    rows = []
    for i in range(len(ordered)):
        j = i + 1
        while j < len(ordered) and starts[j] - starts[i] <= window:
            reasons = []
            if starts[j] == starts[i] and _same_city(cities[i], cities[j]):
                reasons.append(f"same start date and city ({cities[i]})")
            similarity = title_similarity(titles[i], titles[j])
            # A series (one meeting per capital, or per pillar) has alike titles by design.
            if similarity >= threshold and not _series(ordered.iloc[i], ordered.iloc[j]):
                reasons.append(f"titles {similarity:.0%} alike")
            if reasons:
                dates = format_date(starts[i])
                if starts[j] != starts[i]:
                    dates += f" and {format_date(starts[j])}"
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
            j += 1
    return pd.DataFrame(
        rows, columns=[FIRST_EVENT, SECOND_EVENT, FIRST_TITLE, SECOND_TITLE, DATES, REASON]
    )


def caveats_table(events: pd.DataFrame) -> pd.DataFrame:
    """Return one row per caveat the curators recorded, by event date.

    Args:
        events: Events frame.

    Returns:
        Columns Start, Event, Caveat, Title.
    """
    rows = []
    for _, row in events.sort_values([schema.START_DATE, schema.ID]).iterrows():
        caveats = row[schema.CAVEATS]
        for caveat in caveats if isinstance(caveats, tuple | list) else ():
            rows.append(
                {
                    EVENT: row[schema.ID],
                    TITLE: row[schema.TITLE],
                    START: row[schema.START_DATE].date(),
                    CAVEAT: caveat,
                }
            )
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
            return f"in {ahead} day{'s' if ahead != 1 else ''} (announced)"
        return f"{self.days_since} day{'s' if self.days_since != 1 else ''} ago"


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
