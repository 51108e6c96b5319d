"""One event as every page shows it (the event card): its facts in words, sources and doubts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analytics import display, schema
from analytics.dataset.reference import Reference
from analytics.safe_text import is_web_link
from analytics.words import count_text

PLACE_NOT_STATED = "Place not stated"
NO_PILLAR_NAMED = "no pillar named"
ORGANISERS_NOT_STATED = "not stated"
NO_PARTNERS_LISTED = "none listed"


@dataclass(frozen=True)
class EventCard:
    """One event as the event card shows it; text as stored (escape it before Markdown).

    Attributes:
        event_id: The event's id.
        title: Title.
        dates: "3–5 Mar 2023 (3 days)".
        place: "Pristina, Kosovo*", or "Place not stated".
        facts: (label, value) pairs of the other fields, in reading order; empty ones left out.
        summary: Summary or "".
        source: The source as written.
        links: The http(s) links of the event (the source, the source_url field), each once.
        caveats: The curators' doubts about the facts.
        notes: The curators' notes or "".
    """

    event_id: str
    title: str
    dates: str
    place: str
    facts: tuple[tuple[str, str], ...]
    summary: str
    source: str
    links: tuple[str, ...]
    caveats: tuple[str, ...]
    notes: str


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _list(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, tuple | list) else ()


def event_card(
    events: pd.DataFrame, event_id: str | None, reference: Reference
) -> EventCard | None:
    """Return the card of one event.

    Args:
        events: Events frame.
        event_id: The event's id (None: no event chosen).
        reference: Reference data (pillar names).

    Returns:
        The card, or None when no event has this id.
    """
    if event_id is None:
        return None
    rows = events[events[schema.ID] == event_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    names = {pillar.code: pillar.name for pillar in reference.pillars}
    days = int(row[schema.DURATION_DAYS])
    city, country = _text(row[schema.CITY]), _text(row[schema.COUNTRY])
    place = ", ".join(part for part in (city, schema.display_country(country)) if part)
    pillars = "; ".join(f"{code} ({names.get(code, code)})" for code in _list(row[schema.PILLARS]))
    # Labelled as the Events table's columns, so the card and the table name a field alike.
    label = display.DISPLAY_COLUMNS
    facts = (
        (label[schema.VENUE], _text(row[schema.VENUE])),
        (label[schema.FORMAT], _text(row[schema.FORMAT])),
        (label[schema.EVENT_TYPE], _text(row[schema.EVENT_TYPE])),
        (label[schema.PILLARS], pillars or NO_PILLAR_NAMED),
        (label[schema.IISG_ROLE], _text(row[schema.IISG_ROLE])),
        (
            label[schema.ORGANISERS],
            "; ".join(_list(row[schema.ORGANISERS])) or ORGANISERS_NOT_STATED,
        ),
        (label[schema.PARTNERS], "; ".join(_list(row[schema.PARTNERS])) or NO_PARTNERS_LISTED),
        (display.SOURCE_REF_LABEL, _text(row[schema.SOURCE_REF])),
    )
    links: list[str] = []
    for candidate in (_text(row[schema.SOURCE]), _text(row[schema.SOURCE_URL])):
        if is_web_link(candidate) and candidate.strip() not in links:
            links.append(candidate.strip())
    dates = display.format_date_range(row[schema.START_DATE], row[schema.END_DATE])
    return EventCard(
        event_id=str(row[schema.ID]),
        title=_text(row[schema.TITLE]),
        dates=f"{dates} ({count_text(days, 'day')})",
        place=place or PLACE_NOT_STATED,
        facts=tuple((label, value) for label, value in facts if value.strip()),
        summary=_text(row[schema.SUMMARY]),
        source=_text(row[schema.SOURCE]),
        links=tuple(links),
        caveats=_list(row[schema.CAVEATS]),
        notes=_text(row[schema.NOTES]),
    )
