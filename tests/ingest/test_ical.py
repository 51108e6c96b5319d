"""Tests of analytics.ingest.ical: events read from iCalendar files."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from analytics import schema
from analytics.dataset.writer import NEEDS_REVIEW
from analytics.ingest import ical
from analytics.ingest.extract import extract
from tests.ingest.sources import FIXTURES, D


def test_calendar_dates_all_day_timed_and_time_zones() -> None:
    """All-day DTEND is exclusive; UTC times become Belgrade dates; TZID times stay local."""
    events = ical.extract_from_ics((FIXTURES / "calendar.ics").read_bytes())
    by_title = {e[schema.TITLE]: e for e in events}
    assert "Cancelled meeting" not in by_title
    rsg = by_title["Regional Support Group Meeting – WBCSCi"]
    assert (rsg[schema.START_DATE], rsg[schema.END_DATE]) == (D(2024, 4, 15), D(2024, 4, 16))
    assert (rsg[schema.CITY], rsg[schema.COUNTRY], rsg[schema.VENUE]) == (
        "Tirana",
        "Albania",
        "Hotel Plaza",
    )
    assert rsg[schema.PILLARS] == ["WBCSCi"]
    assert rsg[schema.EVENT_TYPE] == "support group meeting"
    assert rsg[schema.SOURCE] == "https://wb-iisg.com/event/rsg-wbcsci-2024/"
    assert rsg[schema.PARTNERS] == ["Western Balkans Partners", "CEPOL", "OSCE"]
    near = by_title["IISG Secretariat meeting with DG NEAR"]
    assert near[schema.START_DATE] == D(2024, 5, 20) and schema.END_DATE not in near
    assert near[schema.PILLARS] == ["WBCTi"]  # CATEGORIES: Pillar 1
    # 23:00 UTC on 10 June is 01:00 on 11 June in Belgrade.
    online = by_title["Online consultations with Frontex"]
    assert online[schema.START_DATE] == D(2024, 6, 11) and schema.END_DATE not in online
    # Ends at midnight local time: still a one-day event, on Tokyo's date.
    tokyo = by_title["Conference on border security"]
    assert tokyo[schema.START_DATE] == D(2024, 7, 1) and schema.END_DATE not in tokyo


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 4, 15), D(2024, 4, 16), (D(2024, 4, 15), None)),
        (D(2024, 4, 15), D(2024, 4, 18), (D(2024, 4, 15), D(2024, 4, 17))),
        (
            dt.datetime(2024, 1, 31, 23, 30, tzinfo=dt.UTC),
            dt.datetime(2024, 2, 1, 1, 0, tzinfo=dt.UTC),
            (D(2024, 2, 1), None),
        ),
        (
            dt.datetime(2024, 3, 4, 9, 0),
            dt.datetime(2024, 3, 5, 17, 0),
            (D(2024, 3, 4), D(2024, 3, 5)),
        ),
    ],
)
def test_calendar_dates_table(start: Any, end: Any, expected: Any) -> None:
    """Start and end dates of calendar events, computed by hand."""
    from zoneinfo import ZoneInfo

    assert ical.calendar_dates(start, end, None, ZoneInfo("Europe/Belgrade")) == expected


def _ics(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


def test_a_calendar_event_with_unreadable_end_keeps_its_start_and_says_so() -> None:
    """A floating start with a zoned end, or a huge DURATION, is flagged instead of raising."""
    mixed = ical.extract_from_ics(
        _ics(
            "SUMMARY:Board meeting",
            "DTSTART:20230502T090000",
            "DTEND;TZID=Europe/Belgrade:20230502T170000",
        )
    )
    huge = ical.extract_from_ics(
        _ics("SUMMARY:Board meeting", "DTSTART:20230502T090000Z", "DURATION:P99999999D")
    )
    for events in (mixed, huge):
        assert len(events) == 1
        event = events[0]
        assert event[schema.START_DATE] == dt.date(2023, 5, 2)
        assert schema.END_DATE not in event
        assert schema.END_DATE in event[NEEDS_REVIEW]
        assert any("could not be read" in caveat for caveat in event[schema.CAVEATS])


def test_a_calendar_with_too_many_nested_events_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An .ics of thousands of nested VEVENTs is refused at once, not parsed for minutes."""
    nested = "BEGIN:VEVENT\r\n" * 3000 + "END:VEVENT\r\n" * 3000
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{nested}END:VCALENDAR\r\n".encode()
    with pytest.raises(ValueError, match="import at most 2,000 events at a time"):
        extract("calendar.ics", data)
