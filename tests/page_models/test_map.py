"""Tests of analytics.page_models.map: the Map page's model, counted by hand.

tests/data/small_events.yaml: events in Podgorica, Sarajevo and Pristina, and one online event.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analytics import Dataset, geomap, load_dataset
from analytics.page_models.map import MapPage

SMALL = Path(__file__).resolve().parents[1] / "data" / "small_events.yaml"


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load_dataset(SMALL)


def test_cities_and_the_events_without_one(small: Dataset) -> None:
    raw = yaml.safe_load(SMALL.read_text(encoding="utf-8"))["events"]
    cities = {(e["city"], e["country"]) for e in raw if e.get("city")}
    model = MapPage(small, small.events)
    assert model.city_count == len(cities) == 3
    assert model.no_city.with_city == 3 and model.no_city.total == 1 == model.no_city.online
    assert sorted(model.city_labels.values()) == [
        "Podgorica, Montenegro",
        "Pristina, Kosovo*",
        "Sarajevo, Bosnia and Herzegovina",
    ]
    assert model.unplaced == [] and len(model.events_without_city) == 1


def test_one_citys_events_and_the_map(small: Dataset) -> None:
    model = MapPage(small, small.events)
    sarajevo = model.city_events("Sarajevo|Bosnia and Herzegovina")
    assert (sarajevo.label, sarajevo.count) == ("Sarajevo, Bosnia and Herzegovina", 1)
    figure = model.figure(geomap.COLOUR_DOMINANT)
    bubbles = {trace.name: len(trace.lat) for trace in figure.data if trace.mode == "markers"}
    # Podgorica: WBCSCi only; Pristina: WBCTi only; Sarajevo: the three-pillar board.
    assert bubbles == {
        "WBCTi – Counter-terrorism": 1,
        "WBCSCi – Serious and organised crime": 1,
        "Cross-cutting (several pillars)": 1,
    }


def test_no_events(small: Dataset) -> None:
    model = MapPage(small, small.events.iloc[0:0])
    assert model.city_count == 0 and model.no_city.total == 0 and model.city_labels == {}
