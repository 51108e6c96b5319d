"""Tests of analytics.event_card: one event as the Timeline and Events pages show it."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import Dataset, load_dataset
from analytics.event_card import event_card
from tests.helpers import SMALL


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load_dataset(SMALL)


def test_the_kosovo_event_card(small: Dataset) -> None:
    """The Pristina event reads its dates and days, Kosovo*, pillar name, partners and its link."""
    card = event_card(small.events, "2023-03-03-pristina-rsg-wbcti", small.reference)
    assert card is not None
    assert card.title == "Regional Pillar Support Group Meeting – WBCTi"
    assert card.dates == "3–5 Mar 2023 (3 days)"
    assert card.place == "Pristina, Kosovo*"
    assert card.facts == (
        ("Type", "support group meeting"),
        ("Pillars", "WBCTi (Counter-terrorism)"),
        ("IISG role", "participant"),
        ("Organisers", "not stated"),
        ("Partners", "DG NEAR; United States"),
    )
    assert card.summary == "A fixture event in Kosovo."
    assert card.source == "https://example.org/event"
    assert card.links == ("https://example.org/event",)
    assert card.event_id == "2023-03-03-pristina-rsg-wbcti"


def test_an_online_event_without_pillar_partners_or_link(small: Dataset) -> None:
    """An online event of no pillar says so in words, and its plain-text source is no link."""
    card = event_card(small.events, "2023-10-17-online-database", small.reference)
    assert card is not None
    facts = dict(card.facts)
    assert card.dates == "17 Oct 2023 (1 day)"
    assert card.place == "Place not stated"
    assert facts["Format"] == "online"
    assert facts["Pillars"] == "no pillar named"
    assert facts["Partners"] == "none listed"
    assert "Venue" not in facts and "Source reference" not in facts
    assert card.source == "test fixture" and card.links == ()


def test_no_card_without_a_known_event(small: Dataset) -> None:
    """No event chosen, or an id no event has: no card."""
    assert event_card(small.events, None, small.reference) is None
    assert event_card(small.events, "no-such-event", small.reference) is None
    assert event_card(small.events.iloc[0:0], "2023-10-17-online-database", small.reference) is None


def test_every_field_of_a_full_event(tmp_path: Path) -> None:
    """Venue, source reference, both links (each once), caveats and notes, as written."""
    events_file = tmp_path / "events.yaml"
    events_file.write_text(
        """events:
  - id: 2023-05-02-tirana-board
    title: Board meeting
    start_date: 2023-05-02
    city: Tirana
    country: Albania
    venue: Hotel Plaza
    format: in person
    event_type: board meeting
    pillars: [WBBSi, WBCTi]
    iisg_role: organiser
    organisers: [IISG Secretariat]
    partners: [DG NEAR]
    source: https://example.org/a
    source_url: https://example.org/b
    source_ref: Minutes p. 3
    caveats: [Date from the minutes.]
    notes: Checked by phone.
""",
        encoding="utf-8",
    )
    dataset = load_dataset(events_file)
    assert not dataset.errors, [str(p) for p in dataset.errors]
    card = event_card(dataset.events, "2023-05-02-tirana-board", dataset.reference)
    assert card is not None
    assert card.place == "Tirana, Albania"
    assert card.facts == (
        ("Venue", "Hotel Plaza"),
        ("Format", "in person"),
        ("Type", "board meeting"),
        ("Pillars", "WBCTi (Counter-terrorism); WBBSi (Border security)"),
        ("IISG role", "organiser"),
        ("Organisers", "IISG Secretariat"),
        ("Partners", "DG NEAR"),
        ("Source reference", "Minutes p. 3"),
    )
    assert card.links == ("https://example.org/a", "https://example.org/b")
    assert card.caveats == ("Date from the minutes.",)
    assert card.notes == "Checked by phone."
