"""Tests of analytics.page_models.timeline: the Timeline page's model, counted by hand.

tests/data/small_events.yaml: 2022-06-09, 2022-06-20, 2023-03-03, 2023-10-17.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import Dataset, filters, load_dataset, timeline
from analytics.page_models.timeline import TimelinePage

SMALL = Path(__file__).resolve().parents[1] / "data" / "small_events.yaml"


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load_dataset(SMALL)


def test_every_event_drawn_and_offered(small: Dataset) -> None:
    model = TimelinePage(small, small.events, filters.EventFilter())
    assert model.notice is None and len(model.table) == 4
    # June 2022 to October 2023 is 17 months: counted per month (up to 18 months).
    assert model.suggested_step == timeline.MONTH


def test_activity_per_year_beside_the_year_before(small: Dataset) -> None:
    """Two events start in 2022 and two in 2023; a year earlier: none, then 2022's two."""
    model = TimelinePage(small, small.events, filters.EventFilter())
    figure = model.activity_figure(timeline.YEAR)
    bars, previous = figure.data
    assert dict(zip(bars.x, bars.y, strict=True)) == {"2022": 2, "2023": 2}
    assert dict(zip(previous.x, previous.y, strict=True)) == {"2022": 0, "2023": 2}


def test_a_click_names_a_matching_event(small: Dataset) -> None:
    """A clicked bar gives its event's id; a stale click on an event no longer matching, none."""
    model = TimelinePage(small, small.events, filters.EventFilter())
    click = {"points": [{"customdata": ["2023-03-03-pristina-rsg-wbcti"]}]}
    assert model.clicked_event(click) == "2023-03-03-pristina-rsg-wbcti"
    assert model.clicked_event(None) is None
    empty = TimelinePage(small, small.events.iloc[0:0], filters.EventFilter())
    assert empty.clicked_event(click) is None
