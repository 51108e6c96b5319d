"""One event being drafted: the fields read from its words, and those a person must check."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from analytics import schema
from analytics.dataset.reference import Reference, normalise_name
from analytics.dataset.writer import NEEDS_REVIEW
from analytics.ingest import guesses, limits
from analytics.ingest.guesses import (
    find_organisers,
    find_partners,
    find_pillars,
    guess_event_type,
    guess_role,
)
from analytics.ingest.host_place import country_name, find_place


@dataclass
class Draft:
    """An event being extracted and the fields to review."""

    values: dict[str, Any] = field(default_factory=dict)
    review: list[str] = field(default_factory=list)

    def unsure(self, name: str) -> None:
        """Mark a field for review (once)."""
        if name not in self.review:
            self.review.append(name)

    def result(self) -> dict[str, Any]:
        """The event with its `needs_review` list, in the schema's field order."""
        order = list(schema.ALL_FIELDS)
        review = sorted(self.review, key=lambda name: order.index(name) if name in order else 99)
        return {**self.values, NEEDS_REVIEW: review}


def _truncated(text: str) -> bool:
    return not re.search(r"[.!?)\"”’]\s*$", text.strip())


def describe(
    draft: Draft,
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
            values.setdefault(schema.CAVEATS, []).append(limits.COUNTRY_INFERRED_CAVEAT)
    else:
        draft.unsure(schema.COUNTRY)
    venue = guesses.venue(text)
    if location and not venue:
        first = location.split(",")[0].strip()
        if first and place.city and normalise_name(first) != normalise_name(place.city):
            if not country_name(first):
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
        values.setdefault(schema.CAVEATS, []).append(limits.NO_PARTNERS_CAVEAT)
    truncated = _truncated(text)
    if truncated:
        values.setdefault(schema.CAVEATS, []).append(limits.TRUNCATED_CAVEAT)
    if inferred or truncated or not partners:
        draft.unsure(schema.PARTNERS)
