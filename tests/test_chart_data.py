"""Tests of the numbers behind a chart (analytics/chart_data.py), on hand-written figures."""

from __future__ import annotations

import plotly.graph_objects as go

from analytics import chart_data, charts


def test_bars_and_a_line_give_one_row_a_period_and_one_column_a_series() -> None:
    """Bars and a comparison line over the same periods read as a period x series table."""
    figure = charts.figure(
        [
            go.Bar(x=["2022", "2023"], y=[2, 5], name="Events that year"),
            go.Scatter(x=["2022", "2023"], y=[0, 2], name="Previous year", mode="lines"),
        ],
        title="Events per year",
        x_title="Year",
        y_title="Events",
    )
    table = chart_data.figure_table(figure)
    assert table.columns.tolist() == ["Year", "Events that year", "Previous year"]
    assert table.to_dict("records") == [
        {"Year": "2022", "Events that year": 2, "Previous year": 0},
        {"Year": "2023", "Events that year": 5, "Previous year": 2},
    ]


def test_stacked_bars_with_a_gap_leave_the_missing_cell_empty() -> None:
    """A series without a bar for a period has no number there, not a made-up zero."""
    figure = charts.figure(
        [
            go.Bar(x=["Q1", "Q2"], y=[1, 3], name="WBCTi &amp; more"),
            go.Bar(x=["Q2"], y=[4], name="WBBSi"),
        ],
        title="T",
        x_title="Quarter",
    )
    table = chart_data.figure_table(figure)
    # Legend names are read as plotly shows them: the entity is an ampersand.
    assert table.columns.tolist() == ["Quarter", "WBCTi & more", "WBBSi"]
    assert table["WBCTi & more"].tolist() == [1, 3]
    assert table["WBBSi"].isna().tolist() == [True, False]
    assert table["WBBSi"].iloc[1] == 4


def test_horizontal_bars_coloured_by_kind_read_top_to_bottom_with_their_kind() -> None:
    """A ranking (one bar trace a kind) reads as one row a bar, top bar first, with its kind."""
    figure = charts.figure(
        [
            go.Bar(x=[3, 1], y=["Italy", "Austria"], orientation="h", name="EU member state"),
            go.Bar(x=[5], y=["DG NEAR"], orientation="h", name="EU body"),
        ],
        title="Events attended, by partner",
        x_title="Events attended",
        legend_title="Partner kind",
        # Bottom to top, as plotly draws a vertical category axis: DG NEAR is on top.
        layout={
            "yaxis": {"categoryorder": "array", "categoryarray": ["Austria", "Italy", "DG NEAR"]}
        },
    )
    table = chart_data.figure_table(figure)
    assert table.to_dict("records") == [
        {"Category": "DG NEAR", "Events attended": 5, "Partner kind": "EU body"},
        {"Category": "Italy", "Events attended": 3, "Partner kind": "EU member state"},
        {"Category": "Austria", "Events attended": 1, "Partner kind": "EU member state"},
    ]


def test_a_heatmap_reads_as_its_grid() -> None:
    """A heatmap's table has a row a y label and a column an x label, the cells its z."""
    figure = charts.figure(
        [go.Heatmap(z=[[1, 0], [2, 3]], x=["WBCTi", "WBBSi"], y=["workshop", "board meeting"])],
        title="T",
        y_title="Event type",
    )
    table = chart_data.figure_table(figure)
    assert table.to_dict("records") == [
        {"Event type": "workshop", "WBCTi": 1, "WBBSi": 0},
        {"Event type": "board meeting", "WBCTi": 2, "WBBSi": 3},
    ]


def test_a_donut_gives_each_slice_its_value_and_share() -> None:
    """A donut's table has each slice's count and its share in percent (one decimal)."""
    figure = charts.figure(
        [go.Pie(labels=["A", "B", "C"], values=[1, 1, 1], name="Events", hole=0.5)], title="T"
    )
    table = chart_data.figure_table(figure)
    assert table.to_dict("records") == [
        {"Category": "A", "Events": 1, "Share (%)": 33.3},
        {"Category": "B", "Events": 1, "Share (%)": 33.3},
        {"Category": "C", "Events": 1, "Share (%)": 33.3},
    ]


def test_decoration_and_spans_are_left_out() -> None:
    """Lines without hover, text-only labels and timeline spans are not numbers to read."""
    figure = charts.figure(
        [
            go.Scatter(x=[0, 1], y=[0, 1], mode="lines", hoverinfo="skip"),
            go.Scatter(x=[0], y=[0], mode="text", text=["label"]),
            go.Bar(x=[86400000], y=["e1"], base=["2023-01-01"], orientation="h"),
        ],
        title="T",
    )
    assert chart_data.figure_table(figure).empty
    assert chart_data.figure_table(charts.empty_figure("Nothing")).empty


def test_titles_are_read_as_plain_text_and_the_description_counts_rows() -> None:
    """Line breaks and tags leave the title; the description names the kind and the rows."""
    figure = charts.figure(
        [go.Bar(x=["a"], y=[1])],
        title="Events per<br>year &amp; <b>pillar</b>",
        layout={"title": {"subtitle": {"text": "Counted<br>once"}}},
    )
    assert chart_data.figure_title(figure) == "Events per year & pillar"
    assert chart_data.figure_subtitle(figure) == "Counted once"
    table = chart_data.figure_table(figure)
    assert chart_data.describe(figure, table) == (
        "Bar chart of 1 row; its numbers are under Show the numbers."
    )
    assert chart_data.describe(figure, table.iloc[0:0], "city") == "Bar chart with nothing to show."
    two = table.loc[[0, 0]]
    assert chart_data.describe(figure, two, "city").startswith("Bar chart of 2 cities;")
