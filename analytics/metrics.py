"""Headline figures of a set of events (the KPIs of the overview and the reports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analytics import filters, schema
from analytics.memo import per_frames


@dataclass(frozen=True)
class Kpis:
    """Headline figures of a set of events."""

    events: int
    days_of_meetings: int
    partners: int
    host_cities: int
    countries: int
    first_date: pd.Timestamp | None
    last_date: pd.Timestamp | None


def compute_kpis(events: pd.DataFrame, event_partners: pd.DataFrame) -> Kpis:
    """Count events, meeting days, partners, host cities and host countries.

    Partners are the distinct canonical partner names attending the given events (a group such
    as "Western Balkans Partners" counts once). Host cities are distinct (city, country) pairs;
    events without a city count toward neither cities nor countries. This function does not
    mutate its inputs.

    Args:
        events: Events frame (a filtered subset is fine).
        event_partners: The event x partner long table (may cover more events than `events`).

    Returns:
        The figures; dates are None when there are no events.
    """
    attending = filters.rows_of_events(event_partners, events)
    # Only the two place columns are filtered (the whole frame copied every column).
    places = events[[schema.CITY, schema.COUNTRY]]
    located = places[places[schema.CITY].notna()]
    # Distinct (city, country) pairs; a missing country is one value, as drop_duplicates has it.
    cities = located.drop_duplicates()
    empty = events.empty
    return Kpis(
        events=len(events),
        days_of_meetings=int(events[schema.DURATION_DAYS].sum()),
        partners=_distinct(_partner_codes(event_partners)[attending]),
        host_cities=len(cities),
        countries=int(events[schema.COUNTRY].dropna().nunique()),
        first_date=None if empty else events[schema.START_DATE].min(),
        last_date=None if empty else events[schema.END_DATE].max(),
    )


# The partner names of the dataset's event x partner table, coded once: the headline figures
# count them for two periods on every rerun.
@per_frames(size=4)
def _partner_codes(event_partners: pd.DataFrame) -> np.ndarray:
    """Each row's partner as an integer code, -1 for a missing name."""
    return np.asarray(pd.factorize(event_partners[schema.PARTNER])[0])


def _distinct(codes: np.ndarray) -> int:
    """How many distinct codes (-1, missing, left out)."""
    valid = codes[codes >= 0]
    return 0 if valid.size == 0 else int(np.count_nonzero(np.bincount(valid)))


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of equal length that ends the day before `start`.

    Args:
        start: First day of the period.
        end: Last day of the period.

    Returns:
        (first, last) day of the previous period.
    """
    length = (end - start).days + 1
    return start - dt.timedelta(days=length), start - dt.timedelta(days=1)


def kpis_with_previous(
    events: pd.DataFrame, event_partners: pd.DataFrame, event_filter: filters.EventFilter
) -> tuple[Kpis, Kpis | None]:
    """KPIs of the filtered events and of the previous period of equal length.

    The previous period applies the same filters except the dates. There is no previous
    period when the filter has no bounded period.

    Args:
        events: All events (unfiltered).
        event_partners: The event x partner table.
        event_filter: The active filter.

    Returns:
        (current, previous or None).
    """
    current = compute_kpis(filters.apply(events, event_filter, event_partners), event_partners)
    if event_filter.start is None or event_filter.end is None:
        return current, None
    first, last = previous_period(event_filter.start, event_filter.end)
    before = replace(event_filter, period=filters.PERIOD_CUSTOM, start=first, end=last)
    return current, compute_kpis(filters.apply(events, before, event_partners), event_partners)
