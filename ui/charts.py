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


def _set(layout: dict[str, Any], path: str, value: Any) -> None:
    """Set a property of a figure's layout dict by its dotted path; None removes it.

    As plotly's ``update_layout`` does: setting makes the objects on the way when missing;
    removing makes none, and leaves an object empty when the property was its only one.
    """
    *parents, name = path.split(".")
    node = layout
    for part in parents:
        if value is None and part not in node:
            return
        node = node.setdefault(part, {})
    if value is None:
        node.pop(name, None)
    else:
        node[name] = value


def _axis_names(layout: dict[str, Any], letter: str) -> list[str]:
    """The layout's x (or y) axes: the first axis always, as plotly's ``update_xaxes`` finds them."""
    numbered = [key for key in layout if re.fullmatch(rf"{letter}axis[0-9]+", key)]
    return [f"{letter}axis", *numbered]


def shown_layout(
    layout: dict[str, Any], title: str, subtitle: str, text_colour: str
) -> dict[str, Any]:
    """The layout of a figure as a page shows it (``show_chart``), from the figure's own.

    - The title and subtitle leave the picture (the page writes them as text, which wraps to
      any width); they stay readable in ``meta`` ("title", "subtitle"), and the top margin
      kept for them is given back (down to ``_MIN_TOP``).
    - Ticks, axis titles and legend take the theme's full text colour (Streamlit's own chart
      theme greys them to 3.7:1 on white, under WCAG AA's 4.5:1).
    - A legend under the plot moves above it: placed a fixed fraction below the plot, it runs
      over the axis labels once a narrow window turns them (the Pillars bars at 800 px);
      above, it only pushes the plot down. Legends placed in pixels (``yref="container"``)
      stay.

    Args:
        layout: The figure's layout as a dict (``figure.to_dict()["layout"]``); changed in
            place.
        title: The figure's title as plain text ("" for none).
        subtitle: Its subtitle as plain text.
        text_colour: The theme's text colour.

    Returns:
        `layout`, changed.
    """
    if title or subtitle:
        top = layout.get("margin", {}).get("t")
        room = (_TITLE_ROOM if title else 0) + (_SUBTITLE_ROOM if subtitle else 0)
        _set(layout, "meta", {"title": title, "subtitle": subtitle})
        _set(layout, "title.text", None)
        _set(layout, "title.subtitle.text", None)
        _set(layout, "margin.t", max(_MIN_TOP, top - room) if top is not None else None)
    for path in ("font.color", "legend.font.color", "legend.title.font.color"):
        _set(layout, path, text_colour)
    for axis in (*_axis_names(layout, "x"), *_axis_names(layout, "y")):
        _set(layout, f"{axis}.tickfont.color", text_colour)
        _set(layout, f"{axis}.title.font.color", text_colour)
    legend = layout.get("legend", {})
    below = legend.get("y") is not None and legend["y"] < 0
    if legend.get("orientation") == "h" and below and legend.get("yref") != "container":
        legend.update({"y": 1.02, "yanchor": "bottom", "x": 0, "xanchor": "left"})
    return layout


def _shown_figure(figure: go.Figure, title: str, subtitle: str) -> go.Figure:
    """A copy of the figure as the page shows it (see ``shown_layout``).

    Changed as a dict and made a figure again without plotly's checks: the figure was checked
    when it was built, and plotly's own updates (``update_layout``, ``update_xaxes``) took
    about 12 ms a figure, more than building most figures.
    """
    colour = TEXT_COLOURS.get(str(st.context.theme.type), TEXT_COLOURS["light"])
    spec = figure.to_dict()
    spec["layout"] = shown_layout(spec.get("layout", {}), title, subtitle, colour)
    return go.Figure(spec, _validate=False)


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
    screen instead of running past the chart, and screen readers read it (the chart drawn is
    a copy of `figure` changed by ``shown_layout``; `figure` itself is not changed).

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
    title = chart_data.figure_title(figure)
    subtitle = chart_data.figure_subtitle(figure)
    if title:
        st.markdown(f"**{escape_markdown(title)}**")
    if subtitle:
        st.caption(escape_markdown(subtitle))
    chart_args.setdefault("width", "stretch")
    state = st.plotly_chart(_shown_figure(figure, title, subtitle), key=key, **chart_args)
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
