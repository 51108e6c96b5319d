"""The six Western Balkan partners' participation, by the report's rule."""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import charts, filters, schema
from analytics.partners.common import COMMUNITY_COLOURS, plot_text

# Columns of ``western_balkan_participation``.
WB_PARTNER: Final = "partner"
WB_HOSTED: Final = "hosted"
WB_OWN: Final = "own_institutions"
WB_VIA_GROUP: Final = "via_group"
WB_EITHER: Final = "either_way"
WB_BODIES: Final = "bodies"
WB_NOT_COUNTED: Final = "not_counted"
WB_COLUMNS: Final = (
    WB_PARTNER,
    WB_HOSTED,
    WB_OWN,
    WB_VIA_GROUP,
    WB_EITHER,
    WB_BODIES,
    WB_NOT_COUNTED,
)
# Kinds whose attendance is the country's own: the partner itself and its state bodies.
# Companies (ARK IT, an IT contractor) and any other kind with a country never are.
WB_COUNTRY_KINDS: Final = frozenset(
    {schema.PARTNER_KINDS["wb_partner"], schema.PARTNER_KINDS["national_institution"]}
)
WB_PARTICIPATION_NOTE: Final = (
    "Hosted: the event took place in the partner. Own institutions: the partner itself or one of "
    "its state institutions is named among the event's participants (companies never count). "
    f"Through the group: the event names '{schema.WB_GROUP}', one entry that stands for the six "
    "together; the sources do not say which of the six attended. Either way: events counted in "
    "one or both of the last two columns, each once."
)


class _Coded:
    """A text column as integer codes (missing: -1) and its distinct values."""

    def __init__(self, column: pd.Series) -> None:
        self.codes, values = pd.factorize(column)
        self.values = pd.Index(values)
        # The values as text, read by position (an Index looked up a value at a time cost
        # more than the rest of a table).
        self.names = [str(value) for value in values]

    def equal(self, value: str) -> np.ndarray:
        """Which rows hold `value` (a missing cell never does), one boolean a row."""
        if value not in self.values:
            return np.zeros(len(self.codes), dtype=bool)
        return self.codes == self.values.get_loc(value)


def _names_with_counts(partner: _Coded, event_codes: np.ndarray, rows: np.ndarray) -> str:
    """ "Albania (2), Serbia (1)": the partners of some rows, each with its distinct events.

    Most events first, ties by name regardless of case (names in order before that, as a
    groupby lists them); rows without a partner name are not counted.
    """
    named = rows & (partner.codes >= 0)
    # One number a (partner, event) pair, so distinct pairs are distinct numbers.
    span = int(event_codes.max(initial=0)) + 1
    pairs = pd.unique(partner.codes[named] * span + event_codes[named])
    counts = np.bincount(pairs // span, minlength=len(partner.values))
    found = sorted((partner.names[code], int(counts[code])) for code in np.flatnonzero(counts))
    ordered = sorted(found, key=lambda item: (-item[1], item[0].casefold()))
    return ", ".join(f"{schema.display_country(name)} ({n})" for name, n in ordered)


def western_balkan_participation(
    events: pd.DataFrame, event_partners: pd.DataFrame
) -> pd.DataFrame:
    """Per Western Balkan partner: events hosted, attended by its own institutions, via the group.

    Own institutions are the partner itself and the registered partners of its country whose
    kind is a Western Balkan partner or a national institution; a company or any other kind of
    the country is listed as not counted. The group entry "Western Balkans Partners" is never
    split into the six: every partner gets the same count of events naming it, in a column of
    its own. This does not mutate its inputs.

    Args:
        events: The events to count (e.g. the filtered events of a period).
        event_partners: The event x partner table; only rows of ``events`` are used.

    Returns:
        One row per partner in ``schema.WESTERN_BALKANS`` order, columns ``WB_COLUMNS``:
        partner (Kosovo written Kosovo*), hosted, own_institutions, via_group, either_way
        (counts) and bodies, not_counted (names with their events, e.g. "Albania (2)").
    """
    # Everything is counted through integer codes of the rows' partners, countries and
    # events: a dozen small groupbys and set builds cost more than the rest of the report.
    # Event ids are the loader's strings (never missing): tested as they are.
    rows_of_events = event_partners[
        filters.is_in(event_partners[schema.EVENT_ID], events[schema.ID])
    ]
    partner = _Coded(rows_of_events[schema.PARTNER])
    country = _Coded(rows_of_events[schema.PARTNER_COUNTRY])
    event_codes = pd.factorize(rows_of_events[schema.EVENT_ID])[0]
    host_country = _Coded(events[schema.COUNTRY])
    group_events = set(event_codes[partner.equal(schema.WB_GROUP)].tolist())
    counted_kind = filters.is_in(rows_of_events[schema.PARTNER_KIND], list(WB_COUNTRY_KINDS))
    rows = []
    for name in schema.WESTERN_BALKANS:
        of_country = country.equal(name) | partner.equal(name)
        own = of_country & counted_kind
        own_events = set(event_codes[own].tolist())
        rows.append(
            {
                WB_PARTNER: schema.display_country(name),
                WB_HOSTED: int(host_country.equal(name).sum()),
                WB_OWN: len(own_events),
                WB_VIA_GROUP: len(group_events),
                WB_EITHER: len(own_events | group_events),
                WB_BODIES: _names_with_counts(partner, event_codes, own),
                WB_NOT_COUNTED: _names_with_counts(
                    partner, event_codes, of_country & ~counted_kind
                ),
            }
        )
    table = pd.DataFrame(rows, columns=list(WB_COLUMNS))
    counts = [WB_HOSTED, WB_OWN, WB_VIA_GROUP, WB_EITHER]
    return table.astype(dict.fromkeys(counts, "int64"))


def wb_participation_figure(table: pd.DataFrame) -> go.Figure:
    """Bars per Western Balkan partner: events its own institutions attended, events that name
    the group entry, and events it hosted, side by side.

    Args:
        table: The output of ``western_balkan_participation`` (one row a partner).

    Returns:
        Three bar traces, one a way of taking part.
    """
    title = "The six Western Balkan partners"
    counted = [WB_OWN, WB_VIA_GROUP, WB_HOSTED]
    if table.empty or not table[counted].to_numpy().any():
        return charts.empty_figure(title, "No matching event names a Western Balkan partner.")
    names = [plot_text(name) for name in table[WB_PARTNER]]
    series = (
        (WB_OWN, "Own institutions", COMMUNITY_COLOURS[0]),
        (WB_VIA_GROUP, "Group entry", "#999999"),
        (WB_HOSTED, "Hosted", COMMUNITY_COLOURS[1]),
    )
    traces = [
        go.Bar(
            x=names,
            y=table[column].tolist(),
            name=label,
            marker_color=colour,
            text=table[column].tolist(),
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}<br>{label}: %{{y}} events<extra></extra>",
        )
        for column, label, colour in series
    ]
    return charts.figure(
        traces,
        title=title,
        y_title="Events",
        height=400,
        legend_title="",
        layout={
            "barmode": "group",
            "xaxis": {"type": "category"},
            "yaxis": {"rangemode": "tozero"},
            "legend": {"y": 1.02, "yanchor": "bottom", "x": 0},
            "margin": {"t": 110},  # room for a legend of two lines at 390 px
        },
    )
