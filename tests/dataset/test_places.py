"""Tests of analytics.dataset.places: every host city resolves, from the gazetteer, to its real place."""

from __future__ import annotations

import pytest

from analytics import load_dataset, schema
from analytics.dataset import places


def test_every_host_city_of_the_bundled_dataset_is_on_the_map() -> None:
    """No event with a city lacks coordinates."""
    events = load_dataset().events
    located = events[events[schema.CITY].notna()]
    assert not located.empty
    assert located[schema.LATITUDE].notna().all()
    assert located[schema.LONGITUDE].notna().all()


def test_place_register_matches_the_gazetteer() -> None:
    """Every coordinate in data/places.yaml is the gazetteer's, not typed by hand."""
    register = places.load_register()
    assert register.places
    for (city, _country), place in register.places.items():
        stand_in = register.map_as.get((city, _country))
        found = places.lookup(stand_in or place.city, place.country)
        assert found is not None, place.city
        assert (found.latitude, found.longitude, found.geonameid) == (
            place.latitude,
            place.longitude,
            place.geonameid,
        )


@pytest.mark.parametrize(
    ("city", "country", "latitude", "longitude"),
    [
        ("Tirana", "Albania", 41.33, 19.82),
        ("Prishtina", "Kosovo", 42.67, 21.17),
        ("Skopje", "North Macedonia", 42.00, 21.43),
        ("Portorož", "Slovenia", 45.51, 13.59),
    ],
)
def test_lookup_finds_cities_by_name_and_alternate_name(
    city: str, country: str, latitude: float, longitude: float
) -> None:
    """Cities resolve to their real coordinates, alternate spellings included."""
    place = places.lookup(city, country)
    assert place is not None
    assert place.latitude == pytest.approx(latitude, abs=0.05)
    assert place.longitude == pytest.approx(longitude, abs=0.05)


def test_lookup_respects_the_country() -> None:
    """A city name in the wrong country is not matched to a namesake elsewhere."""
    assert places.lookup("Belgrade", "Serbia") is not None
    assert places.lookup("Tirana", "Serbia") is None
    assert places.lookup("Tirana", "Narnia") is None


def test_country_codes() -> None:
    """Country names used by the dataset map to ISO codes, Kosovo to XK."""
    assert places.country_code("Kosovo") == "XK"
    assert places.country_code("North Macedonia") == "MK"
    assert places.country_code("Czechia") == "CZ"
    assert places.country_code("Atlantis") is None
