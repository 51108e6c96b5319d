"""Tests of analytics.page_models.overview: the Overview page's model, counted by hand.

tests/data/small_events.yaml holds four events:
    2022-06-09 Podgorica, Montenegro   2022-06-20 Sarajevo, Bosnia and Herzegovina
    2023-03-03 Pristina, Kosovo        2023-10-17 online (no city)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from analytics import Dataset, filters, load_dataset
from analytics.page_models.overview import overview_page

SMALL = Path(__file__).resolve().parents[1] / "data" / "small_events.yaml"


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load_dataset(SMALL)


def raw_events() -> list[dict[str, object]]:
    return list(yaml.safe_load(SMALL.read_text(encoding="utf-8"))["events"])


def model_for(dataset: Dataset, event_filter: filters.EventFilter):  # type: ignore[no-untyped-def]
    events = filters.apply(dataset.events, event_filter, dataset.event_partners)
    return overview_page(dataset, events, event_filter)


def test_whole_file_headlines_without_a_previous_period(small: Dataset) -> None:
    raw = raw_events()
    model = model_for(small, filters.EventFilter())
    values = {h.label: h.value for h in model.headlines}
    assert values["Events"] == len(raw) == 4
    assert values["Host cities"] == len({e["city"] for e in raw if e.get("city")}) == 3
    assert not model.compared and all(h.change is None for h in model.headlines)
    first = min(str(e["start_date"]) for e in raw)
    assert first == "2022-06-09" and model.period_text == "9 Jun 2022 – 17 Oct 2023"
    assert model.trend is not None and len(model.latest) == 4


def test_a_year_is_compared_with_the_year_before(small: Dataset) -> None:
    """2023 and 2022 both hold two events: the change is 0; 2023 has one host city, 2022 two."""
    year = filters.EventFilter(period="2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    model = model_for(small, year)
    by_label = {h.label: h for h in model.headlines}
    assert model.compared
    assert (by_label["Events"].value, by_label["Events"].change) == (2, 0)
    assert (by_label["Host cities"].value, by_label["Host cities"].change) == (1, -1)


def test_no_matching_event(small: Dataset) -> None:
    later = filters.EventFilter(period="2030", start=dt.date(2030, 1, 1), end=dt.date(2030, 12, 31))
    model = model_for(small, later)
    assert model.trend is None and model.latest.empty
    assert model.period_text == "no events"
    assert {h.label: h.value for h in model.headlines}["Events"] == 0
