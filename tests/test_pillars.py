"""Tests of analytics.pillars: per-pillar counts, shares, cross tables and figures per pillar."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics import charts, pillars, schema, timeline
from analytics.dataset.load import Dataset
from analytics.dataset.reference import load_reference
from tests.helpers import make_events

REFERENCE = load_reference()
COLUMNS = ["WBCTi", "WBCSCi", "WBBSi", schema.NO_PILLAR]

INLINE = make_events(
    {
        "id": "a",
        "start": "2021-01-15",
        "pillars": ["WBCTi"],
        "country": "Albania",
        "type": "workshop",
    },
    {
        "id": "b",
        "start": "2021-02-01",
        "end": "2021-02-03",
        "pillars": ["WBCTi", "WBBSi"],
        "country": "Kosovo",
        "type": "conference",
    },
    {"id": "c", "start": "2021-08-01", "country": "Albania", "type": "workshop"},
)


def test_an_event_of_two_pillars_is_counted_under_each() -> None:
    """The inline frame's three events give four pillar counts: b counts for WBCTi and WBBSi."""
    mentions = pillars.pillar_mentions(INLINE)
    assert sorted(zip(mentions[schema.ID], mentions[schema.PILLAR], strict=True)) == [
        ("a", "WBCTi"),
        ("b", "WBBSi"),
        ("b", "WBCTi"),
        ("c", schema.NO_PILLAR),
    ]
    counts = pillars.pillar_counts_per_period(INLINE, REFERENCE, timeline.QUARTER)
    table = counts.pivot(index=timeline.PERIOD, columns=schema.PILLAR, values=pillars.COUNT)
    assert table.loc["Q1 2021", "WBCTi"] == 2
    assert table.loc["Q1 2021", "WBBSi"] == 1
    assert table.loc["Q2 2021"].sum() == 0
    assert table.loc["Q3 2021", schema.NO_PILLAR] == 1
    assert counts[pillars.COUNT].sum() == 4


def test_counts_per_year_on_the_small_fixture(small: Dataset) -> None:
    """2022: WBCTi 1, WBCSCi 2, WBBSi 1 (the board meeting counts for all three); 2023: WBCTi 1, none 1."""
    counts = pillars.pillar_counts_per_period(small.events, REFERENCE, timeline.YEAR)
    assert counts[timeline.PERIOD].tolist() == ["2022"] * 4 + ["2023"] * 4
    assert counts[schema.PILLAR].tolist() == COLUMNS * 2
    assert counts[pillars.COUNT].tolist() == [1, 2, 1, 0, 1, 0, 0, 1]
    # Six pillar counts for four events: the per-pillar total exceeds the events.
    assert counts[pillars.COUNT].sum() == 6 > len(small.events)


def test_every_quarter_and_pillar_is_present(small: Dataset) -> None:
    """Seven quarters from Q2 2022 to Q4 2023, each with all four pillar rows, zeros included."""
    counts = pillars.pillar_counts_per_period(small.events, REFERENCE, timeline.QUARTER)
    assert len(counts) == 7 * 4
    q3 = counts[counts[timeline.PERIOD] == "Q3 2022"]
    assert q3[pillars.COUNT].tolist() == [0, 0, 0, 0]


def test_period_figure_stacks_pillars_in_pillar_colours(small: Dataset) -> None:
    """The stacked bars are one trace per pillar, in order and colour, with the yearly counts."""
    counts = pillars.pillar_counts_per_period(small.events, REFERENCE, timeline.YEAR)
    figure = pillars.pillar_period_figure(counts, REFERENCE, timeline.YEAR)
    colours = charts.pillar_colours(REFERENCE)
    labels = charts.pillar_labels(REFERENCE)
    assert figure.layout.barmode == "stack"
    assert [trace.name for trace in figure.data] == [labels[c] for c in COLUMNS]
    assert [trace.marker.color for trace in figure.data] == [colours[c] for c in COLUMNS]
    assert [list(trace.y) for trace in figure.data] == [[1, 1], [2, 0], [1, 0], [0, 1]]
    assert list(figure.data[0].x) == ["2022", "2023"]
    assert "once for each pillar" in figure.layout.title.subtitle.text


def test_shares_count_each_event_once_and_sum_to_100(small: Dataset) -> None:
    """The fixture's four events are one each of WBCTi, WBCSCi, Cross-cutting and No pillar: 25 % each."""
    shares = pillars.pillar_group_shares(small.events, REFERENCE)
    assert shares[schema.PILLAR_GROUP].tolist() == [
        "WBCTi",
        "WBCSCi",
        schema.CROSS_CUTTING,
        schema.NO_PILLAR,
    ]
    assert shares[pillars.COUNT].tolist() == [1, 1, 1, 1]
    assert shares[pillars.SHARE].tolist() == [25.0, 25.0, 25.0, 25.0]


def test_shares_on_the_inline_frame() -> None:
    """One WBCTi, one cross-cutting and one no-pillar event: a third each, summing to 100 %."""
    shares = pillars.pillar_group_shares(INLINE, REFERENCE)
    assert shares[pillars.COUNT].tolist() == [1, 1, 1]
    assert shares[pillars.SHARE].sum() == pytest.approx(100.0)
    figure = pillars.pillar_share_figure(shares, REFERENCE)
    colours = charts.pillar_colours(REFERENCE)
    pie = figure.data[0]
    assert pie.type == "pie"
    assert list(pie.values) == [1, 1, 1]
    assert list(pie.marker.colors) == [
        colours["WBCTi"],
        colours[schema.CROSS_CUTTING],
        colours[schema.NO_PILLAR],
    ]
    assert "counted once" in figure.layout.title.subtitle.text


def test_pillar_by_event_type_on_the_small_fixture(small: Dataset) -> None:
    """Types by pillar: support group meetings WBCTi 1 and WBCSCi 1; the board meeting in all three."""
    table = pillars.pillar_crosstab(small.events, REFERENCE, schema.EVENT_TYPE)
    assert list(table.columns) == COLUMNS
    # Most events first; ties alphabetically.
    assert list(table.index) == ["support group meeting", "board meeting", "working session"]
    assert table.loc["support group meeting"].tolist() == [1, 1, 0, 0]
    assert table.loc["board meeting"].tolist() == [1, 1, 1, 0]
    assert table.loc["working session"].tolist() == [0, 0, 0, 1]


def test_pillar_by_country_names_kosovo_and_not_stated_last(small: Dataset) -> None:
    """Countries by pillar show Kosovo*, and the online event without a country as Not stated, last."""
    table = pillars.pillar_crosstab(small.events, REFERENCE, schema.COUNTRY)
    assert list(table.index) == [
        "Bosnia and Herzegovina",
        "Kosovo*",
        "Montenegro",
        pillars.NOT_STATED,
    ]
    assert table.loc["Bosnia and Herzegovina"].tolist() == [1, 1, 1, 0]
    assert table.loc["Kosovo*"].tolist() == [1, 0, 0, 0]
    assert table.loc[pillars.NOT_STATED].tolist() == [0, 0, 0, 1]


def test_country_order_on_the_inline_frame() -> None:
    """Albania (two events) comes before Kosovo* (one), counted once per event."""
    table = pillars.pillar_crosstab(INLINE, REFERENCE, schema.COUNTRY)
    assert list(table.index) == ["Albania", "Kosovo*"]
    assert table.loc["Kosovo*"].tolist() == [1, 0, 1, 0]


def test_heatmaps_write_counts_in_cells(small: Dataset) -> None:
    """The country heatmap's cells hold the counts as text, blank for zero, rows as in the table."""
    figure = pillars.pillar_country_figure(small.events, REFERENCE)
    heat = figure.data[0]
    assert heat.type == "heatmap"
    assert list(heat.y) == ["Bosnia and Herzegovina", "Kosovo*", "Montenegro", "Not stated"]
    assert list(heat.x) == COLUMNS
    assert [list(row) for row in heat.z][1] == [1, 0, 0, 0]
    assert [list(row) for row in heat.text][1] == ["1", "", "", ""]
    assert figure.layout.title.text == "Events per pillar and host country"
    assert "once for each pillar" in figure.layout.title.subtitle.text
    by_type = pillars.pillar_type_figure(small.events, REFERENCE)
    assert list(by_type.data[0].y)[0] == "support group meeting"


def test_figures_per_pillar_on_the_small_fixture(small: Dataset) -> None:
    """Per pillar: events, days, host countries and partners as counted by hand from the fixture."""
    table = pillars.pillar_figures_table(small.events, small.event_partners, REFERENCE)
    labels = charts.pillar_labels(REFERENCE)
    rows = table.set_index(pillars.TABLE_PILLAR)
    # WBCTi: board meeting (2 days, BiH) and Pristina (3 days, Kosovo);
    # partners Western Balkans Partners, DG NEAR, Austria, United States.
    assert rows.loc[labels["WBCTi"]].tolist() == [2, 5, 2, 4]
    # WBCSCi: Podgorica (1 day) and the board meeting (2 days); WBP, Italy, DG NEAR, Austria.
    assert rows.loc[labels["WBCSCi"]].tolist() == [2, 3, 2, 4]
    assert rows.loc[labels["WBBSi"]].tolist() == [1, 2, 1, 3]
    assert rows.loc[labels[schema.NO_PILLAR]].tolist() == [1, 1, 0, 0]
    assert rows.loc[pillars.ALL_EVENTS].tolist() == [4, 7, 3, 5]


def test_empty_frame_gives_empty_tables_and_figures() -> None:
    """With no events every table is empty and every figure says nothing matches."""
    empty = INLINE.iloc[0:0]
    assert pillars.pillar_mentions(empty).empty
    counts = pillars.pillar_counts_per_period(empty, REFERENCE, timeline.MONTH)
    assert counts.empty
    shares = pillars.pillar_group_shares(empty, REFERENCE)
    assert shares.empty
    assert pillars.pillar_crosstab(empty, REFERENCE, schema.COUNTRY).empty
    assert pillars.pillar_figures_table(empty, pd.DataFrame(), REFERENCE).empty
    for figure in (
        pillars.pillar_period_figure(counts, REFERENCE, timeline.MONTH),
        pillars.pillar_share_figure(shares, REFERENCE),
        pillars.pillar_type_figure(empty, REFERENCE),
        pillars.pillar_country_figure(empty, REFERENCE),
    ):
        assert len(figure.data) == 0
        assert figure.layout.annotations[0].text == "No events match the filters."


def test_partners_per_pillar_count_each_partner_once_and_only_rows_of_these_events() -> None:
    """Partners are counted once per pillar; rows of other events and unnamed rows are not."""
    event_partners = pd.DataFrame(
        {
            schema.EVENT_ID: pd.array(["a", "a", "b", "b", "c", "x", None], dtype="string"),
            schema.PARTNER: pd.array(
                ["Italy", "Austria", "Italy", None, "Serbia", "Japan", "Spain"], dtype="string"
            ),
        }
    )
    table = pillars.pillar_figures_table(INLINE, event_partners, REFERENCE)
    partners = dict(zip(table[pillars.TABLE_PILLAR], table[pillars.TABLE_PARTNERS], strict=True))
    labels = charts.pillar_labels(REFERENCE)
    # WBCTi: a and b, partners Italy and Austria (Italy at both, counted once).
    assert partners[labels["WBCTi"]] == 2
    assert partners[labels["WBBSi"]] == 1  # b: Italy (the unnamed row is not a partner)
    assert partners[labels["WBCSCi"]] == 0
    assert partners[labels[schema.NO_PILLAR]] == 1  # c: Serbia
    # Every event once: Italy, Austria, Serbia; Japan's event "x" is not among them.
    assert partners[pillars.ALL_EVENTS] == 3
