"""Two to four partners side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import pandas as pd
import plotly.graph_objects as go

from analytics import charts, display, filters, schema
from analytics.partners.common import (
    LABEL_PARTNER,
    LABEL_SHARED,
    NO_PARTNER,
    PARTNER_A,
    PARTNER_B,
    SHARED,
    plot_text,
)
from analytics.partners.heatmaps import engagement, pillar_counts, year_counts
from analytics.partners.network import co_participation

MAX_COMPARED: Final = 4


@dataclass(frozen=True)
class Comparison:
    """Two to four partners side by side.

    Attributes:
        partners: The partners, in the order chosen.
        facts: ``engagement`` of the partners (events, first and latest event, years active).
        per_year: Partners x years, events attended (``year_counts``).
        pillars: Partners x pillar codes, events attended (``pillar_counts``).
        pairs: Partner, With, Shared events: every pair, zeros included.
        together: The events every one of them attended, newest first (short table).
    """

    partners: tuple[str, ...]
    facts: pd.DataFrame
    per_year: pd.DataFrame
    pillars: pd.DataFrame
    pairs: pd.DataFrame
    together: pd.DataFrame


def compare_partners(
    events: pd.DataFrame,
    event_partners: pd.DataFrame,
    event_pillars: pd.DataFrame,
    partners: Sequence[str],
    pillar_codes: Sequence[str],
) -> Comparison:
    """Compare partners over the matching events: per year, per pillar and what they share.

    Args:
        events: Events frame (the matching events).
        event_partners: The event x partner table.
        event_pillars: The event x pillar table.
        partners: Up to ``MAX_COMPARED`` partner names (more are ignored).
        pillar_codes: Pillar codes, in pillar order.

    Returns:
        The comparison.
    """
    chosen = list(dict.fromkeys(str(name) for name in partners))[:MAX_COMPARED]
    per_year = year_counts(events, event_partners, chosen)
    links = co_participation(event_partners, chosen)
    shared = {
        (a, b): int(n) for a, b, n in links[[PARTNER_A, PARTNER_B, SHARED]].itertuples(index=False)
    }
    pairs = pd.DataFrame(
        [
            (a, b, shared.get((min(a, b), max(a, b)), 0))
            for i, a in enumerate(chosen)
            for b in chosen[i + 1 :]
        ],
        columns=[LABEL_PARTNER, "With", LABEL_SHARED],
    ).astype({LABEL_SHARED: "int64"})
    attended = event_partners[filters.is_in(event_partners[schema.PARTNER], chosen)]
    per_event = attended.groupby(schema.EVENT_ID, observed=True)[schema.PARTNER].nunique()
    all_ids = per_event[per_event == len(chosen)].index if chosen else []
    together = events[filters.is_in(events[schema.ID], list(all_ids))]
    together = together.sort_values([schema.START_DATE, schema.ID], ascending=[False, True])
    return Comparison(
        partners=tuple(chosen),
        facts=engagement(events, event_partners, chosen, per_year),
        per_year=per_year,
        pillars=pillar_counts(event_partners, event_pillars, chosen, pillar_codes),
        pairs=pairs,
        together=display.events_table(together, display.SHORT_TABLE_FIELDS),
    )


def comparison_figure(per_year: pd.DataFrame) -> go.Figure:
    """Bars of events attended per year, one colour a partner, side by side.

    Args:
        per_year: ``Comparison.per_year`` (partners x years).

    Returns:
        One bar trace a partner, its name as the trace name.
    """
    title = "Events attended per year"
    if per_year.empty or len(per_year.columns) == 0:
        return charts.empty_figure(title, NO_PARTNER)
    colours = charts.colour_sequence([str(name) for name in per_year.index])
    traces = [
        go.Bar(
            x=[str(year) for year in per_year.columns],
            y=[int(v) for v in per_year.loc[name]],
            name=plot_text(str(name)),
            marker_color=colours[str(name)],
            hovertemplate=f"{plot_text(str(name))}<br>%{{x}}: %{{y}} events<extra></extra>",
        )
        for name in per_year.index
    ]
    return charts.figure(
        traces,
        title=title,
        x_title="Year of the event's start",
        y_title="Events",
        height=360,
        legend_title="",
        layout={
            "barmode": "group",
            "xaxis": {"type": "category"},
            "legend": {"y": 1.02, "yanchor": "bottom", "x": 0},
            "margin": {"t": 110},  # room for a legend of two lines at 390 px
        },
    )
