"""Tests of analytics.ingest.review: the review table, its round trip, possible duplicates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from rapidfuzz import fuzz

from analytics import load_dataset, schema
from analytics.dataset.writer import NEEDS_REVIEW, add_events, file_hash
from analytics.ingest import review
from analytics.ingest.page_text import extract_from_text
from tests.helpers import title_ratio
from tests.ingest.sources import FIXTURES, ROOT, D, curated_page_events


def test_duplicates_by_date_and_city_or_similar_title() -> None:
    """Same date and city, or an alike title a day apart, is flagged; a series or a gap is not.

    The Data quality page's rule: the same title a day later in another city (Tivat, not
    Budva) is a series of meetings, not a duplicate.
    """
    existing = pd.DataFrame(
        {
            schema.ID: ["a", "b"],
            schema.TITLE: ["IISG Regional Support Group Meeting – WBCTi", "Other"],
            schema.START_DATE: pd.to_datetime(["2023-04-27", "2023-05-10"]),
            schema.CITY: ["Budva", "Skopje"],
        }
    )
    alike = "IISG Regional Support Group meeting - WBCTi"
    candidates = [
        {
            schema.ID: "x",
            schema.TITLE: "Something",
            schema.START_DATE: D(2023, 5, 10),
            schema.CITY: "Skopje",
        },
        {schema.ID: "y", schema.TITLE: alike, schema.START_DATE: D(2023, 4, 28)},
        {
            schema.ID: "z",
            schema.TITLE: "IISG Regional Support Group Meeting – WBCTi",
            schema.START_DATE: D(2023, 4, 30),
            schema.CITY: "Budva",
        },
        {
            schema.ID: "v",
            schema.TITLE: alike,
            schema.START_DATE: D(2023, 4, 26),
            schema.CITY: "budva",
        },
        {
            schema.ID: "t",
            schema.TITLE: alike,
            schema.START_DATE: D(2023, 4, 28),
            schema.CITY: "Tivat",
        },
        {schema.ID: "u", schema.TITLE: alike, schema.CITY: "Budva"},
    ]
    assert review.find_duplicates(candidates, existing) == [["b"], ["a"], [], ["a"], ["y"], []]


def test_earlier_candidates_and_pillars_count() -> None:
    """A candidate repeating an earlier one of the same import is flagged; other pillars are not."""
    existing = pd.DataFrame(
        {
            schema.ID: ["old"],
            schema.TITLE: ["Regional Support Group Meeting"],
            schema.START_DATE: pd.to_datetime(["2023-04-27"]),
            schema.CITY: [None],
            schema.PILLARS: [("WBCTi",)],
        }
    )
    title = "Regional Support Group Meeting"
    candidates = [
        {schema.ID: "n1", schema.TITLE: title, schema.START_DATE: D(2023, 4, 27),
         schema.PILLARS: ["WBBSi"]},
        {schema.ID: "n2", schema.TITLE: title, schema.START_DATE: D(2023, 4, 28),
         schema.PILLARS: ["WBBSi"]},
        {schema.ID: "n3", schema.TITLE: title, schema.START_DATE: D(2023, 4, 28)},
    ]  # fmt: skip
    assert review.find_duplicates(candidates, existing) == [[], ["n1"], ["old", "n1", "n2"]]


def test_a_candidate_in_a_crowded_day_names_the_crowd() -> None:
    """60 events one day in Tirana are a crowd: a new one there names 50 of them, no pairs."""
    existing = pd.DataFrame(
        {
            schema.ID: [f"e{n:02d}" for n in range(60)],
            schema.TITLE: [f"Session {n}" for n in range(60)],
            schema.START_DATE: pd.to_datetime(["2023-05-02"] * 60),
            schema.CITY: ["Tirana"] * 60,
        }
    )
    candidate = {schema.ID: "new", schema.TITLE: "Other", schema.START_DATE: D(2023, 5, 2),
                 schema.CITY: "Tirana"}  # fmt: skip
    (found,) = review.find_duplicates([candidate], existing)
    assert found == [f"e{n:02d}" for n in range(50)]


def test_review_frame_round_trips_to_events() -> None:
    """The review table gives back the events (needs_review dropped), only ticked rows."""
    events = extract_from_text((FIXTURES / "events_page_sample.txt").read_text(encoding="utf-8"))
    frame = review.review_frame(events, [[], ["old-id"], []])
    assert frame[review.INCLUDE].tolist() == [True, False, True]
    assert frame[review.DUPLICATE_OF].tolist() == ["", "old-id", ""]
    back = review.events_from_frame(frame)
    assert [e[schema.ID] for e in back] == [events[0][schema.ID], events[2][schema.ID]]
    assert NEEDS_REVIEW not in back[0]
    assert back[0][schema.START_DATE] == D(2024, 3, 14)
    assert back[0][schema.PARTNERS] == events[0][schema.PARTNERS]
    styled = review.highlight_unsure(frame).to_html()
    assert review.HIGHLIGHT.split(";")[0] in styled


def test_round_trip_nine_page_events_into_a_dataset_copy(
    page_events: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Importing the nine events into a dataset without them loads them back, zero errors."""
    curated = curated_page_events()
    curated_ids = {e[schema.ID] for e in curated}
    raw = yaml.safe_load((ROOT / "data" / "events.yaml").read_text(encoding="utf-8"))
    kept = [e for e in raw["events"] if e[schema.ID] not in curated_ids]
    target = tmp_path / "events.yaml"
    target.write_text(
        yaml.safe_dump({"events": kept}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    reviewed = []
    for mine, theirs in zip(page_events, curated, strict=True):
        # The person's review: fill what the text did not say.
        event = dict(mine)
        event.setdefault(schema.IISG_ROLE, theirs[schema.IISG_ROLE])
        reviewed.append(event)
    add_events(target, reviewed, expected_hash=file_hash(target))
    dataset = load_dataset(target)
    assert not dataset.errors, [str(p) for p in dataset.errors]
    assert len(dataset.events) == len(kept) + 9
    loaded = dataset.events.set_index(schema.ID)
    for event in reviewed:
        row = loaded.loc[event[schema.ID]]
        assert row[schema.TITLE] == event[schema.TITLE]
        assert row[schema.START_DATE].date() == event[schema.START_DATE]
        assert row[schema.CITY] == event[schema.CITY]
        assert list(row[schema.PILLARS]) == event[schema.PILLARS]
        assert list(row[schema.PARTNERS]) == event[schema.PARTNERS]
        assert " ".join(row[schema.SUMMARY].split()) == event[schema.SUMMARY]


def test_duplicate_checks_compare_only_events_within_a_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """40 candidates against 2,000 events on 400 days: only neighbours in date are compared."""
    existing = pd.DataFrame(
        {
            schema.ID: [f"e{n}" for n in range(2000)],
            schema.TITLE: [f"Meeting {n}" for n in range(2000)],
            schema.START_DATE: [
                pd.Timestamp(dt.date(2020, 1, 1) + dt.timedelta(days=n % 400)) for n in range(2000)
            ],
            schema.CITY: ["Tirana"] * 2000,
        }
    )
    # Without a city, so the titles decide (40: fewer than a crowd of one day).
    candidates = [
        {schema.ID: f"c{n}", schema.TITLE: f"Meeting {n}", schema.START_DATE: dt.date(2020, 3, 1)}
        for n in range(40)
    ]
    calls = 0
    real = fuzz.ratio

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(fuzz, "ratio", counting)
    found = review.find_duplicates(candidates, existing)
    # 15 existing events start within a day of 1 March 2020 (5 a day), plus earlier candidates.
    assert calls <= 40 * 15 + 40 * 39 // 2
    # The same answer as comparing with every existing event, one by one (ratio by hand).
    day = dt.date(2020, 3, 1)
    expected = [
        str(row[schema.ID])
        for _, row in existing.iterrows()
        if abs((row[schema.START_DATE].date() - day).days) <= 1
        and title_ratio("Meeting 0", str(row[schema.TITLE])) >= 85
    ]
    assert sorted(found[0]) == sorted(expected) and expected
