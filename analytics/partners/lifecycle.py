"""New, returning and lapsed partners as of the period's latest event."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import charts, filters, schema
from analytics.memo import per_frames
from analytics.partners.common import (
    EVENTS,
    FIRST_EVENT,
    LABEL_FIRST,
    LABEL_KIND,
    LABEL_PARTNER,
    NO_PARTNER,
)
from analytics.partners.heatmaps import attendance, year_span

STATUS: Final = "status"
LAST_SEEN: Final = "last_seen"
LAST_TITLE: Final = "last_title"
IN_SELECTION: Final = "in_selection"
PILLARS_EVER: Final = "pillars_ever"
STATUS_NEW: Final = "New"
STATUS_RETURNING: Final = "Returning"
STATUS_LAPSED: Final = "Lapsed"
STATUS_ELSEWHERE: Final = "Active, not in the selection"
STATUSES: Final = (STATUS_NEW, STATUS_RETURNING, STATUS_LAPSED, STATUS_ELSEWHERE)
STATUS_COLOURS: Final = {
    STATUS_NEW: "#009E73",
    STATUS_RETURNING: "#0072B2",
    STATUS_LAPSED: "#D55E00",
    STATUS_ELSEWHERE: "#999999",
}
# A partner without an event in this many months before the reference day has lapsed.
LAPSE_MONTHS: Final = 12
YEAR: Final = "year"
LABEL_STATUS: Final = "Status"
LABEL_LAST_SEEN: Final = "Last seen"
LABEL_LAST_TITLE: Final = "Last event"
LABEL_IN_SELECTION: Final = "Events in the selection"
LABEL_PILLARS: Final = "Pillars (all its events)"
LABEL_EVENTS_EVER: Final = "Events (all)"


@dataclass(frozen=True)
class Lifecycle:
    """Who is new, who keeps coming and who has lapsed.

    Attributes:
        as_of: The reference day: the latest event on or before the selection's end (None
            when there is no event).
        lapse_before: A partner whose last event is before this day has lapsed.
        partners: One row a partner seen by ``as_of``: partner, partner_kind, status,
            first_event, last_seen (``datetime.date``), last_title, events (all its events by
            ``as_of``), in_selection (its matching events), pillars_ever (codes, joined by
            ", "); lapsed first (longest absent first), then new, returning, the rest.
        per_year: Columns year, New, Returning, Lapsed: partners whose first event was in the
            year, partners back in the year after an earlier year, partners whose twelve
            months without an event ran out in the year.
    """

    as_of: pd.Timestamp | None
    lapse_before: pd.Timestamp | None
    partners: pd.DataFrame
    per_year: pd.DataFrame

    def lapsed(self) -> pd.DataFrame:
        """The lapsed partners, longest absent first, with user-facing column labels."""
        rows = self.partners[self.partners[STATUS] == STATUS_LAPSED]
        return lifecycle_table(rows).drop(columns=[LABEL_STATUS, LABEL_IN_SELECTION])


def partner_lifecycle(
    events: pd.DataFrame,
    event_partners: pd.DataFrame,
    matching_ids: Sequence[str],
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> Lifecycle:
    """Give each partner its status in the selected period, for outreach.

    A partner's history counts every event of ``events`` (the whole file, whatever the
    filters): a partner lapses from the IISG, not from a pillar. The reference day is the
    latest event on or before ``period_end`` (the data's last event when there is no end).

    - *Lapsed*: no event in the ``LAPSE_MONTHS`` months before the reference day (an event
      exactly twelve months before still counts), whatever the selection.
    - *New*: attended a matching event in the period, and its first event ever is in the
      period.
    - *Returning*: attended a matching event in the period, and had an event before it.
    - *Active, not in the selection*: not lapsed, but at no matching event in the period.

    The period runs from ``period_start`` to the reference day; without a start (period
    "All") it is the twelve months before the reference day, so the statuses say who is new,
    who keeps coming and who lapsed *now*.

    This does not mutate its inputs.

    Args:
        events: Every event (columns id, start_date, year, title, pillars).
        event_partners: Every event x partner row.
        matching_ids: Ids of the events the filters select.
        period_start: First day of the selected period, if any.
        period_end: Last day of the selected period, if any.

    Returns:
        The statuses and the per-year counts.
    """
    columns = [
        schema.PARTNER, schema.PARTNER_KIND, STATUS, FIRST_EVENT, LAST_SEEN, LAST_TITLE,
        EVENTS, IN_SELECTION, PILLARS_EVER,
    ]  # fmt: skip
    history = _history(events, event_partners, period_end)
    if history.as_of is None:
        return Lifecycle(None, None, pd.DataFrame(columns=columns), history.per_year)
    as_of = history.as_of
    lapse_before = as_of - pd.DateOffset(months=LAPSE_MONTHS)
    # Without a period start, "in the period" means the twelve months before the reference day.
    start = pd.Timestamp(period_start) if period_start is not None else lapse_before
    facts = history.per_partner
    # What depends on the selection: counted over the history's partner codes at once.
    matching = filters.is_in(history.event_ids, list(matching_ids))
    in_window = matching & (history.starts >= start.to_datetime64())
    size = len(facts)
    in_selection = np.bincount(history.codes[matching], minlength=size)
    seen_in_window = np.bincount(history.codes[in_window], minlength=size) > 0
    status = np.select(
        [
            (facts["last"] < lapse_before).to_numpy(),
            ~seen_in_window,
            (facts["first"] >= start).to_numpy(),
        ],
        [STATUS_LAPSED, STATUS_ELSEWHERE, STATUS_NEW],
        default=STATUS_RETURNING,
    )
    table = pd.DataFrame(
        {
            schema.PARTNER: facts.index.astype(str),
            schema.PARTNER_KIND: facts["kind"].to_numpy(),
            STATUS: status,
            FIRST_EVENT: facts["first_day"].to_numpy(),
            LAST_SEEN: facts["last_day"].to_numpy(),
            LAST_TITLE: facts["title"].to_numpy(),
            EVENTS: facts["events"].to_numpy(),
            IN_SELECTION: in_selection.astype("int64"),
            PILLARS_EVER: facts["pillars"].to_numpy(),
        },
        columns=columns,
    )
    order = {STATUS_LAPSED: 0, STATUS_NEW: 1, STATUS_RETURNING: 2, STATUS_ELSEWHERE: 3}
    # Lapsed partners longest absent first (the outreach list); the others by name.
    lapsed = table[STATUS] == STATUS_LAPSED
    table = table.assign(
        _order=table[STATUS].map(order),
        _day=[
            day if gone else dt.date.min for day, gone in zip(table[LAST_SEEN], lapsed, strict=True)
        ],
        _name=table[schema.PARTNER].str.casefold(),
    ).sort_values(["_order", "_day", "_name"])
    table = table.drop(columns=["_order", "_day", "_name"]).reset_index(drop=True)
    return Lifecycle(as_of, lapse_before, table, history.per_year)


@dataclass(frozen=True)
class _History:
    """Every partner's events up to a day: what the lifecycle needs besides the selection."""

    as_of: pd.Timestamp | None
    codes: np.ndarray  # a partner code (row of per_partner) per partner x event row
    event_ids: pd.Series  # the event of each row
    starts: np.ndarray  # the start of each row's event (datetime64)
    per_partner: pd.DataFrame  # kind, first, last, first_day, last_day, title, events, pillars
    per_year: pd.DataFrame


@per_frames()
def _history(
    events: pd.DataFrame, event_partners: pd.DataFrame, period_end: dt.date | None
) -> _History:
    """Each partner's history up to ``period_end`` (kept for the loaded frames: it does not
    change with the other filters, and a filter change would otherwise compute it again)."""
    attended = attendance(events, event_partners)
    per_year = _lifecycle_per_year(attended, events)
    starts = events[schema.START_DATE]
    if period_end is not None:
        attended = attended[attended[schema.START_DATE] <= pd.Timestamp(period_end)]
        starts = starts[starts <= pd.Timestamp(period_end)]
    if attended.empty:
        empty = np.array([], dtype="int64")
        return _History(None, empty, pd.Series([], dtype=object), empty, pd.DataFrame(), per_year)
    # One row per partner and event, oldest first (ties by event id).
    rows = attended.drop_duplicates([schema.PARTNER, schema.EVENT_ID]).sort_values(
        [schema.START_DATE, schema.EVENT_ID]
    )
    codes, names = pd.factorize(rows[schema.PARTNER].astype(str).to_numpy(dtype=object))
    grouped = rows.groupby(codes, sort=True)
    first = grouped[schema.START_DATE].first()
    last = grouped[schema.START_DATE].last()
    titles = pd.Series(events[schema.TITLE].to_numpy(dtype=object), index=events[schema.ID])
    # Pillars a partner ever had: one count per pillar code (there are few), not an explode.
    pillar_sets = events[schema.PILLARS].to_numpy(dtype=object)
    position = pd.Index(events[schema.ID]).get_indexer(rows[schema.EVENT_ID])
    pillar_codes = sorted({str(code) for codes_of in pillar_sets for code in codes_of})
    had = {
        code: np.bincount(
            codes[np.array([code in codes_of for codes_of in pillar_sets], dtype=bool)[position]],
            minlength=len(names),
        )
        > 0
        for code in pillar_codes
    }
    per_partner = pd.DataFrame(
        {
            "kind": grouped[schema.PARTNER_KIND].first().astype(str).to_numpy(),
            "first": first.to_numpy(),
            "last": last.to_numpy(),
            "first_day": [day.date() for day in first],
            "last_day": [day.date() for day in last],
            "title": titles.reindex(grouped[schema.EVENT_ID].last().to_numpy())
            .fillna("")
            .astype(str)
            .to_numpy(),
            "events": grouped.size().astype("int64").to_numpy(),
            "pillars": [
                ", ".join(code for code in pillar_codes if had[code][i]) for i in range(len(names))
            ],
        },
        index=pd.Index(names, name=schema.PARTNER),
    )
    return _History(
        as_of=starts.max(),
        codes=codes,
        event_ids=rows[schema.EVENT_ID].reset_index(drop=True),
        starts=rows[schema.START_DATE].to_numpy(),
        per_partner=per_partner,
        per_year=per_year,
    )


def _lifecycle_per_year(attended: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Per year: partners new, back after an earlier year, and lapsed (over all the data)."""
    columns = [YEAR, STATUS_NEW, STATUS_RETURNING, STATUS_LAPSED]
    years = year_span(events)
    if attended.empty or not years:
        return pd.DataFrame(columns=columns).astype("int64")
    data_end = events[schema.START_DATE].max()
    days = attended[[schema.PARTNER, schema.START_DATE]].drop_duplicates()
    days = days.sort_values([schema.PARTNER, schema.START_DATE])
    day_years = days[schema.START_DATE].dt.year
    first_years = day_years.groupby(days[schema.PARTNER], observed=True).transform("min")
    new = day_years.groupby(days[schema.PARTNER], observed=True).min().value_counts()
    later = pd.DataFrame({"p": days[schema.PARTNER], "y": day_years})[day_years > first_years]
    returning = later.drop_duplicates()["y"].value_counts()
    # A partner lapses when twelve months pass after an event without another one.
    following = days.groupby(schema.PARTNER, observed=True)[schema.START_DATE].shift(-1)
    lapse = days[schema.START_DATE] + pd.DateOffset(months=LAPSE_MONTHS)
    lapsed = (lapse < data_end) & (following.isna() | (following > lapse))
    lapsed_years = lapse[lapsed].dt.year.value_counts()
    return pd.DataFrame(
        {
            YEAR: years,
            STATUS_NEW: [int(new.get(year, 0)) for year in years],
            STATUS_RETURNING: [int(returning.get(year, 0)) for year in years],
            STATUS_LAPSED: [int(lapsed_years.get(year, 0)) for year in years],
        },
        columns=columns,
    ).astype("int64")


def lifecycle_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Give a ``Lifecycle.partners`` table its user-facing column labels.

    Args:
        rows: Rows of ``Lifecycle.partners``.

    Returns:
        A new frame: Partner, Kind, Status, First event, Last seen, Last event, Events (all),
        Events in the selection, Pillars (all its events).
    """
    return rows.rename(
        columns={
            schema.PARTNER: LABEL_PARTNER,
            schema.PARTNER_KIND: LABEL_KIND,
            STATUS: LABEL_STATUS,
            FIRST_EVENT: LABEL_FIRST,
            LAST_SEEN: LABEL_LAST_SEEN,
            LAST_TITLE: LABEL_LAST_TITLE,
            EVENTS: LABEL_EVENTS_EVER,
            IN_SELECTION: LABEL_IN_SELECTION,
            PILLARS_EVER: LABEL_PILLARS,
        }
    ).reset_index(drop=True)


def status_counts(lifecycle: Lifecycle) -> dict[str, int]:
    """How many partners have each status.

    Args:
        lifecycle: The output of ``partner_lifecycle``.

    Returns:
        Status -> number of partners, every status present (zeros included), in ``STATUSES``
        order.
    """
    counted = Counter(lifecycle.partners[STATUS])
    return {status: int(counted.get(status, 0)) for status in STATUSES}


def lifecycle_figure(per_year: pd.DataFrame) -> go.Figure:
    """Bars of new, returning and lapsed partners per year, side by side.

    Args:
        per_year: ``Lifecycle.per_year``.

    Returns:
        One bar trace a status.
    """
    title = "New, returning and lapsed partners per year"
    if per_year.empty:
        return charts.empty_figure(title, NO_PARTNER)
    traces = [
        go.Bar(
            x=[str(year) for year in per_year[YEAR]],
            y=per_year[status].tolist(),
            name=status,
            marker_color=STATUS_COLOURS[status],
            text=per_year[status].tolist(),
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}: %{{y}} partners {status.lower()}<extra></extra>",
        )
        for status in (STATUS_NEW, STATUS_RETURNING, STATUS_LAPSED)
    ]
    return charts.figure(
        traces,
        title=title,
        x_title="Year",
        y_title="Partners",
        height=380,
        legend_title="",
        layout={
            "barmode": "group",
            "xaxis": {"type": "category"},
            "legend": {"y": 1.02, "yanchor": "bottom", "x": 0},
            "margin": {"t": 90},
        },
    )
