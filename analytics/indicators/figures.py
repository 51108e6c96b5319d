"""The yearly chart of one indicator: its value per year, with the targets and the baseline."""

from __future__ import annotations

import html
from typing import Final

import plotly.graph_objects as go

from analytics import charts
from analytics.indicators.compute import IndicatorResult

VALUE_COLOUR: Final = "#0072B2"
TARGET_COLOUR: Final = "#D55E00"
BASELINE_COLOUR: Final = "#7F7F7F"


def yearly_figure(result: IndicatorResult, *, height: int = 300) -> go.Figure:
    """Bars of the indicator's value per calendar year, targets as markers, baseline as a line.

    Args:
        result: The indicator's figures.
        height: Height in pixels.

    Returns:
        The figure; one saying there is nothing to draw when there are no years.
    """
    indicator = result.indicator
    title = "Per year"
    if not result.years:
        return charts.empty_figure(title, "No years to show.")
    years = [str(year) for year in result.years]
    shown = [result.format(value) for value in result.per_year]
    traces: list[go.Bar | go.Scatter] = [
        go.Bar(
            x=years,
            y=[0 if value is None else value for value in result.per_year],
            # Plotly reads trace names as HTML: text from the file is escaped.
            name=html.escape(indicator.unit or "value", quote=False),
            marker={"color": VALUE_COLOUR},
            text=shown,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text} (an event counts in every year it touches)<extra></extra>",
        )
    ]
    targets = {str(year): value for year, value in result.year_targets().items()}
    marked = [year for year in years if year in targets]
    if marked:
        traces.append(
            go.Scatter(
                x=marked,
                y=[targets[year] for year in marked],
                mode="markers",
                name="Target",
                marker={
                    "symbol": "line-ew",
                    "size": 28,
                    "line": {"width": 3, "color": TARGET_COLOUR},
                },
                hovertemplate="Target %{x}: %{y}<extra></extra>",
            )
        )
    if result.baseline is not None:
        traces.append(
            go.Scatter(
                x=[years[0], years[-1]],
                y=[result.baseline, result.baseline],
                mode="lines",
                name=f"Baseline ({result.baseline_year})",
                line={"color": BASELINE_COLOUR, "dash": "dot"},
                hovertemplate=f"Baseline: {result.format(result.baseline)}<extra></extra>",
            )
        )
    return charts.figure(
        traces,
        title=title,
        y_title=html.escape(indicator.unit, quote=False),
        height=height,
        layout={
            "xaxis": {"type": "category"},
            "yaxis": {"rangemode": "tozero"},
            "showlegend": len(traces) > 1,
            "margin": {"t": 50},
        },
    )
