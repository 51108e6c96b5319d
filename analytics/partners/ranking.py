"""Ranking partners by the matching events each attended, and its bar chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics import charts, schema
from analytics.partners.common import (
    EVENTS,
    NO_PARTNER,
    UNKNOWN_KIND_COLOUR,
    partner_facts,
    partner_kinds,
    plot_text,
    short_ticks,
)


def rank_partners(
    event_partners: pd.DataFrame, kinds: Sequence[str] = (), top_n: int | None = None
) -> pd.DataFrame:
    """Rank partners by the number of events they attended. This does not mutate its input.

    A group entry such as "Western Balkans Partners" is one partner. Ties are ordered by name.

    Args:
        event_partners: The event x partner table (already filtered to the matching events).
        kinds: Partner kind labels to keep; empty keeps every kind.
        top_n: Keep only the first N partners; None keeps all.

    Returns:
        Columns partner, partner_kind, partner_country, events; most events first.
    """
    columns = [schema.PARTNER, schema.PARTNER_KIND, schema.PARTNER_COUNTRY, EVENTS]
    table = event_partners
    if kinds:
        table = table[table[schema.PARTNER_KIND].isin(list(kinds))]
    if table.empty:
        return pd.DataFrame(columns=columns).astype({EVENTS: "int64"})
    counts = table.groupby(schema.PARTNER, observed=True)[schema.EVENT_ID].nunique()
    facts = partner_facts(table)
    ranking = pd.DataFrame(
        {
            schema.PARTNER: counts.index.astype(str),
            schema.PARTNER_KIND: facts.loc[counts.index, schema.PARTNER_KIND].to_numpy(),
            schema.PARTNER_COUNTRY: facts.loc[counts.index, schema.PARTNER_COUNTRY].to_numpy(),
            EVENTS: counts.to_numpy().astype("int64"),
        }
    )
    ranking["_name_key"] = ranking[schema.PARTNER].str.casefold()
    ranking = ranking.sort_values([EVENTS, "_name_key"], ascending=[False, True])
    ranking = ranking.drop(columns="_name_key").reset_index(drop=True)
    return ranking if top_n is None else ranking.head(top_n)


def partner_names(ranking: pd.DataFrame) -> list[str]:
    """The partner names of a ranking, in its order.

    Args:
        ranking: The output of ``rank_partners``.

    Returns:
        The names.
    """
    return [str(name) for name in ranking[schema.PARTNER]]


def ranking_figure(ranking: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
    """Horizontal bars of events attended per partner, coloured by partner kind.

    Args:
        ranking: The output of ``rank_partners`` (most events first).
        colours: Kind label -> colour (``kind_colours()``).

    Returns:
        One bar trace a kind; the partner name is each bar's custom data.
    """
    title = "Events attended, by partner"
    if ranking.empty:
        return charts.empty_figure(title, NO_PARTNER)
    traces = []
    order = [plot_text(name) for name in ranking[schema.PARTNER]]
    for kind in partner_kinds(ranking):
        rows = ranking[ranking[schema.PARTNER_KIND] == kind]
        traces.append(
            go.Bar(
                x=rows[EVENTS].tolist(),
                y=[plot_text(name) for name in rows[schema.PARTNER]],
                orientation="h",
                name=kind,
                marker_color=colours.get(kind, UNKNOWN_KIND_COLOUR),
                text=rows[EVENTS].tolist(),
                textposition="outside",
                cliponaxis=False,
                customdata=[[name] for name in rows[schema.PARTNER]],
                hovertemplate=f"%{{y}}<br>{plot_text(kind)}<br>%{{x}} events<extra></extra>",
            )
        )
    return charts.figure(
        traces,
        title=title,
        x_title="Events attended",
        height=max(300, 120 + 26 * len(ranking)),
        legend_title="Partner kind",
        layout={
            # The most active partner on top; every name gets a line, however many partners.
            "yaxis": {
                "categoryorder": "array",
                "categoryarray": order[::-1],
                "automargin": True,
                **short_ticks(order),
            },
            "xaxis": {"rangemode": "tozero"},
            "legend": {"y": 1.02, "yanchor": "bottom", "x": 0},
            "margin": {"t": 90},
        },
    )
