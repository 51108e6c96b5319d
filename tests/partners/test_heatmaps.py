"""Tests of analytics.partners: partners by pillar and by year, engagement over time."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics import Dataset, charts, schema
from analytics import partners as pa
from tests.partners.fixtures import (
    PILLARS,
    empty_partners,
    inline_events,
    inline_partners,
    inline_pillars,
)


def test_pillar_counts_count_a_multi_pillar_event_under_each_pillar() -> None:
    """A: e1 WBCTi + e2 WBCTi/WBBSi (e3 has none); B adds e4 WBCSCi; C: e2 only."""
    counts = pa.pillar_counts(inline_partners(), inline_pillars(), ["A", "B", "C"], PILLARS)
    assert counts.loc["A"].tolist() == [2, 0, 1]
    assert counts.loc["B"].tolist() == [2, 1, 1]
    assert counts.loc["C"].tolist() == [1, 0, 1]
    assert list(counts.columns) == list(PILLARS)


def test_pillar_counts_on_the_small_fixture(small: Dataset) -> None:
    """WB Partners: Podgorica (WBCSCi) and the board (all three); DG NEAR: board and WBCTi."""
    counts = pa.pillar_counts(
        small.event_partners, small.event_pillars, ["Western Balkans Partners", "DG NEAR"], PILLARS
    )
    assert counts.loc["Western Balkans Partners"].tolist() == [1, 2, 1]
    assert counts.loc["DG NEAR"].tolist() == [2, 1, 1]


def test_pillar_heatmap_shows_counts_with_pillar_labels(small: Dataset) -> None:
    """The heatmap's cells are the counts, written in the cells, under the pillar labels."""
    counts = pa.pillar_counts(small.event_partners, small.event_pillars, ["DG NEAR"], PILLARS)
    labels = charts.pillar_labels(small.reference)
    figure = pa.pillar_heatmap(counts, labels)
    heatmap = figure.data[0]
    assert heatmap.type == "heatmap"
    assert [list(row) for row in heatmap.z] == [[2, 1, 1]]
    assert [list(row) for row in heatmap.text] == [["2", "1", "1"]]
    assert list(heatmap.x) == [labels[code] for code in PILLARS]
    assert list(heatmap.y) == ["DG NEAR"]


def test_pillar_counts_and_heatmap_of_no_partners() -> None:
    """No partners: an empty table and a figure that says so."""
    counts = pa.pillar_counts(empty_partners(), inline_pillars(), [], PILLARS)
    assert counts.empty
    figure = pa.pillar_heatmap(counts, {})
    assert len(figure.data) == 0 and figure.layout.annotations


def test_engagement_first_latest_and_years() -> None:
    """A: first 1 Mar 2021, latest 10 Jan 2023, 2 active years, [2, 0, 1] over 2021-2023."""
    table = pa.engagement(inline_events(), inline_partners(), ["A", "B", "C"]).set_index(
        schema.PARTNER
    )
    assert table.loc["A", pa.FIRST_EVENT] == dt.date(2021, 3, 1)
    assert table.loc["A", pa.LATEST_EVENT] == dt.date(2023, 1, 10)
    assert table.loc["B", pa.LATEST_EVENT] == dt.date(2023, 5, 5)
    assert table.loc["C", pa.FIRST_EVENT] == dt.date(2021, 6, 1)
    assert table[pa.YEARS_ACTIVE].tolist() == [2, 2, 2]
    assert table[pa.EVENTS].tolist() == [3, 3, 2]
    assert table.loc["A", pa.EVENTS_PER_YEAR] == [2, 0, 1]
    assert table.loc["C", pa.EVENTS_PER_YEAR] == [1, 0, 1]
    assert pa.most_events_in_a_year(table) == 2


def test_engagement_uses_the_year_counts_it_is_given() -> None:
    """Given year_counts of the same arguments, engagement's yearly lists are those rows."""
    names = ["A", "B", "C"]
    counts = pa.year_counts(inline_events(), inline_partners(), names)
    given = pa.engagement(inline_events(), inline_partners(), names, counts)
    pd.testing.assert_frame_equal(given, pa.engagement(inline_events(), inline_partners(), names))
    # The lists come from the table passed in (here one doubled), not from a second count.
    doubled = pa.engagement(inline_events(), inline_partners(), names, counts * 2)
    assert doubled.set_index(schema.PARTNER).loc["A", pa.EVENTS_PER_YEAR] == [4, 0, 2]


def test_year_counts_include_years_without_events() -> None:
    """2022 has no event but is a column of zeros, so gaps show."""
    counts = pa.year_counts(inline_events(), inline_partners(), ["B", "A"])
    assert list(counts.columns) == [2021, 2022, 2023]
    assert counts.index.tolist() == ["B", "A"]
    assert counts.loc["B"].tolist() == [2, 0, 1]


def test_engagement_on_the_small_fixture(small: Dataset) -> None:
    """DG NEAR: 20 Jun 2022 to 3 Mar 2023, one event a year; WB Partners: two in 2022."""
    table = pa.engagement(
        small.events, small.event_partners, ["DG NEAR", "Western Balkans Partners"]
    ).set_index(schema.PARTNER)
    assert table.loc["DG NEAR", pa.FIRST_EVENT] == dt.date(2022, 6, 20)
    assert table.loc["DG NEAR", pa.LATEST_EVENT] == dt.date(2023, 3, 3)
    assert table.loc["DG NEAR", pa.EVENTS_PER_YEAR] == [1, 1]
    assert table.loc["Western Balkans Partners", pa.EVENTS_PER_YEAR] == [2, 0]
    assert table.loc["Western Balkans Partners", pa.YEARS_ACTIVE] == 1
    labelled = pa.engagement_table(table.reset_index())
    assert list(labelled.columns)[:3] == [pa.LABEL_PARTNER, pa.LABEL_KIND, pa.LABEL_EVENTS]


def test_year_heatmap_leaves_empty_years_blank() -> None:
    """Cells hold the counts; a year without events has no number written."""
    counts = pa.year_counts(inline_events(), inline_partners(), ["A"])
    heatmap = pa.year_heatmap(counts).data[0]
    assert [list(row) for row in heatmap.z] == [[2, 0, 1]]
    assert [list(row) for row in heatmap.text] == [["2", "", "1"]]
    assert list(heatmap.x) == ["2021", "2022", "2023"]


def test_engagement_of_no_events_is_empty() -> None:
    """No events: empty table, no years, and an empty-state figure."""
    events = inline_events().iloc[0:0]
    assert pa.engagement(events, empty_partners(), ["A"]).empty
    assert pa.year_span(events) == []
    assert pa.most_events_in_a_year(pa.engagement(events, empty_partners(), [])) == 0
    assert len(pa.year_heatmap(pa.year_counts(events, empty_partners(), [])).data) == 0
