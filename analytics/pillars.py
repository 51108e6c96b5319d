"""Events by pillar: per period, shares, by event type and host country, figures per pillar."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any, Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import charts, schema, timeline
from analytics.dataset.reference import Reference
from analytics.memo import per_frames

# The counting rule, shown as a caption on the page and in the figures' subtitles.
COUNTING_RULE: Final = (
    "In the per-pillar counts an event counts once for each pillar it names, so the pillars "
    "together can add up to more than the number of events. The shares count each event "
    "once: under its one pillar, as Cross-cutting (several pillars) or as No pillar."
)
# Subtitles are not wrapped by plotly: the line breaks keep them inside narrow columns.
PER_PILLAR_NOTE: Final = (
    "An event of several pillars counts once for each pillar it names,<br>"
    "so the counts can add up to more than the number of events."
)
ONCE_NOTE: Final = (
    "Each event counted once: under its one pillar,<br>"
    "as Cross-cutting (several pillars) or as No pillar."
)
NOT_STATED: Final = "Not stated"
SHARE: Final = "share"
COUNT: Final = "events"
HEATMAP_SCALE: Final = "Blues"


# Top margin (pixels) that leaves room for a two-line subtitle under the title.
_SUBTITLE_TOP: Final = 100


def _subtitle(subtitle: str, top: int = _SUBTITLE_TOP) -> dict[str, Any]:
    # The subtitle carries the counting rule, so a copied figure still says how it counts.
    # Layout for charts.figure: the subtitle, and a top margin of at least _SUBTITLE_TOP.
    return {"title": {"subtitle": {"text": subtitle}}, "margin": {"t": max(top, _SUBTITLE_TOP)}}


def pillar_columns(reference: Reference) -> list[str]:
    """The categories of the per-pillar counts: the pillar codes, then "No pillar"."""
    return [*reference.pillar_codes, schema.NO_PILLAR]


def pillar_mentions(events: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per (event, pillar it names); an event of no pillar gets one "No pillar" row.

    This function does not mutate its input.

    Args:
        events: Events frame.
        columns: The event columns to keep (None: all of them); fewer columns are faster.

    Returns:
        The event rows repeated, with a ``schema.PILLAR`` column.
    """
    kept = events if columns is None else events[[c for c in columns if c != schema.PILLAR]]
    if events.empty:
        return kept.assign(**{schema.PILLAR: pd.Series(dtype="string")})
    positions, named = _mentioned(events)
    long = kept.iloc[positions].reset_index(drop=True)
    long[schema.PILLAR] = named.copy()
    return long


# A page's tables and charts ask for the mentions of the same matching events several times
# in one rerun (figures, counts per period, by type, by country): the walk over every
# event's pillars is made once for the frame.
@per_frames(size=4)
def _mentioned(events: pd.DataFrame) -> tuple[np.ndarray, pd.api.extensions.ExtensionArray]:
    """Each (event, pillar) mention: the event's row position and the pillar ("No pillar")."""
    named = [tuple(codes) or (schema.NO_PILLAR,) for codes in events[schema.PILLARS]]
    # Repeat each row once per pillar by position (DataFrame.explode re-indexes every column
    # and is several times slower on 100,000 events).
    positions = np.repeat(np.arange(len(named)), [len(codes) for codes in named])
    return positions, pd.array(list(chain.from_iterable(named)), dtype="string")


def pillar_counts_per_period(
    events: pd.DataFrame,
    reference: Reference,
    granularity: str,
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    """Events per pillar and period (by start date), every period and pillar present.

    An event counts once for each pillar it names; events of no pillar count as "No pillar".

    Args:
        events: The matching events.
        reference: Reference data (pillar codes).
        granularity: "Month", "Quarter" or "Year".
        start: The filter's first day, if any (the axis starts there).
        end: The filter's last day, if any.

    Returns:
        Long frame: ``timeline.PERIOD`` (label), ``timeline.PERIOD_START``, ``schema.PILLAR``,
        ``COUNT``; in period order, pillars in pillar order. No rows without events.
    """
    timeline.check_granularity(granularity)
    columns = [timeline.PERIOD, timeline.PERIOD_START, schema.PILLAR, COUNT]
    span = timeline.axis_range(events, start, end)
    if span is None:
        return pd.DataFrame(columns=columns)
    periods = timeline.periods_between(*span, granularity)
    pillars = pillar_columns(reference)
    # Each mention of a pillar counted in its event's period through integer codes (a count,
    # a frame and a sort a pillar cost several times more); events outside the periods and
    # pillars outside the columns are not counted.
    positions, named = _mentioned(events)
    period_of_event = timeline.period_positions(events, periods, granularity)
    period_codes = period_of_event[positions]
    pillar_codes = pd.Index(pillars).get_indexer(named)
    counted = (period_codes >= 0) & (pillar_codes >= 0)
    counts = np.bincount(
        period_codes[counted] * len(pillars) + pillar_codes[counted],
        minlength=len(periods) * len(pillars),
    )
    labels = [timeline.period_label(p, granularity) for p in periods]
    # One row a period and pillar: periods in order, pillars in pillar order within each.
    return pd.DataFrame(
        {
            timeline.PERIOD: [label for label in labels for _ in pillars],
            timeline.PERIOD_START: periods.start_time.repeat(len(pillars)),
            schema.PILLAR: [pillar for _ in labels for pillar in pillars],
            COUNT: counts.astype("int64"),
        }
    )


def pillar_period_figure(counts: pd.DataFrame, reference: Reference, granularity: str) -> go.Figure:
    """Stacked bars of events per pillar and period.

    Args:
        counts: The output of ``pillar_counts_per_period``.
        reference: Reference data (colours, labels).
        granularity: "Month", "Quarter" or "Year".

    Returns:
        The figure (the empty figure when there is nothing to count).
    """
    noun = timeline.period_noun(granularity)
    title = f"Events per pillar and {noun} (counted in the {noun} they start)"
    if counts.empty:
        return charts.empty_figure(title)
    colours = charts.pillar_colours(reference)
    labels = charts.pillar_labels(reference)
    periods = list(dict.fromkeys(counts[timeline.PERIOD]))
    bars = []
    for pillar in pillar_columns(reference):
        part = counts[counts[schema.PILLAR] == pillar]
        bars.append(
            go.Bar(
                x=part[timeline.PERIOD].tolist(),
                y=part[COUNT].tolist(),
                name=labels[pillar],
                marker_color=colours[pillar],
                hovertemplate=f"{pillar}<br>%{{x}}: %{{y}} event(s)<extra></extra>",
            )
        )
    return charts.figure(
        bars,
        title=title,
        x_title=noun.capitalize(),
        y_title="Events (per pillar named)",
        height=420,
        layout={
            "barmode": "stack",
            "bargap": 0.15,
            # Legend in pillar order (plotly reverses it for stacks by default).
            "legend": {"y": -0.3, "traceorder": "normal"},
            "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": periods},
            "yaxis": {"rangemode": "tozero", "tickformat": "d"},
            **_subtitle(PER_PILLAR_NOTE),
        },
    )


def pillar_group_shares(events: pd.DataFrame, reference: Reference) -> pd.DataFrame:
    """Events per pillar group (each event once) and each group's share in percent.

    Args:
        events: Events frame.
        reference: Reference data (group order).

    Returns:
        Columns ``schema.PILLAR_GROUP``, ``COUNT``, ``SHARE`` (percent, summing to 100), groups
        in ``charts.pillar_group_order``, only groups with events.
    """
    order = charts.pillar_group_order(reference)
    counts = (
        events[schema.PILLAR_GROUP].astype(str).value_counts().reindex(order, fill_value=0)
    ).astype("int64")
    counts = counts[counts > 0]
    total = int(counts.sum())
    return pd.DataFrame(
        {
            schema.PILLAR_GROUP: counts.index.tolist(),
            COUNT: counts.to_numpy(),
            SHARE: (counts.to_numpy() * 100 / total) if total else counts.to_numpy() * 0.0,
        }
    )


def pillar_share_figure(shares: pd.DataFrame, reference: Reference) -> go.Figure:
    """A donut of each pillar group's share of the events (each event counted once).

    Args:
        shares: The output of ``pillar_group_shares``.
        reference: Reference data (colours, labels).

    Returns:
        The figure (the empty figure when there are no events).
    """
    title = "Share of events by pillar"
    if shares.empty:
        return charts.empty_figure(title)
    colours = charts.pillar_colours(reference)
    labels = charts.pillar_labels(reference)
    groups = shares[schema.PILLAR_GROUP].tolist()
    pie = go.Pie(
        name="Events",
        labels=[labels[g] for g in groups],
        values=shares[COUNT].tolist(),
        marker={"colors": [colours[g] for g in groups]},
        hole=0.5,
        sort=False,
        direction="clockwise",
        textinfo="percent",
        textposition="inside",
        texttemplate="%{percent:.0%}",
        hovertemplate="%{label}<br>%{value} event(s), %{percent:.1%}<extra></extra>",
    )
    return charts.figure(
        [pie],
        title=title,
        height=420,
        layout={
            "legend": {
                "orientation": "h",
                "y": -0.05,
                "yanchor": "top",
                "x": 0,
                "traceorder": "normal",
            },
            "uniformtext": {"minsize": 11, "mode": "hide"},
            **_subtitle(ONCE_NOTE),
        },
    )


def _country_label(country: Any) -> str:
    return schema.display_country(country) if isinstance(country, str) and country else NOT_STATED


def _values(frame: pd.DataFrame, by: str) -> pd.Series:
    # Label each distinct value once, then spread the labels by code: a per-row map costs
    # noticeably more on 100,000 rows. Missing values (code -1) take the last label.
    codes, uniques = pd.factorize(frame[by], use_na_sentinel=True)
    label = _country_label if by == schema.COUNTRY else str
    labels = np.array([*(label(value) for value in uniques), NOT_STATED], dtype=object)
    return pd.Series(labels[codes], index=frame.index, name=by, dtype=object)


def pillar_crosstab(events: pd.DataFrame, reference: Reference, by: str) -> pd.DataFrame:
    """Count events per pillar (once per pillar named) and per value of a column.

    Args:
        events: Events frame.
        reference: Reference data (pillar codes).
        by: ``schema.EVENT_TYPE`` or ``schema.COUNTRY`` (countries shown with Kosovo*, events
            without one as "Not stated").

    Returns:
        One row per value (most events first, "Not stated" last), one column per pillar in
        ``pillar_columns`` order; integer counts. Empty for no events.
    """
    columns = pillar_columns(reference)
    if events.empty:
        return pd.DataFrame(columns=columns, dtype="int64")
    # Count (value, pillar) pairs through integer codes: pd.crosstab costs several times more.
    # Each event's value is coded once and each mention of a pillar takes its event's code by
    # position (every event has a mention, in event order: the values keep their order).
    value_of_event, values = pd.factorize(_values(events, by))
    positions, named = _mentioned(events)
    value_codes = value_of_event[positions]
    pillar_codes, pillar_names = pd.factorize(named)
    cells = np.bincount(
        value_codes * len(pillar_names) + pillar_codes, minlength=len(values) * len(pillar_names)
    ).reshape(len(values), len(pillar_names))
    table = pd.DataFrame(cells, index=pd.Index(values, dtype=object), columns=list(pillar_names))
    table = table.reindex(columns=columns, fill_value=0).astype("int64")
    # Most events first, counting each event once, so the order does not favour cross-cutting.
    per_value = np.bincount(value_of_event, minlength=len(values)).tolist()
    totals = dict(zip(values, per_value, strict=True))
    order = sorted(
        table.index, key=lambda v: (v == NOT_STATED, -int(totals.get(v, 0)), str(v).casefold())
    )
    table = table.loc[order]
    table.index.name = by
    table.columns.name = schema.PILLAR
    return table


def pillar_heatmap(
    table: pd.DataFrame, reference: Reference, *, title: str, row_title: str
) -> go.Figure:
    """A heatmap of counts with the counts written in the cells (blank for zero).

    Args:
        table: The output of ``pillar_crosstab``.
        reference: Reference data (pillar labels).
        title: What the figure shows.
        row_title: The rows' axis label.

    Returns:
        The figure (the empty figure when the table is empty).
    """
    if table.empty:
        return charts.empty_figure(title)
    z = table.to_numpy().tolist()
    text = [[str(v) if v else "" for v in row] for row in z]
    rows = [str(v) for v in table.index]
    labels = charts.pillar_labels(reference)
    heatmap = go.Heatmap(
        z=z,
        x=list(table.columns),
        y=rows,
        text=text,
        texttemplate="%{text}",
        colorscale=HEATMAP_SCALE,
        zmin=0,
        xgap=2,
        ygap=2,
        showscale=False,
        customdata=[[labels[c] for c in table.columns] for _ in rows],
        hovertemplate="%{y} · %{customdata}: %{z} event(s)<extra></extra>",
    )
    return charts.figure(
        [heatmap],
        title=title,
        y_title=row_title,
        height=max(300, 34 * len(rows) + 170),
        layout={
            # The pillar codes on top and no axis title: they head the columns, as in a table.
            "xaxis": {
                "automargin": True,
                "side": "top",
                "tickmode": "array",
                "tickvals": list(table.columns),
                # Codes only: full names would be rotated and collide over four narrow columns.
                "ticktext": list(table.columns),
                # No tickangle: level while they fit, turned by plotly when the columns are
                # too narrow (a phone), instead of written over each other.
                "tickfont": {"size": 12},
            },
            # First row at the top, as in a table.
            "yaxis": {"autorange": "reversed", "type": "category"},
            **_subtitle(PER_PILLAR_NOTE, top=145),
        },
    )


def pillar_type_figure(events: pd.DataFrame, reference: Reference) -> go.Figure:
    """Heatmap of events per pillar and event type.

    Args:
        events: Events frame.
        reference: Reference data.

    Returns:
        The figure.
    """
    return pillar_heatmap(
        pillar_crosstab(events, reference, schema.EVENT_TYPE),
        reference,
        title="Events per pillar and event type",
        row_title="Event type",
    )


def pillar_country_figure(events: pd.DataFrame, reference: Reference) -> go.Figure:
    """Heatmap of events per pillar and host country.

    Args:
        events: Events frame.
        reference: Reference data.

    Returns:
        The figure.
    """
    return pillar_heatmap(
        pillar_crosstab(events, reference, schema.COUNTRY),
        reference,
        title="Events per pillar and host country",
        row_title="Host country",
    )


# Column labels of the figures-per-pillar table.
TABLE_PILLAR: Final = "Pillar"
TABLE_EVENTS: Final = "Events"
TABLE_DAYS: Final = "Days of meetings"
TABLE_COUNTRIES: Final = "Host countries"
TABLE_PARTNERS: Final = "Partners"
ALL_EVENTS: Final = "All matching events"


def pillar_figures_table(
    events: pd.DataFrame, event_partners: pd.DataFrame, reference: Reference
) -> pd.DataFrame:
    """Events, days of meetings, host countries and distinct partners per pillar.

    An event counts under each pillar it names; the last row counts every event once.

    Args:
        events: Events frame.
        event_partners: The event x partner table (may cover more events).
        reference: Reference data.

    Returns:
        One row per pillar and "No pillar", then ``ALL_EVENTS``; empty when there are no events.
    """
    columns = [TABLE_PILLAR, TABLE_EVENTS, TABLE_DAYS, TABLE_COUNTRIES, TABLE_PARTNERS]
    if events.empty:
        return pd.DataFrame(columns=columns)
    labels = charts.pillar_labels(reference)
    figures = _EventFigures(events, event_partners)
    positions, named = _mentioned(events)
    pillar_of, found = pd.factorize(named)
    pillar_names = pd.Index(found)
    rows = []
    for pillar in pillar_columns(reference):
        # The events naming this pillar, by position ("No pillar": those naming none).
        code = pillar_names.get_loc(pillar) if pillar in pillar_names else -2
        rows.append(figures.row(labels[pillar], positions[pillar_of == code]))
    rows.append(figures.row(ALL_EVENTS, np.arange(len(events))))
    return pd.DataFrame(rows, columns=columns)


class _EventFigures:
    """The figures of some of the events (given by position), through integer codes.

    The events' ids and countries and the event x partner rows' events and partners are
    coded once; each row of the table is then array lookups and counts instead of filtered
    copies, drop_duplicates and nunique of text.
    """

    def __init__(self, events: pd.DataFrame, event_partners: pd.DataFrame) -> None:
        self.event_id = pd.factorize(events[schema.ID])[0]
        self.country = pd.factorize(events[schema.COUNTRY])[0]
        self.days = events[schema.DURATION_DAYS].to_numpy()
        # Missing ids never match a partner row (as filters.is_in has it).
        ids = pd.Index(events[schema.ID].dropna().unique())
        self.ids = len(ids)
        self.id_of_event = ids.get_indexer(events[schema.ID])
        # Rows coded by their distinct event ids first (hashing Arrow strings is fast), then
        # each distinct id looked up once.
        row_codes, row_ids = pd.factorize(event_partners[schema.EVENT_ID])
        self.id_of_row = np.append(ids.get_indexer(row_ids), -1)[row_codes]
        self.partner_of_row = pd.factorize(event_partners[schema.PARTNER])[0]

    def row(self, name: str, positions: np.ndarray) -> dict[str, Any]:
        """The table's row of the events at these positions."""
        event_ids = self.event_id[positions]
        # Each id's first event, as drop_duplicates keeps it (a missing id is one group).
        first = ~pd.Index(event_ids).duplicated()
        found = self.id_of_event[positions]
        # One slot more than there are ids: rows of other events (-1) look at it; it stays False.
        wanted = np.zeros(self.ids + 1, dtype=bool)
        wanted[found[found >= 0]] = True
        return {
            TABLE_PILLAR: name,
            TABLE_EVENTS: _distinct(event_ids),
            TABLE_DAYS: int(self.days[positions[first]].sum()),
            TABLE_COUNTRIES: _distinct(self.country[positions]),
            TABLE_PARTNERS: _distinct(self.partner_of_row[wanted[self.id_of_row]]),
        }


def _distinct(codes: np.ndarray) -> int:
    """How many distinct codes, -1 (a missing value) left out."""
    valid = codes[codes >= 0]
    return 0 if valid.size == 0 else int(np.count_nonzero(np.bincount(valid)))
