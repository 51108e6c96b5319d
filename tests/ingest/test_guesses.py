"""Tests of analytics.ingest.guesses: what the importer reads from an event's words."""

from __future__ import annotations

from analytics.ingest import guesses


def test_the_co_organiser_pattern_is_bounded() -> None:
    """The co-organiser name is at most 120 characters: the pattern cannot scan a whole text."""
    near = "IISG Secretariat and Regional Partner organised a meeting"
    far = "IISG Secretariat and " + "Aaaa " * 40 + "organised a meeting"
    assert guesses._CO_ORGANISER.search(near)
    assert guesses._CO_ORGANISER.search(far) is None
