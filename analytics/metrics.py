"""Headline figures of a set of events (the KPIs of the overview and the reports)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics import schema


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
    ids = set(events[schema.ID])
    attending = event_partners[event_partners[schema.EVENT_ID].isin(ids)]
    located = events[events[schema.CITY].notna()]
    cities = located[[schema.CITY, schema.COUNTRY]].astype(object).drop_duplicates()
    empty = events.empty
    return Kpis(
        events=len(events),
        days_of_meetings=int(events[schema.DURATION_DAYS].sum()),
        partners=int(attending[schema.PARTNER].nunique()),
        host_cities=len(cities),
        countries=int(events[schema.COUNTRY].dropna().nunique()),
        first_date=None if empty else events[schema.START_DATE].min(),
        last_date=None if empty else events[schema.END_DATE].max(),
    )
