"""Tests of analytics.metrics: headline figures and the previous period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from analytics import filters, load_dataset
from analytics.filters import EventFilter
from analytics.metrics import compute_kpis, kpis_with_previous, previous_period

SMALL = Path(__file__).parent / "data" / "small_events.yaml"


def test_kpis_count_events_days_partners_cities_countries() -> None:
    """The fixture: 4 events, 7 days, 5 partners, 3 cities in 3 countries."""
    dataset = load_dataset(SMALL)
    kpis = compute_kpis(dataset.events, dataset.event_partners)
    assert (kpis.events, kpis.days_of_meetings, kpis.partners) == (4, 1 + 2 + 3 + 1, 5)
    assert (kpis.host_cities, kpis.countries) == (3, 3)
    assert kpis.first_date == pd.Timestamp("2022-06-09")
    assert kpis.last_date == pd.Timestamp("2023-10-17")


def test_kpis_of_no_events_are_zero() -> None:
    """Zero events give zeros and no dates."""
    dataset = load_dataset(SMALL)
    kpis = compute_kpis(dataset.events.iloc[0:0], dataset.event_partners)
    assert (kpis.events, kpis.partners, kpis.host_cities, kpis.countries) == (0, 0, 0, 0)
    assert kpis.first_date is None


def test_partners_only_of_the_given_events() -> None:
    """Partners are counted over the filtered events only."""
    dataset = load_dataset(SMALL)
    first = dataset.events.iloc[[0]]
    assert compute_kpis(first, dataset.event_partners).partners == 2


def test_previous_period_has_equal_length() -> None:
    """2023 compares with 2022; a leap year's 366 days with the 366 days before."""
    assert previous_period(dt.date(2023, 1, 1), dt.date(2023, 12, 31)) == (
        dt.date(2022, 1, 1),
        dt.date(2022, 12, 31),
    )
    assert previous_period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == (
        dt.date(2022, 12, 31),
        dt.date(2023, 12, 31),
    )
    assert previous_period(dt.date(2023, 4, 1), dt.date(2023, 6, 30)) == (
        dt.date(2022, 12, 31),
        dt.date(2023, 3, 31),
    )


def test_kpis_with_previous_period_use_the_same_other_filters() -> None:
    """2023 has 2 events, 2022 has 2; with WBCTi only: 1 and 1; 'All' has no comparison."""
    dataset = load_dataset(SMALL)
    year = EventFilter(period="2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    now, before = kpis_with_previous(dataset.events, dataset.event_partners, year)
    assert before is not None
    assert (now.events, before.events) == (2, 2)
    wbcti = filters.EventFilter(**{**year.__dict__, "pillars": ("WBCTi",)})
    now, before = kpis_with_previous(dataset.events, dataset.event_partners, wbcti)
    assert before is not None
    assert (now.events, before.events) == (1, 1)
    assert kpis_with_previous(dataset.events, dataset.event_partners, EventFilter())[1] is None
