"""Tests of analytics.ingest.page_text: events read from the Events page text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from analytics import schema
from analytics.dataset.writer import NEEDS_REVIEW
from analytics.ingest import limits
from analytics.ingest.page_text import extract_from_text
from tests.ingest.sources import FIXTURES, D, curated_page_events

EXACT_FIELDS = (schema.START_DATE, schema.END_DATE, schema.CITY, schema.COUNTRY, schema.PILLARS)
REPORTED_FIELDS = (
    *EXACT_FIELDS,
    schema.EVENT_TYPE,
    schema.IISG_ROLE,
    schema.ORGANISERS,
    schema.PARTNERS,
    schema.VENUE,
    schema.SUMMARY,
)


def comparable(event: dict[str, Any], name: str) -> Any:
    value = event.get(name)
    if name in schema.LIST_FIELDS:
        return list(value or [])
    if name == schema.SUMMARY and value:
        return " ".join(str(value).split())
    return value


def test_page_accuracy_against_the_curated_events(page_events: list[dict[str, Any]]) -> None:
    """Dates, city, country and pillars match the curators' nine events exactly; a table is printed."""
    curated = curated_page_events()
    assert len(curated) == 9 and len(page_events) == 9
    rows = []
    for name in REPORTED_FIELDS:
        right = sum(
            comparable(mine, name) == comparable(theirs, name)
            for mine, theirs in zip(page_events, curated, strict=True)
        )
        rows.append((name, right))
    listed = [name for name in (schema.PARTNERS,)]
    found = wanted = hits = 0
    for mine, theirs in zip(page_events, curated, strict=True):
        for name in listed:
            got, want = set(mine.get(name) or []), set(theirs.get(name) or [])
            found, wanted, hits = found + len(got), wanted + len(want), hits + len(got & want)
    table = "\n".join(f"  {name:<12} {right}/9" for name, right in rows)
    print(  # noqa: T201
        f"\nField accuracy on the nine Events page events:\n{table}\n"
        f"  partner names: precision {hits}/{found}, recall {hits}/{wanted}"
    )
    scores = dict(rows)
    for name in EXACT_FIELDS:
        assert scores[name] == 9, name
    assert scores[schema.PARTNERS] >= 9
    assert scores[schema.EVENT_TYPE] >= 9
    assert scores[schema.IISG_ROLE] >= 6


def test_unknown_role_is_left_empty_and_flagged(page_events: list[dict[str, Any]]) -> None:
    """ "met with" names no role: iisg_role stays absent and is listed for review."""
    hos = next(e for e in page_events if e[schema.START_DATE] == D(2023, 9, 12))
    assert schema.IISG_ROLE not in hos
    assert schema.IISG_ROLE in hos[NEEDS_REVIEW]
    assert schema.COUNTRY in hos[NEEDS_REVIEW]  # Belgium comes from the gazetteer, not the text


def test_sample_page_reads_kosovo_prishtina_and_roman_pillars() -> None:
    """ "Prishtina, Kosovo*" is Pristina, Kosovo; "Pillar I and Pillar III" are WBCTi and WBBSi."""
    text = (FIXTURES / "events_page_sample.txt").read_text(encoding="utf-8")
    events = extract_from_text(text)
    assert [e[schema.TITLE] for e in events] == [
        "IISG Board Meeting – Prishtina, Kosovo*",
        "Workshop on border security data",
        "Coordination call",
    ]
    board, workshop, call = events
    assert (board[schema.START_DATE], board[schema.END_DATE]) == (D(2024, 3, 14), D(2024, 3, 15))
    assert (board[schema.CITY], board[schema.COUNTRY]) == ("Pristina", "Kosovo")
    assert board[schema.PILLARS] == ["WBCTi", "WBBSi"]
    assert board[schema.EVENT_TYPE] == "board meeting"
    assert board[schema.PARTNERS] == [
        "Western Balkans Partners",
        "DG NEAR",
        "Austria",
        "United States",
    ]
    assert workshop[schema.IISG_ROLE] == schema.ROLE_PARTICIPANT
    assert workshop[schema.PILLARS] == ["WBBSi"]
    assert workshop[schema.PARTNERS] == ["Frontex"]
    assert schema.START_DATE not in call
    assert {schema.START_DATE, schema.CITY, schema.IISG_ROLE} <= set(call[NEEDS_REVIEW])


def test_a_text_with_too_many_events_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """More title + paragraph blocks than MAX_IMPORT_EVENTS: refused, naming the count."""
    monkeypatch.setattr(limits, "MAX_IMPORT_EVENTS", 5)
    block = "Board meeting\n\nOn 12 March 2023 the IISG Secretariat met the partners in Tirana.\n\n"
    with pytest.raises(ValueError, match="the text holds 6 events; import at most 5"):
        extract_from_text(block * 6)


def test_a_very_long_paragraph_is_cut_with_a_caveat() -> None:
    """A paragraph over MAX_PARAGRAPH_CHARS is read up to the limit and says so."""
    paragraph = "On 12 March 2023 the IISG Secretariat met the partners in Tirana. " + (
        "More words here. " * 3000
    )
    assert len(paragraph) > limits.MAX_PARAGRAPH_CHARS
    (event,) = extract_from_text("Board meeting\n\n" + paragraph + "\n")
    assert event[schema.START_DATE] == dt.date(2023, 3, 12)
    assert limits.CUT_PARAGRAPH_CAVEAT in event[schema.CAVEATS]
    assert len(event[schema.SUMMARY]) <= limits.MAX_PARAGRAPH_CHARS
