"""Draft events from an iCalendar file (e.g. the WordPress events calendar's export)."""

from __future__ import annotations

import datetime as dt
import html
import re
import zoneinfo
from collections.abc import Iterable
from typing import Any

from analytics import schema
from analytics.dataset.reference import Reference, load_reference
from analytics.ingest import limits
from analytics.ingest.draft import Draft, describe
from analytics.ingest.ids import TakenIds, make_id
from analytics.ingest.text import bounded

# The Secretariat's time zone: a UTC time in a calendar is read as a date here.
DEFAULT_TIME_ZONE = "Europe/Belgrade"


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
    source: str = limits.DEFAULT_SOURCE,
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
    if (
        raw.upper().count(b"BEGIN:VEVENT") > limits.MAX_IMPORT_EVENTS
        or components > 4 * limits.MAX_IMPORT_EVENTS
    ):
        raise ValueError(
            f"the calendar holds {components:,} components; import at most "
            f"{limits.MAX_IMPORT_EVENTS:,} events at a time"
        )
    calendar = icalendar.Calendar.from_ical(data)
    zone = _zone(str(calendar.get("X-WR-TIMEZONE") or "") or None)
    taken = TakenIds(existing_ids)
    events = []
    for component in calendar.walk("VEVENT"):
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue
        draft = Draft()
        title = " ".join(_ical_text(component.get("SUMMARY")).split())[: limits.MAX_TITLE_CHARS]
        full_description = _ical_text(component.get("DESCRIPTION"))
        description = bounded(full_description)
        if description != full_description:
            draft.values.setdefault(schema.CAVEATS, []).append(limits.CUT_PARAGRAPH_CAVEAT)
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
        describe(
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
            caveats = [
                c for c in draft.values.get(schema.CAVEATS, []) if c != limits.TRUNCATED_CAVEAT
            ]
            draft.values[schema.CAVEATS] = caveats
        draft.values = {schema.ID: make_id(draft.values, taken), **draft.values}
        events.append(draft.result())
    return events
