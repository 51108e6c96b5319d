"""Partners by pillar and by year: counts, heatmaps and the engagement table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from analytics import charts, filters, schema
from analytics.partners.common import (
    COUNT_SCALE,
    EVENTS,
    EVENTS_PER_YEAR,
    FIRST_EVENT,
    LABEL_EVENTS,
    LABEL_FIRST,
    LABEL_KIND,
    LABEL_LATEST,
    LABEL_PARTNER,
    LABEL_PER_YEAR,
    LABEL_YEARS,
    LATEST_EVENT,
    NO_PARTNER,
    YEARS_ACTIVE,
    plot_text,
    short_ticks,
)


def pillar_counts(
    event_partners: pd.DataFrame,
    event_pillars: pd.DataFrame,
    partners: Sequence[str],
    pillar_codes: Sequence[str],
) -> pd.DataFrame:
    """Count, for each partner, the events of each pillar it attended.

    An event of several pillars counts once under each of them. This does not mutate its inputs.

    Args:
        event_partners: The event x partner table.
        event_pillars: The event x pillar table.
        partners: The partners to count (rows, in this order).
        pillar_codes: The pillar codes (columns, in this order).

    Returns:
        A partner x pillar frame of integer counts (zeros included).
    """
    attended = event_partners[filters.is_in(event_partners[schema.PARTNER], list(partners))]
    joined = attended[[schema.EVENT_ID, schema.PARTNER]].merge(
        event_pillars[[schema.EVENT_ID, schema.PILLAR]], on=schema.EVENT_ID
    )
    return _partner_counts(joined, schema.PILLAR, partners, list(pillar_codes))


def _partner_counts(
    rows: pd.DataFrame, column: str, partners: Sequence[str], values: Sequence[object]
) -> pd.DataFrame:
    """Count the rows of each partner and value of `column`: partners x values, zeros included."""
    # groupby + unstack gives crosstab's table several times faster.
    counts = rows.groupby([schema.PARTNER, column], observed=True).size().unstack(fill_value=0)
    counts = counts.reindex(index=list(partners), columns=list(values), fill_value=0)
    counts.index.name, counts.columns.name = schema.PARTNER, column
    return counts.fillna(0).astype("int64")


def _count_heatmap(
    counts: pd.DataFrame,
    *,
    title: str,
    x_labels: Sequence[str],
    x_title: str,
    hover_unit: str,
    show_zeros: bool,
) -> go.Figure:
    if counts.empty or len(counts.columns) == 0:
        return charts.empty_figure(title, NO_PARTNER)
    z = counts.to_numpy().tolist()
    text = [[str(v) if v or show_zeros else "" for v in row] for row in z]
    names = [plot_text(name) for name in counts.index]
    heatmap = go.Heatmap(
        z=z,
        x=list(x_labels),
        y=names,
        text=text,
        texttemplate="%{text}",
        colorscale=COUNT_SCALE,
        zmin=0,
        showscale=False,
        xgap=2,
        ygap=2,
        hovertemplate=f"%{{y}}<br>%{{x}}: %{{z}} {hover_unit}<extra></extra>",
    )
    # Heatmap cells cannot be selected in plotly; an invisible dot on every cell can, and it
    # carries the partner's name, so a click on a row opens that partner.
    columns = list(x_labels)
    cells = go.Scatter(
        x=[label for _ in names for label in columns],
        y=[name for name in names for _ in columns],
        mode="markers",
        marker={"size": 24, "opacity": 0, "symbol": "square"},
        customdata=[[str(partner)] for partner in counts.index for _ in columns],
        text=[f"{value} {hover_unit}" for row in z for value in row],
        hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        showlegend=False,
        name="Partners",
    )
    heatmap.hoverinfo = "skip"
    heatmap.hovertemplate = None
    return charts.figure(
        [heatmap, cells],
        title=title,
        x_title=x_title,
        height=max(300, 140 + 28 * len(counts)),
        layout={
            "yaxis": {
                "autorange": "reversed",
                "automargin": True,
                "type": "category",
                **short_ticks(names),
            },
            "xaxis": {"side": "top", "type": "category", "automargin": True},
        },
    )


def pillar_heatmap(counts: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Heatmap of the events of each pillar attended by each partner, counts written in cells.

    Args:
        counts: The output of ``pillar_counts`` (partners x pillar codes).
        labels: Pillar code -> label (``charts.pillar_labels``), for the column headings.

    Returns:
        One heatmap trace; rows in the order of ``counts``, the first on top.
    """
    return _count_heatmap(
        counts,
        title="Events attended by pillar (top partners)",
        x_labels=[labels.get(code, code) for code in counts.columns],
        x_title="Pillar (an event of several pillars counts under each)",
        hover_unit="events",
        show_zeros=True,
    )


def year_span(events: pd.DataFrame) -> list[int]:
    """Every year from the first to the last event's start year (gaps included).

    Args:
        events: Events frame.

    Returns:
        The years in order; empty when there are no events.
    """
    if events.empty:
        return []
    years = events[schema.YEAR]
    return list(range(int(years.min()), int(years.max()) + 1))


def attendance(
    events: pd.DataFrame, event_partners: pd.DataFrame, partners: Sequence[str] | None = None
) -> pd.DataFrame:
    """The event x partner rows (of `partners`, if given) with each event's start and year."""
    rows = event_partners[[schema.EVENT_ID, schema.PARTNER, schema.PARTNER_KIND]]
    if partners is not None:
        # Keep the few partners wanted before looking up dates, not after.
        rows = rows[filters.is_in(rows[schema.PARTNER], list(partners))]
    # Each row's event by position (event ids are unique): a lookup, cheaper than a join.
    position = pd.Index(events[schema.ID]).get_indexer(rows[schema.EVENT_ID])
    found = position >= 0
    rows, position = rows[found], position[found]
    return rows.assign(
        **{
            schema.START_DATE: events[schema.START_DATE].to_numpy()[position],
            schema.YEAR: events[schema.YEAR].to_numpy()[position],
        }
    )


def year_counts(
    events: pd.DataFrame, event_partners: pd.DataFrame, partners: Sequence[str]
) -> pd.DataFrame:
    """Count the events each partner attended in each year (by start date).

    Args:
        events: Events frame (the matching events).
        event_partners: The event x partner table.
        partners: The partners (rows, in this order).

    Returns:
        A partner x year frame of integer counts over ``year_span(events)``, zeros included.
    """
    attended = attendance(events, event_partners, partners)
    return _partner_counts(attended, schema.YEAR, partners, year_span(events))


def year_heatmap(counts: pd.DataFrame) -> go.Figure:
    """Heatmap of events attended per partner and year; empty cells are years without events.

    Args:
        counts: The output of ``year_counts`` (partners x years).

    Returns:
        One heatmap trace; rows in the order of ``counts``, the first on top.
    """
    return _count_heatmap(
        counts,
        title="Events attended per year (top partners)",
        x_labels=[str(year) for year in counts.columns],
        x_title="Year of the event's start",
        hover_unit="events",
        show_zeros=False,
    )


def engagement(
    events: pd.DataFrame,
    event_partners: pd.DataFrame,
    partners: Sequence[str],
    per_year: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Since when and how steadily each partner has worked with the IISG.

    Dates are the start dates of the partner's first and latest matching events. This does not
    mutate its inputs.

    Args:
        events: Events frame (the matching events).
        event_partners: The event x partner table.
        partners: The partners (rows, in this order).
        per_year: ``year_counts`` of the same arguments, when the caller has it already
            (the page draws it too); computed when None.

    Returns:
        Columns partner, partner_kind, events, first_event, latest_event (``datetime.date``),
        years_active (years with at least one event) and events_per_year (a list of counts
        over ``year_span(events)``).
    """
    columns = [
        schema.PARTNER,
        schema.PARTNER_KIND,
        EVENTS,
        FIRST_EVENT,
        LATEST_EVENT,
        YEARS_ACTIVE,
        EVENTS_PER_YEAR,
    ]
    attended = attendance(events, event_partners, partners)
    if attended.empty:
        return pd.DataFrame(columns=columns)
    # One aggregation a column: pandas' named aggregation of all five is twice as slow.
    grouped = attended.groupby(schema.PARTNER, observed=True)
    per_partner = pd.DataFrame(
        {
            "kind": grouped[schema.PARTNER_KIND].first(),
            "events": grouped[schema.EVENT_ID].nunique(),
            "first": grouped[schema.START_DATE].min(),
            "latest": grouped[schema.START_DATE].max(),
            "years": grouped[schema.YEAR].nunique(),
        }
    )
    if per_year is None:
        per_year = year_counts(events, event_partners, partners)
    wanted = [name for name in partners if name in per_partner.index]
    rows = per_partner.loc[wanted]
    return pd.DataFrame(
        {
            schema.PARTNER: wanted,
            schema.PARTNER_KIND: rows["kind"].astype(str).to_list(),
            EVENTS: rows["events"].astype("int64").to_list(),
            FIRST_EVENT: [day.date() for day in rows["first"]],
            LATEST_EVENT: [day.date() for day in rows["latest"]],
            YEARS_ACTIVE: rows["years"].astype("int64").to_list(),
            EVENTS_PER_YEAR: [[int(v) for v in per_year.loc[name]] for name in wanted],
        },
        columns=columns,
    )


def most_events_in_a_year(table: pd.DataFrame) -> int:
    """The largest yearly count in an ``engagement`` table (the common scale of its bar charts).

    Args:
        table: The output of ``engagement``.

    Returns:
        The largest count; 0 for an empty table.
    """
    return max((max(counts, default=0) for counts in table[EVENTS_PER_YEAR]), default=0)


def engagement_table(table: pd.DataFrame) -> pd.DataFrame:
    """Give the ``engagement`` table its user-facing column labels.

    Args:
        table: The output of ``engagement``.

    Returns:
        A new frame with labelled columns.
    """
    return table.rename(
        columns={
            schema.PARTNER: LABEL_PARTNER,
            schema.PARTNER_KIND: LABEL_KIND,
            EVENTS: LABEL_EVENTS,
            FIRST_EVENT: LABEL_FIRST,
            LATEST_EVENT: LABEL_LATEST,
            YEARS_ACTIVE: LABEL_YEARS,
            EVENTS_PER_YEAR: LABEL_PER_YEAR,
        }
    ).reset_index(drop=True)
