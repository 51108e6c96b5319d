"""Guesses from an event's words: pillars, partners, type, IISG role, organisers, venue."""

from __future__ import annotations

import functools
import re

from analytics import schema
from analytics.dataset.reference import Partner, Reference
from analytics.ingest.text import plain as _plain

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


def venue(text: str) -> str | None:
    """The venue a text names ("at the premises of the ..."), or None."""
    match = _VENUE.search(text)
    return match.group(1).strip() if match else None
