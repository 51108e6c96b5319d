"""Tests of analytics.page_models.pillars: the Pillars page's model, counted by hand.

tests/data/small_events.yaml: 2022-06-09 WBCSCi; 2022-06-20 WBCTi, WBCSCi, WBBSi (the board);
2023-03-03 WBCTi; 2023-10-17 no pillar.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import Dataset, filters, load_dataset, timeline
from analytics.page_models.pillars import PillarsPage

SMALL = Path(__file__).resolve().parents[1] / "data" / "small_events.yaml"


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load_dataset(SMALL)


def test_figures_per_pillar_count_an_event_under_each_of_its_pillars(small: Dataset) -> None:
    model = PillarsPage(small, small.events, small.event_partners, filters.EventFilter())
    events = dict(zip(model.figures_table["Pillar"], model.figures_table["Events"], strict=True))
    assert events == {
        "WBCTi – Counter-terrorism": 2,
        "WBCSCi – Serious and organised crime": 2,
        "WBBSi – Border security": 1,
        "No pillar named": 1,
        "All matching events": 4,
    }


def test_events_per_pillar_per_year(small: Dataset) -> None:
    model = PillarsPage(small, small.events, small.event_partners, filters.EventFilter())
    figure = model.per_period_figure(timeline.YEAR)
    per_year = {
        trace.name.split(" ")[0]: dict(zip(trace.x, trace.y, strict=True)) for trace in figure.data
    }
    assert per_year["WBCTi"] == {"2022": 1, "2023": 1}
    assert per_year["WBCSCi"] == {"2022": 2, "2023": 0}
    assert per_year["WBBSi"] == {"2022": 1, "2023": 0}
    assert model.share_figure is model.share_figure  # computed once
