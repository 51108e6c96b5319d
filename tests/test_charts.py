"""Tests of the house style (analytics/charts.py)."""

from __future__ import annotations

import plotly.graph_objects as go

from analytics import charts


def _layout(figure: go.Figure) -> dict:
    return figure.to_plotly_json()["layout"]


def test_figure_equals_the_same_figure_styled_and_updated_step_by_step() -> None:
    """One-step construction gives the figure plotly builds from step-by-step updates (traces
    added, axes updated, the house style applied, then more layout)."""
    bar = go.Bar(x=[1, 2], y=["a", "b"], orientation="h")
    stepwise = go.Figure(bar)
    stepwise.update_yaxes(autorange="reversed", automargin=True)
    stepwise.update_xaxes(side="top")
    stepwise.update_layout(
        charts.house_layout(title="T", x_title="X", height=400, legend_title="Kind")
    )
    stepwise.update_layout(legend={"y": 1.02}, margin={"t": 90})

    at_once = charts.figure(
        [bar],
        title="T",
        x_title="X",
        height=400,
        legend_title="Kind",
        layout={
            "yaxis": {"autorange": "reversed", "automargin": True},
            "xaxis": {"side": "top"},
            "legend": {"y": 1.02},
            "margin": {"t": 90},
        },
    )
    assert _layout(at_once) == _layout(stepwise)
    assert at_once.to_plotly_json()["data"] == stepwise.to_plotly_json()["data"]


def test_house_layout_merges_nested_settings_key_by_key() -> None:
    """Extra axis settings keep the axis title; a plain value replaces the house one."""
    layout = charts.house_layout(
        title="Events", x_title="Year", height=300, extra={"xaxis": {"side": "top"}, "height": 500}
    )
    assert layout["xaxis"] == {"title": {"text": "Year"}, "automargin": True, "side": "top"}
    assert layout["height"] == 500
    assert layout["title"]["text"] == "Events"
    assert "yaxis" not in layout


def test_empty_figure_says_why_and_hides_the_axes() -> None:
    """No data: the message in the middle, no axes, the title kept."""
    figure = charts.empty_figure("Events per year", "Nothing here.")
    assert not figure.data
    assert figure.layout.title.text == "Events per year"
    assert [a.text for a in figure.layout.annotations] == ["Nothing here."]
    assert figure.layout.xaxis.visible is False and figure.layout.yaxis.visible is False
    assert figure.layout.height == 300
