"""Ids for new events, like the dataset's: date, city, then a few words of the title."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from analytics import schema
from analytics.ingest.text import STOP_WORDS, plain


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", plain(text).casefold()).strip("-")


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
        if word and word not in STOP_WORDS and word not in skip
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
