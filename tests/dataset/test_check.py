"""Tests of analytics.dataset.check: an event read in one pass is checked as read field by field."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from analytics.dataset.check import EventCheck, EventChecker
from analytics.dataset.events_file import EventsFile
from analytics.dataset.places import load_register
from analytics.dataset.reference import load_reference
from analytics.dataset.yaml_items import Mapping
from analytics.schema import DatasetError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TEST_DATA = ROOT / "tests" / "data"

# Events that are read in one pass or not, each next to what decides it.
EDGE_EVENTS = """\
events:
  - id: plain
    title: A plain event
    start_date: 2023-04-25
    event_type: workshop
    iisg_role: organiser
    pillars: [WBCTi]
    partners: [CEPOL, Italy]
    organisers: [IISG Secretariat]
    city: Tirana
    country: Albania
    source: test
  - id: same-fields-long-title
    title: Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long Long 
    start_date: 2023-04-25
    event_type: workshop
    iisg_role: organiser
    pillars: [WBCTi]
    partners: [CEPOL, 12]
    organisers: [IISG Secretariat]
    city: Tirana
    country: Albania
    source: test
  - id: same-fields-blank-title
    title: ' '
    start_date: 2023-02-30
    event_type: workshop
    iisg_role: organiser
    pillars: [WBCTi]
    partners: [CEPOL, Italy]
    organisers: [IISG Secretariat]
    city: Tirana
    country: Albania
    source: test
  - id: same-fields-number-partner
    title: A partner that is a number
    start_date: 2023-04-25
    event_type: workshop
    iisg_role: organiser
    pillars: [WBCTi]
    partners: [CEPOL, 12]
    organisers: [IISG Secretariat, IISG Secretariat]
    city: Tirana
    country: Albania
    source: test
  - id: same-fields-bad-date
    title: A date that does not exist
    start_date: 2023-02-30
    event_type: workshop
    iisg_role: organiser
    pillars: {WBCTi: 1}
    partners: [CEPOL, Italy]
    organisers: [IISG Secretariat]
    city: Tirana
    country: Albania
    source: test
  - id: quoted-dates
    title: "Quoted dates and text"
    start_date: '2023-04-25'
    end_date: "2023-04-26"
    event_type: 'workshop'
    iisg_role: organiser
    source: test
  - id: short-dates
    title: A date YAML reads with one-digit month and day
    start_date: 2023-4-5
    event_type: workshop
    iisg_role: organiser
    source: test
  - id: short-dates-quoted
    title: The same date quoted is not a date
    start_date: '2023-4-5'
    event_type: workshop
    iisg_role: organiser
    source: test
  - id: time-of-day
    title: A date with a time of day
    start_date: 2023-04-25 10:30:00
    event_type: workshop
    iisg_role: organiser
    source: test
  - id: empty-values
    title: Empty lists and text
    start_date: 2023-04-25
    event_type: workshop
    iisg_role: organiser
    partners:
    pillars: []
    organisers: ['', ' ']
    notes: ''
    summary:
    source: test
  - id: twice-listed
    title: A partner listed twice
    start_date: 2023-04-25
    event_type: workshop
    iisg_role: organiser
    partners: [CEPOL, CEPOL]
    source: test
  - id: one-day-alias
    title: An end date that aliases the start date
    start_date: &day 2023-04-25
    end_date: *day
    event_type: workshop
    iisg_role: organiser
    source: test
  - id: unknown-things
    title: Unknown partner, city, country, pillar
    start_date: 2023-04-25
    event_type: workshop
    iisg_role: organiser
    pillars: [WBXX, wbcti]
    partners: [Nobody Registered]
    city: Nowhere Town
    country: Nowhereland
    source_url: ftp://example.org
    source: test
  - id: Bad_Id
    title: 1234
    start_date: 0023-04-25
    end_date: 2023-04-24
    event_type: no such type
    iisg_role: organiser
    extra: field
    source: test
  - id: duplicate-key
    title: One
    title: Two
    start_date: 2023-04-25
    event_type: workshop
    iisg_role: organiser
    source: test
  - id: missing-fields
    title: No source, no role
    start_date: 2023-04-25
    event_type: workshop
  - !!map
    id: map-tag
    title: An event with the tag every mapping has
    start_date: 2023-04-25
    event_type: workshop
    iisg_role: organiser
    source: test
  - id: nested
    title: {a: mapping}
    start_date: [2023-04-25]
    partners: {a: b}
    event_type: workshop
    iisg_role: organiser
    source: test
"""


def _checker(folder: Path) -> EventChecker:
    reference = load_reference(folder)
    return EventChecker(
        "events.yaml",
        reference,
        load_register(folder),
        functools.cache(reference.registry.resolve),
    )


def _state(check: EventCheck) -> tuple[object, ...]:
    return (check.line, check.event_id, check.values, check.field_lines, check.problems)


def _events(source: bytes) -> list[Mapping]:
    return [item for item in EventsFile(source, "events.yaml") if isinstance(item, Mapping)]


def test_edge_events_read_alike_either_way() -> None:
    """Each edge event gets the same values, lines and problems in one pass as field by field."""
    checker = _checker(DATA)
    events = _events(EDGE_EVENTS.encode())
    assert len(events) == 18
    for position, node in enumerate(events, start=1):
        assert _state(checker.read_event(position, node)) == _state(
            checker._read_by_field(position, node)
        ), node.line


def test_plain_events_are_read_in_one_pass() -> None:
    """Well-formed events, warnings included, take the one-pass reading; faulty ones do not."""
    checker = _checker(DATA)
    events = _events(EDGE_EVENTS.encode())
    one_pass = {node.entries[0][3] for node in events if checker._read_plain(node) is not None}
    assert one_pass == {
        "plain",
        "quoted-dates",
        "empty-values",
        "map-tag",
        "one-day-alias",
        "unknown-things",
    }


def _readable(path: Path) -> bool:
    try:
        return bool(_events(path.read_bytes()))
    except (yaml.YAMLError, DatasetError):
        return False


# The files with events that libyaml reads (the others stop before any event is checked).
FILES = [
    path
    for path in [
        DATA / "events.yaml",
        TEST_DATA / "small_events.yaml",
        *sorted((TEST_DATA / "bad").glob("*.yaml")),
    ]
    if _readable(path)
]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_files_read_alike_either_way(path: Path) -> None:
    """The bundled data, the test data and the bad-input corpus: each event alike either way."""
    checker = _checker(DATA)
    for position, node in enumerate(_events(path.read_bytes()), start=1):
        assert _state(checker.read_event(position, node)) == _state(
            checker._read_by_field(position, node)
        )


def test_bundled_events_are_read_in_one_pass() -> None:
    """Every event of the bundled data takes the one-pass reading."""
    checker = _checker(DATA)
    events = _events((DATA / "events.yaml").read_bytes())
    assert events
    assert all(checker._read_plain(node) is not None for node in events)
