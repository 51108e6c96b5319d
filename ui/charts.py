"""One way to show a chart: its title as text, the chart, a description, its numbers and a CSV."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import chart_data, exports
from analytics.safe_text import escape_markdown
from ui.controls import Download, download_buttons

# Top margin plotly keeps for a title and for a subtitle under it (the house style's is 60).
_TITLE_ROOM = 40
_SUBTITLE_ROOM = 20
_MIN_TOP = 20
# Chart text (ticks, axis titles, legend) in the theme's text colour: Streamlit's own chart
# theme greys it to 3.7:1 on white, under WCAG AA's 4.5:1. Light: Streamlit's text colour
# (12.6:1 on white); dark: its text colour on the dark background.
TEXT_COLOURS = {"light": "#31333F", "dark": "#FAFAFA"}


def _file_stem(title: str, key: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60].strip("-")
    return stem or key


def _take_title(figure: go.Figure) -> tuple[str, str]:
    """Move the title out of the picture (the page writes it as text, which wraps to any width).

    The title stays readable in the figure's ``meta`` ("title", "subtitle"), so tests and
    anyone reading the figure's JSON still find it.
    """
    title = chart_data.figure_title(figure)
    subtitle = chart_data.figure_subtitle(figure)
    if not title and not subtitle:
        return title, subtitle
    top = figure.layout.margin.t
    room = (_TITLE_ROOM if title else 0) + (_SUBTITLE_ROOM if subtitle else 0)
    figure.update_layout(
        meta={"title": title, "subtitle": subtitle},
        title={"text": None, "subtitle": {"text": None}},
        margin={"t": max(_MIN_TOP, top - room) if top is not None else None},
    )
    return title, subtitle


def _readable_text(figure: go.Figure) -> None:
    """Give the chart's ticks, axis titles and legend the theme's full text colour."""
    colour = TEXT_COLOURS.get(str(st.context.theme.type), TEXT_COLOURS["light"])
    figure.update_layout(
        font_color=colour, legend_font_color=colour, legend_title_font_color=colour
    )
    figure.update_xaxes(tickfont_color=colour, title_font_color=colour)
    figure.update_yaxes(tickfont_color=colour, title_font_color=colour)


def _legend_above(figure: go.Figure) -> None:
    """Move a legend from under the plot to above it, where plotly makes room for it.

    Under the plot, a legend placed a fixed fraction below it runs over the axis labels once
    a narrow window turns them (the Pillars bars at 800 px); above, it only pushes the plot
    down. Legends a figure places itself in pixels (``yref="container"``) stay.
    """
    legend = figure.layout.legend
    if legend.orientation == "h" and legend.y is not None and legend.y < 0:
        if legend.yref != "container":
            figure.update_layout(legend={"y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"})


def show_chart(
    figure: go.Figure,
    *,
    key: str,
    data: pd.DataFrame | None = None,
    description: str | None = None,
    noun: str = "row",
    **chart_args: Any,
) -> Any:
    """Draw a plotly figure with its title as text, a description and its numbers.

    Under the chart, "Show the numbers" opens a table of exactly what the chart draws and a
    CSV download of it: the view-data of other dashboard tools, and the accessible reading
    of a picture. The title is written above the chart as text, so it wraps on a narrow
    screen instead of running past the chart, and screen readers read it. This changes
    ``figure`` (its title moves into ``figure.layout.meta``).

    Args:
        figure: The figure (from a builder in ``analytics``).
        key: The chart's widget key; the table and the download derive theirs from it.
        data: The table of the figure's numbers, when they cannot be read from its traces
            (a map, a timeline, a network); by default ``chart_data.figure_table(figure)``.
        description: What the chart shows, for screen readers and as a caption; by default
            a sentence naming its kind, title and table.
        noun: What a row of the table is, for the default description ("city", "event").
        **chart_args: Passed to ``st.plotly_chart`` (``on_select``, ``selection_mode``,
            ``config``...).

    Returns:
        What ``st.plotly_chart`` returns (the selection when ``on_select`` is set).
    """
    table = chart_data.figure_table(figure) if data is None else data
    text = description or chart_data.describe(figure, table, noun)
    title, subtitle = _take_title(figure)
    _readable_text(figure)
    _legend_above(figure)
    if title:
        st.markdown(f"**{escape_markdown(title)}**")
    if subtitle:
        st.caption(escape_markdown(subtitle))
    chart_args.setdefault("width", "stretch")
    state = st.plotly_chart(figure, key=key, **chart_args)
    st.caption(escape_markdown(text))
    with st.expander("Show the numbers", icon=":material/table:"):
        if table.empty:
            st.caption("This chart has no numbers to show.")
        else:
            st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_table")
            download_buttons(
                [
                    Download(
                        "Download CSV",
                        partial(exports.to_csv_bytes, table),
                        f"{_file_stem(title, key)}.csv",
                        exports.CSV_MIME,
                        icon=":material/download:",
                        key=f"{key}_csv",
                        help="The numbers of this chart as a CSV file.",
                    )
                ]
            )
    return state
