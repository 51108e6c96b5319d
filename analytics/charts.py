"""Shared look of every figure: pillar colours, titles and axes, and the empty-data figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from analytics import schema
from analytics.dataset.reference import Reference

# Order of pillar groups in legends and stacks: the pillars, then cross-cutting, then none.
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"
# Colour-blind-safe colours for series that are not pillars (Okabe-Ito, then greys).
NEUTRAL_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#D55E00",
    "#CC79A7",
    "#999999",
)
PREVIOUS_PERIOD_COLOUR = "#BBBBBB"


def pillar_group_order(reference: Reference) -> list[str]:
    """Pillar codes in pillar order, then "Cross-cutting", then "No pillar"."""
    return [*reference.pillar_codes, schema.CROSS_CUTTING, schema.NO_PILLAR]


def pillar_colours(reference: Reference) -> dict[str, str]:
    """The colour of every pillar group, the same on every page and report."""
    return reference.pillar_colours()


def pillar_labels(reference: Reference) -> dict[str, str]:
    """Legend labels: "WBCTi – Counter-terrorism", plus the two groups as they are."""
    labels = {pillar.code: f"{pillar.code} – {pillar.name}" for pillar in reference.pillars}
    labels[schema.CROSS_CUTTING] = "Cross-cutting (several pillars)"
    labels[schema.NO_PILLAR] = "No pillar named"
    return labels


def house_layout(
    *,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int | None = None,
    legend_title: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The house style as a plotly layout: a title that says what is shown, labelled axes.

    The background is left transparent so the figure reads in Streamlit's light and dark
    themes alike.

    Args:
        title: What the figure shows, in words.
        x_title: The x axis label, if the figure has axes.
        y_title: The y axis label.
        height: Height in pixels.
        legend_title: The legend's title.
        extra: More layout, merged in last (nested settings such as ``xaxis`` are merged key
            by key, so ``{"xaxis": {"side": "top"}}`` keeps the axis title).

    Returns:
        A new layout dict.
    """
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "font": {"family": FONT_FAMILY, "size": 13},
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "legend": {"title": {"text": legend_title or ""}, "orientation": "h", "y": -0.15},
        "hoverlabel": {"align": "left"},
    }
    # No figure here has subplots, so the one x and y axis are set directly.
    if x_title is not None:
        layout["xaxis"] = {"title": {"text": x_title}, "automargin": True}
    if y_title is not None:
        layout["yaxis"] = {"title": {"text": y_title}, "automargin": True}
    if height is not None:
        layout["height"] = height
    return _merged(layout, extra or {})


def _merged(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def figure(
    data: Sequence[Any] = (),
    *,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int | None = None,
    legend_title: str | None = None,
    layout: Mapping[str, Any] | None = None,
) -> go.Figure:
    """Build a figure in the house style (``house_layout``) in one step.

    Handing plotly the traces and the whole layout at once validates each once; adding traces
    and updating the layout afterwards (``update_layout``, ``update_xaxes``) costs several
    times more, and every figure of every page is built again on each rerun.

    Args:
        data: The traces (plotly trace objects or dicts).
        title: What the figure shows, in words.
        x_title: The x axis label, if the figure has axes.
        y_title: The y axis label.
        height: Height in pixels.
        legend_title: The legend's title.
        layout: More layout, merged into the house style (see ``house_layout``).

    Returns:
        The figure.
    """
    return go.Figure(
        data=list(data),
        layout=house_layout(
            title=title,
            x_title=x_title,
            y_title=y_title,
            height=height,
            legend_title=legend_title,
            extra=layout,
        ),
    )


def empty_figure(title: str, message: str = "No events match the filters.") -> go.Figure:
    """A figure that says there is nothing to show, instead of empty axes.

    Args:
        title: The title the figure would have had.
        message: What to tell the user.

    Returns:
        A figure with no data and the message in its middle.
    """
    return figure(
        title=title,
        height=300,
        layout={
            "annotations": [
                {
                    "text": message,
                    "x": 0.5,
                    "y": 0.5,
                    "xref": "paper",
                    "yref": "paper",
                    "showarrow": False,
                    "font": {"size": 16},
                }
            ],
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
        },
    )


def colour_sequence(names: list[str], fixed: Mapping[str, str] | None = None) -> dict[str, str]:
    """Assign stable colours to series names (fixed ones first, then the neutral palette)."""
    colours = dict(fixed or {})
    free = [c for c in NEUTRAL_COLOURS if c not in colours.values()] or list(NEUTRAL_COLOURS)
    for index, name in enumerate(n for n in names if n not in colours):
        colours[name] = free[index % len(free)]
    return colours
