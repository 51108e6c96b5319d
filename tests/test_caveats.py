"""Tests of analytics.caveats: marks, the participants-missing rule, the caveats table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from analytics import caveats, schema

ROOT = Path(__file__).resolve().parents[1]


def events_with(*caveat_lists: tuple[str, ...] | None) -> pd.DataFrame:
    count = len(caveat_lists)
    return pd.DataFrame(
        {
            schema.ID: [f"e{i}" for i in range(count)],
            schema.TITLE: [f"Event {i}" for i in range(count)],
            schema.START_DATE: pd.to_datetime(["2023-04-25"] * count),
            schema.END_DATE: pd.to_datetime(["2023-04-26"] * count),
            schema.CAVEATS: list(caveat_lists),
        }
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Source text truncated; other participants may not be listed.", True),
        ("Participants not named in the source.", True),
        ("Some participants not named: EU institutions and agencies also attended.", True),
        ("Support Group members took part but are not named in the source.", True),
        ("Pillars not named: the source mentions 'three structures per IISG Pillar'.", False),
        ("Organiser not named in the source.", False),
        ("City not named: the source gives the venue only as DCAF headquarters.", False),
        (
            "Sources disagree on the place: the IISG page says Tivat, an Italian report says Rome.",
            False,
        ),
    ],
)
def test_rule_reads_which_caveats_leave_participants_out(text: str, expected: bool) -> None:
    """Only caveats about unnamed or cut-off participants make partner counts lower bounds."""
    assert caveats.says_participants_missing(text) is expected


def test_every_bundled_caveat_about_participants_is_caught() -> None:
    """Each caveat text of data/events.yaml that speaks of participants or members is matched."""
    events = yaml.safe_load((ROOT / "data" / "events.yaml").read_text(encoding="utf-8"))["events"]
    texts = {c for e in events for c in e.get("caveats") or []}
    about_people = {
        t for t in texts if ("participants" in t.lower() or "members" in t.lower()) and "not" in t
    }
    assert about_people, "the bundled data has caveats about participants"
    assert all(caveats.says_participants_missing(t) for t in about_people)


def test_marks_count_each_events_caveats() -> None:
    """Two caveats read "⚠ 2", none (or a missing cell) reads ""."""
    events = events_with(("a", "b"), (), None)
    assert caveats.marks(events) == ["⚠ 2", "", ""]
    assert caveats.has_caveats(events).tolist() == [True, False, False]


def test_caveats_table_lists_one_row_a_caveat_numbered_as_given() -> None:
    """Numbers follow the list the events come from; dates are written as on the pages."""
    events = events_with(("first", "second"), (), ("third",))
    table = caveats.caveats_table(events, numbers=[4, 5, 6])
    assert table[caveats.COL_NUMBER].tolist() == [4, 4, 6]
    assert table[caveats.COL_CAVEAT].tolist() == ["first", "second", "third"]
    assert table[caveats.COL_DATES].iloc[0] == "25–26 Apr 2023"


def test_lower_bound_words() -> None:
    """A lower bound reads "at least 17"; a firm figure is just the number; no note for none."""
    assert caveats.at_least(17, True) == "at least 17"
    assert caveats.at_least(17, False) == "17"
    assert caveats.lower_bound_note(0, 12) == ""
    assert "9 of the 12 events" in caveats.lower_bound_note(9, 12)
