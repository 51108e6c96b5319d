"""The numbers a figure draws as a table, its title and subtitle as plain text, and a summary."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analytics.words import count_text

CATEGORY = "Category"
VALUE = "Value"
SHARE = "Share (%)"
ROW = "Row"
SERIES = "Series"
_TAG = re.compile(r"<[^>]*>")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_KINDS = {
    "bar": "Bar chart",
    "scatter": "Line chart",
    "pie": "Donut chart",
    "heatmap": "Heatmap",
    "scattergeo": "Map",
}


def plain_text(text: Any) -> str:
    """Plotly label text as plain text: line breaks become spaces, tags go, entities are read.

    Args:
        text: A title, axis label or trace name (plotly reads a subset of HTML in them).

    Returns:
        The text a reader sees, without markup ("" for None).
    """
    if text is None:
        return ""
    spaced = _LINE_BREAK.sub(" ", str(text))
    return " ".join(html.unescape(_TAG.sub("", spaced)).split())


def figure_title(figure: go.Figure) -> str:
    """The figure's title as plain text ("" when it has none)."""
    return plain_text(figure.layout.title.text)


def figure_subtitle(figure: go.Figure) -> str:
    """The figure's subtitle as plain text ("" when it has none)."""
    return plain_text(figure.layout.title.subtitle.text)


def _axis_title(figure: go.Figure, axis: str) -> str:
    return plain_text(figure.layout[axis].title.text)


def _shown(trace: Any) -> bool:
    """Whether a trace draws data a reader would look up (not decoration, not bare labels)."""
    if trace.hoverinfo == "skip" or trace.visible is False:
        return False
    mode = getattr(trace, "mode", None)
    return not (mode is not None and mode == "text")


def _cell(value: Any) -> Any:
    return plain_text(value) if isinstance(value, str) else value


def _reading_order(figure: go.Figure, axis: str, horizontal: bool, seen: list[Any]) -> list[Any]:
    """The categories in the order a reader meets them: left to right, or top to bottom."""
    layout_axis = figure.layout[axis]
    order = list(seen)
    if layout_axis.categoryorder == "array" and layout_axis.categoryarray is not None:
        listed = [_cell(c) for c in layout_axis.categoryarray]
        order = [c for c in listed if c in seen] + [c for c in seen if c not in listed]
    # A vertical category axis runs bottom to top unless reversed.
    if horizontal and layout_axis.autorange != "reversed" and layout_axis.categoryorder == "array":
        order.reverse()
    return order


def _series_table(figure: go.Figure, traces: Sequence[Any]) -> pd.DataFrame:
    """Bars and lines: one row a category and one column a series (named by its legend name);
    series that share no category (bars coloured by kind) become one column and a kind column.
    """
    horizontal = all(getattr(t, "orientation", None) == "h" for t in traces)
    category_axis, value_axis = ("yaxis", "xaxis") if horizontal else ("xaxis", "yaxis")
    category_name = _axis_title(figure, category_axis) or CATEGORY
    value_name = _axis_title(figure, value_axis) or VALUE
    series: list[tuple[str, list[Any], list[Any]]] = []
    for trace in traces:
        categories = [_cell(c) for c in (trace.y if horizontal else trace.x)]
        values = list(trace.x if horizontal else trace.y)
        series.append((plain_text(trace.name), categories, values))
    seen = list(dict.fromkeys(c for _, categories, _ in series for c in categories))
    order = _reading_order(figure, category_axis, horizontal, seen)
    if len(series) > 1 and sum(len(set(c)) for _, c, _ in series) == len(seen):
        # Every category in one series only: a long table, with the series as a column.
        kind_name = plain_text(figure.layout.legend.title.text) or SERIES
        found = {
            category: (value, name)
            for name, categories, values in series
            for category, value in zip(categories, values, strict=False)
        }
        return pd.DataFrame(
            {
                category_name: order,
                value_name: [found[c][0] for c in order],
                kind_name: [found[c][1] for c in order],
            }
        )
    table = pd.DataFrame({category_name: order})
    for name, categories, values in series:
        column, number = name or value_name, 1
        while column in table:
            number += 1  # two series of one name keep both columns
            column = f"{name or value_name} ({number})"
        by_category = dict(zip(categories, values, strict=False))
        table[column] = [by_category.get(c) for c in order]
    return table


def _pie_table(figure: go.Figure, pie: Any) -> pd.DataFrame:
    """A donut: one row a slice, its value and its share of the whole in percent."""
    labels = [_cell(label) for label in pie.labels]
    values = list(pie.values)
    total = sum(values)
    label_name = plain_text(figure.layout.legend.title.text) or CATEGORY
    return pd.DataFrame(
        {
            label_name: labels,
            plain_text(pie.name) or VALUE: values,
            SHARE: [round(100 * v / total, 1) if total else 0.0 for v in values],
        }
    )


def _heatmap_table(figure: go.Figure, heatmap: Any) -> pd.DataFrame:
    """A heatmap as the grid it draws: one row a y label, one column an x label."""
    z = [list(row) for row in heatmap.z]
    width = max((len(row) for row in z), default=0)
    xs = [_cell(x) for x in heatmap.x] if heatmap.x is not None else list(range(width))
    ys = [_cell(y) for y in heatmap.y] if heatmap.y is not None else list(range(len(z)))
    row_name = _axis_title(figure, "yaxis") or ROW
    table = pd.DataFrame(z, columns=[str(x) for x in xs])
    table.insert(0, row_name, ys)
    return table


def figure_table(figure: go.Figure) -> pd.DataFrame:
    """The numbers a figure draws, as a table a reader can sort and download.

    Bars and lines give one row a category and one column a series; a donut one row a slice
    with its share; a heatmap its grid. Decoration (traces without hover, text-only labels)
    is left out. Figures of other kinds (maps, timelines, networks) need their table from the
    data they were built from.

    Args:
        figure: A figure built by this package.

    Returns:
        The table; empty when the figure draws no bars, lines, slices or cells.
    """
    traces = [trace for trace in figure.data if _shown(trace)]
    pies = [t for t in traces if t.type == "pie"]
    if pies:
        return _pie_table(figure, pies[0])
    heatmaps = [t for t in traces if t.type == "heatmap"]
    if heatmaps:
        return _heatmap_table(figure, heatmaps[0])
    series = [
        t
        for t in traces
        if t.type in ("bar", "scatter")
        and t.x is not None
        and t.y is not None
        # A bar with a base is a span (the timeline): its length is not a number to read.
        and getattr(t, "base", None) is None
    ]
    if series:
        return _series_table(figure, series)
    return pd.DataFrame()


def figure_kind(figure: go.Figure) -> str:
    """What a figure is, in words ("Bar chart", "Heatmap", ...); "Chart" when unknown."""
    types = [trace.type for trace in figure.data]
    if any(t.type == "bar" and getattr(t, "base", None) is not None for t in figure.data):
        return "Timeline"
    for kind in ("scattergeo", "pie", "heatmap", "bar", "scatter"):
        if kind in types:
            return _KINDS[kind]
    return "Chart"


def describe(figure: go.Figure, table: pd.DataFrame, noun: str = "row") -> str:
    """A sentence a screen reader reads after a chart: its kind and where its numbers are.

    The title is not repeated: it is written above the chart.

    Args:
        figure: The figure.
        table: The numbers it draws (``figure_table`` or the data it was built from).
        noun: What a row of the table is.

    Returns:
        E.g. "Bar chart of 4 rows; its numbers are under Show the numbers."
    """
    kind = figure_kind(figure)
    if table.empty:
        return f"{kind} with nothing to show."
    return f"{kind} of {count_text(len(table), noun, grouped=True)}; its numbers are under Show the numbers."
