"""Tests of analytics.partners: ranking partners, the bar chart, kind colours, names cut beside the axis."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import Dataset, charts, schema
from analytics import partners as pa
from tests.partners.fixtures import (
    EU_BODY,
    GROUP,
    MEMBER_STATE,
    THIRD_COUNTRY,
    empty_partners,
    inline_events,
    inline_partners,
)


def test_ranking_counts_events_per_partner_ties_by_name() -> None:
    """A and B attended 3 events each (A first by name), C attended 2."""
    ranking = pa.rank_partners(inline_partners())
    assert ranking[schema.PARTNER].tolist() == ["A", "B", "C"]
    assert ranking[pa.EVENTS].tolist() == [3, 3, 2]
    assert ranking[schema.PARTNER_KIND].tolist() == ["Kind one", "Kind two", "Kind two"]


def test_ranking_keeps_chosen_kinds_and_top_n() -> None:
    """Choosing a kind shows only its partners; top N cuts the list after N partners."""
    by_kind = pa.rank_partners(inline_partners(), kinds=["Kind two"])
    assert by_kind[schema.PARTNER].tolist() == ["B", "C"]
    assert pa.rank_partners(inline_partners(), top_n=1)[schema.PARTNER].tolist() == ["A"]


def test_ranking_on_the_small_fixture(small: Dataset) -> None:
    """The fixture: DG NEAR (with its alias DG Near) and the WB Partners group attended 2 each."""
    ranking = pa.rank_partners(small.event_partners)
    assert ranking[schema.PARTNER].tolist() == [
        "DG NEAR",
        "Western Balkans Partners",
        "Austria",
        "Italy",
        "United States",
    ]
    assert ranking[pa.EVENTS].tolist() == [2, 2, 1, 1, 1]
    assert (
        ranking.set_index(schema.PARTNER).loc["Western Balkans Partners", schema.PARTNER_KIND]
        == GROUP
    )


def test_ranking_of_no_partners_is_empty() -> None:
    """No attendance gives an empty ranking with the same columns."""
    ranking = pa.rank_partners(empty_partners())
    assert ranking.empty
    assert list(ranking.columns) == [
        schema.PARTNER,
        schema.PARTNER_KIND,
        schema.PARTNER_COUNTRY,
        pa.EVENTS,
    ]


def test_ranking_figure_has_a_bar_trace_per_kind_in_kind_colours(small: Dataset) -> None:
    """Bars are horizontal, coloured by kind, longest on top, each carrying the partner name."""
    colours = pa.kind_colours()
    figure = pa.ranking_figure(pa.rank_partners(small.event_partners), colours)
    traces = {trace.name: trace for trace in figure.data}
    assert set(traces) == {GROUP, EU_BODY, MEMBER_STATE, THIRD_COUNTRY}
    members = traces[MEMBER_STATE]
    assert members.type == "bar" and members.orientation == "h"
    assert list(members.y) == ["Austria", "Italy"] and list(members.x) == [1, 1]
    assert [row[0] for row in members.customdata] == ["Austria", "Italy"]
    assert members.marker.color == colours[MEMBER_STATE]
    assert traces[GROUP].marker.color == colours[GROUP]
    # Plotly draws the first category at the bottom: the most active partner is last.
    assert list(figure.layout.yaxis.categoryarray)[-1] == "DG NEAR"
    assert figure.layout.title.text == "Events attended, by partner"


def test_kind_colours_are_distinct_and_colour_blind_safe() -> None:
    """Every kind that can appear has its own colour from the neutral palette."""
    colours = pa.kind_colours()
    kinds = [label for code, label in schema.PARTNER_KINDS.items() if code != "iisg"]
    assert len({colours[kind] for kind in kinds}) == len(kinds)
    assert {colours[kind] for kind in kinds} <= set(charts.NEUTRAL_COLOURS)
    assert colours[schema.UNKNOWN_KIND] not in {colours[kind] for kind in kinds}


def test_empty_ranking_figure_says_so() -> None:
    """With no partner the figure has no bars and a message."""
    figure = pa.ranking_figure(pa.rank_partners(empty_partners()), pa.kind_colours())
    assert len(figure.data) == 0
    assert "No partner" in figure.layout.annotations[0].text


def test_long_names_are_cut_beside_the_axis_but_kept_in_the_data() -> None:
    """A 57-character name is written in 30 characters beside the bars and the heatmap rows;
    the bar's category, its click target and the chart's numbers keep the whole name."""
    long_name = "Countering Serious Crime in the Western Balkans (project)"
    rows = pd.DataFrame(
        {
            schema.EVENT_ID: ["e1", "e1", "e2"],
            schema.PARTNER: [long_name, "A & B", long_name],
            schema.PARTNER_KIND: ["Kind one", "Kind one", "Kind one"],
        }
    ).astype("string")
    rows[schema.PARTNER_COUNTRY] = pd.NA
    ranking = pa.rank_partners(rows)
    figure = pa.ranking_figure(ranking, pa.kind_colours())
    axis = figure.layout.yaxis
    labels = dict(zip(axis.tickvals, axis.ticktext, strict=True))
    assert labels[long_name] == long_name[:29] + "…" and len(labels[long_name]) == 30
    assert labels["A &amp; B"] == "A &amp; B"  # escaped once, never cut inside "&amp;"
    assert [point[0] for point in figure.data[0].customdata] == [long_name, "A & B"]
    assert long_name in charts_table_names(figure)
    heatmap = pa.year_heatmap(pa.year_counts(inline_events(), rows, [long_name, "A & B"]))
    assert heatmap.layout.yaxis.ticktext[0] == long_name[:29] + "…"


def charts_table_names(figure: go.Figure) -> list[str]:
    from analytics.chart_data import figure_table

    return [str(name) for name in figure_table(figure).iloc[:, 0]]
