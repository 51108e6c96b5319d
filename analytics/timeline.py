"""Timeline of events, activity per period with the year before, and one event's details."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analytics import charts, display, filters, schema
from analytics.dataset.reference import Reference
from analytics.memo import per_frames

MONTH: Final = "Month"
QUARTER: Final = "Quarter"
YEAR: Final = "Year"
GRANULARITIES: Final = (MONTH, QUARTER, YEAR)
_FREQUENCIES: Final = {MONTH: "M", QUARTER: "Q", YEAR: "Y"}
# How many periods make one year: the comparison is the same period a year earlier.
_PERIODS_PER_YEAR: Final = {MONTH: 12, QUARTER: 4, YEAR: 1}
_NOUNS: Final = {MONTH: "month", QUARTER: "quarter", YEAR: "year"}

# The activity chart's step follows the length of what it shows: months up to a year and a
# half, quarters up to four years, years beyond (a year in months, 2017-2023 in years).
MAX_MONTHS_BY_MONTH: Final = 18
MAX_MONTHS_BY_QUARTER: Final = 48

# Columns of the activity frame.
PERIOD: Final = "period"
PERIOD_START: Final = "period_start"
EVENTS: Final = "events"
YEAR_EARLIER: Final = "events_year_earlier"

# Columns of the timeline rows.
ROW_LABEL: Final = "row_label"
FINISH: Final = "finish"
DATES: Final = "dates"
PLACE: Final = "place"
PARTNERS_TEXT: Final = "partners_text"

# A row's label: "Mon YYYY · title" in at most LABEL_LINES lines of LABEL_WIDTH characters,
# cut with "…"; the full title is in the hover and the table.
MAX_LABEL: Final = 42
LABEL_WIDTH: Final = 34
LABEL_LINES: Final = 2
# The most events the per-event timeline draws (one row each): beyond a few hundred rows the
# chart is too tall to read and its JSON grows by megabytes (8 MB for 10,000 events).
MAX_TIMELINE_EVENTS: Final = 300
MAX_HOVER_PARTNERS: Final = 6
ROW_HEIGHT: Final = 30
ONE_DAY_MS: Final = 24 * 60 * 60 * 1000
CURRENT_COLOUR: Final = charts.NEUTRAL_COLOURS[0]
# Characters that Markdown (and Streamlit's :colour[] and $math$ extensions) would interpret.


# -- periods ---------------------------------------------------------------------------------


def check_granularity(granularity: str) -> str:
    """Return the granularity if it is one of ``GRANULARITIES``.

    Args:
        granularity: "Month", "Quarter" or "Year".

    Returns:
        The same granularity.

    Raises:
        ValueError: Any other value.
    """
    if granularity not in _FREQUENCIES:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")
    return granularity


def period_noun(granularity: str) -> str:
    """The period in words: "month", "quarter" or "year"."""
    return _NOUNS[check_granularity(granularity)]


def period_label(period: pd.Period, granularity: str) -> str:
    """Name a period as readers write it: "Mar 2023", "Q1 2023" or "2023".

    Args:
        period: A pandas period.
        granularity: The period's granularity.

    Returns:
        The label.
    """
    check_granularity(granularity)
    if granularity == MONTH:
        return period.strftime("%b %Y")
    if granularity == QUARTER:
        return f"Q{period.quarter} {period.year}"
    return str(period.year)


def periods_between(
    first_day: pd.Timestamp, last_day: pd.Timestamp, granularity: str
) -> pd.PeriodIndex:
    """Every period from the one holding `first_day` to the one holding `last_day`, without gaps.

    Args:
        first_day: A day of the first period.
        last_day: A day of the last period.
        granularity: "Month", "Quarter" or "Year".

    Returns:
        The periods in order.
    """
    frequency = _FREQUENCIES[check_granularity(granularity)]
    return pd.period_range(
        pd.Timestamp(first_day).to_period(frequency),
        pd.Timestamp(last_day).to_period(frequency),
        freq=frequency,
    )


def axis_range(
    events: pd.DataFrame,
    start: Any = None,
    end: Any = None,
) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The days a per-period chart spans: the filter's period, widened to the events' starts.

    An event that began before the filter's first day but ran into it is counted in the period
    of its start, so the axis is widened to hold it.

    Args:
        events: The matching events.
        start: The filter's first day (None: from the first event).
        end: The filter's last day (None: to the last event's start).

    Returns:
        (first day, last day), or None when there are no events.
    """
    if events.empty:
        return None
    first = events[schema.START_DATE].min()
    last = events[schema.START_DATE].max()
    if start is not None:
        first = min(first, pd.Timestamp(start))
    if end is not None:
        last = max(last, pd.Timestamp(end))
    return first, last


def step_for_span(first_day: Any, last_day: Any) -> str:
    """Choose the activity chart's step for the days it spans.

    Args:
        first_day: The first day shown.
        last_day: The last day shown.

    Returns:
        ``MONTH`` when the span touches at most ``MAX_MONTHS_BY_MONTH`` calendar months,
        ``QUARTER`` up to ``MAX_MONTHS_BY_QUARTER`` months, ``YEAR`` beyond.
    """
    first, last = pd.Timestamp(first_day), pd.Timestamp(last_day)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= MAX_MONTHS_BY_MONTH:
        return MONTH
    if months <= MAX_MONTHS_BY_QUARTER:
        return QUARTER
    return YEAR


def activity_step(events: pd.DataFrame, start: Any = None, end: Any = None) -> str:
    """Choose the activity chart's step for the period it shows (see ``step_for_span``).

    Args:
        events: The matching events.
        start: The filter's first day (None: from the first event).
        end: The filter's last day (None: to the last event's start).

    Returns:
        "Month", "Quarter" or "Year"; for no events, the step of the filter's period, or
        "Year" when it is unbounded.
    """
    span = axis_range(events, start, end)
    if span is None:
        if start is None or end is None:
            return YEAR
        span = (pd.Timestamp(start), pd.Timestamp(end))
    return step_for_span(*span)


def count_per_period(events: pd.DataFrame, periods: pd.PeriodIndex, granularity: str) -> pd.Series:
    """Count events in the period of their start date, with zeros for empty periods.

    Args:
        events: Events frame.
        periods: The periods wanted (events outside them are not counted).
        granularity: The periods' granularity.

    Returns:
        Counts indexed by `periods`, as integers.
    """
    frequency = _FREQUENCIES[check_granularity(granularity)]
    started = events[schema.START_DATE].dt.to_period(frequency)
    return started.value_counts().reindex(periods, fill_value=0).astype("int64")


def period_positions(events: pd.DataFrame, periods: pd.PeriodIndex, granularity: str) -> np.ndarray:
    """The position in `periods` of each event's start (-1 outside them), as ``count_per_period``
    places it.

    Args:
        events: Events frame.
        periods: The periods (``periods_between``).
        granularity: The periods' granularity.

    Returns:
        One integer an event, in the frame's order.
    """
    frequency = _FREQUENCIES[check_granularity(granularity)]
    started = events[schema.START_DATE].dt.to_period(frequency)
    return np.asarray(periods.get_indexer(started), dtype=np.intp)


def without_dates(event_filter: filters.EventFilter) -> filters.EventFilter:
    """The same filter with no period, for counting the periods before the selected one.

    Args:
        event_filter: The active filter.

    Returns:
        A copy with the period set to "All".
    """
    return replace(event_filter, period=filters.PERIOD_ALL, start=None, end=None)


def activity_counts(
    events: pd.DataFrame,
    comparison_events: pd.DataFrame,
    granularity: str,
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    """Events per period (by start date) and in the same period a year earlier.

    Every period between the first and last is present, with 0 when nothing started then.
    This function does not mutate its inputs.

    Args:
        events: The matching events.
        comparison_events: The events matching the same filters without the period (the year
            earlier may lie before the selected period).
        granularity: "Month", "Quarter" or "Year".
        start: The filter's first day, if any.
        end: The filter's last day, if any.

    Returns:
        Columns ``PERIOD`` (label), ``PERIOD_START`` (first day), ``EVENTS`` and
        ``YEAR_EARLIER``; no rows when there are no events.
    """
    check_granularity(granularity)
    columns = [PERIOD, PERIOD_START, EVENTS, YEAR_EARLIER]
    span = axis_range(events, start, end)
    if span is None:
        return pd.DataFrame(columns=columns)
    periods = periods_between(*span, granularity)
    current = count_per_period(events, periods, granularity)
    earlier_periods = periods - _PERIODS_PER_YEAR[granularity]
    earlier = count_per_period(comparison_events, earlier_periods, granularity)
    return pd.DataFrame(
        {
            PERIOD: [period_label(p, granularity) for p in periods],
            PERIOD_START: periods.start_time,
            EVENTS: current.to_numpy(),
            YEAR_EARLIER: earlier.to_numpy(),
        }
    )


def comparison_name(granularity: str) -> str:
    """The legend name of the comparison series, e.g. "Same month a year earlier"."""
    if check_granularity(granularity) == YEAR:
        return "Previous year"
    return f"Same {period_noun(granularity)} a year earlier"


def activity_figure(counts: pd.DataFrame, granularity: str, title: str | None = None) -> go.Figure:
    """Bars of events per period with the same period a year earlier as a grey line.

    Args:
        counts: The output of ``activity_counts``.
        granularity: "Month", "Quarter" or "Year".
        title: A shorter title for a small chart; by default the title says how events are
            counted and what the grey line is.

    Returns:
        The figure (the empty figure when there are no periods).
    """
    noun = period_noun(granularity)
    title = title or (
        f"Events per {noun} (counted in the {noun} they start), "
        f"with the {comparison_name(granularity).lower()} in grey"
    )
    if counts.empty:
        return charts.empty_figure(title)
    traces = [
        go.Bar(
            x=counts[PERIOD].tolist(),
            y=counts[EVENTS].tolist(),
            name=f"Events that {noun}",
            marker_color=CURRENT_COLOUR,
            hovertemplate="%{x}: %{y} event(s)<extra></extra>",
        ),
        go.Scatter(
            x=counts[PERIOD].tolist(),
            y=counts[YEAR_EARLIER].tolist(),
            name=comparison_name(granularity),
            mode="lines+markers",
            line={"color": charts.PREVIOUS_PERIOD_COLOUR, "width": 2, "dash": "dot"},
            marker={"color": charts.PREVIOUS_PERIOD_COLOUR, "size": 6},
            hovertemplate="A year before %{x}: %{y} event(s)<extra></extra>",
        ),
    ]
    yaxis: dict[str, Any] = {"rangemode": "tozero", "tickformat": "d"}
    if _small(counts):
        yaxis["dtick"] = 1
    return charts.figure(
        traces,
        title=title,
        x_title=noun.capitalize(),
        y_title="Events",
        height=380,
        layout={
            # Integer counts: no 0.5 ticks; categories keep every period, empty ones included.
            "yaxis": yaxis,
            "xaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": counts[PERIOD],
            },
            "legend": {"y": -0.3},
            "bargap": 0.15,
        },
    )


def _small(counts: pd.DataFrame) -> bool:
    top = max(int(counts[EVENTS].max()), int(counts[YEAR_EARLIER].max()))
    return top <= 6


# -- the timeline itself ---------------------------------------------------------------------


def short_title(title: str, limit: int = MAX_LABEL) -> str:
    """Shorten a title to `limit` characters, ending with "…" when cut.

    Args:
        title: The full title.
        limit: The longest label allowed.

    Returns:
        The label.
    """
    text = " ".join(str(title).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


class _SpacedWrapper(textwrap.TextWrapper):
    """``textwrap`` that splits a text of words between single spaces at its spaces directly.

    Its general split (tabs expanded, every kind of white space made a space, then a regular
    expression) took three quarters of wrapping a row label; a text of words between single
    spaces (``" ".join(text.split()) == text``, as a label is made) falls into the same chunks,
    the words and the spaces between them. Any other text is split as ``textwrap`` does.
    """

    def _split_chunks(self, text: str) -> list[str]:
        if " ".join(text.split()) != text or not text:
            return super()._split_chunks(text)
        words = text.split(" ")
        chunks = [" "] * (2 * len(words) - 1)
        chunks[::2] = words
        return chunks


_LABEL_WRAPPER = _SpacedWrapper(
    LABEL_WIDTH, max_lines=LABEL_LINES, placeholder=" …", break_on_hyphens=False
)


def row_label(start: pd.Timestamp, title: str) -> str:
    """A timeline row's label: "Mon YYYY · title", wrapped onto two short lines and cut with "…".

    Args:
        start: The event's first day.
        title: The full title.

    Returns:
        The label for plotly (lines joined by ``<br>``, the title's own text escaped).
    """
    return _label(start.strftime("%b %Y"), title)


def _label(month: str, title: str) -> str:
    """``row_label`` of an event whose first day's month is written `month` ("Mar 2023")."""
    lines = _LABEL_WRAPPER.wrap(f"{month} · {' '.join(str(title).split())}")
    # Axis labels are read by plotly as HTML-ish text: data must show as written.
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def _place(city: Any, country: Any) -> str:
    parts = [str(city) if pd.notna(city) else "", schema.display_country(_text(country))]
    return ", ".join(part for part in parts if part) or "Place not stated"


def _text(value: Any) -> str | None:
    return None if value is None or (not isinstance(value, tuple) and pd.isna(value)) else value


def _partners_text(partners: Sequence[str], limit: int = MAX_HOVER_PARTNERS) -> str:
    names = list(partners or ())
    if not names:
        return "none listed"
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more"


def timeline_rows(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event, earliest first, with what the timeline draws and shows on hover.

    This function does not mutate its input.

    Args:
        events: Events frame.

    Returns:
        Columns id, title, ``ROW_LABEL``, start_date, ``FINISH`` (the day after the last day),
        ``DATES``, ``PLACE``, ``PARTNERS_TEXT`` and pillar_group.
    """
    ordered = events.sort_values([schema.START_DATE, schema.ID])
    rows = pd.DataFrame(
        {
            schema.ID: ordered[schema.ID].astype(str).to_numpy(),
            schema.TITLE: ordered[schema.TITLE].astype(str).to_numpy(),
            schema.START_DATE: ordered[schema.START_DATE].to_numpy(),
            # end_date is inclusive (its day is part of the event): the bar ends the day after,
            # so a one-day event is one day wide instead of zero.
            FINISH: (ordered[schema.END_DATE] + pd.Timedelta(days=1)).to_numpy(),
            schema.PILLAR_GROUP: ordered[schema.PILLAR_GROUP].astype(str).to_numpy(),
        }
    )
    # Axis labels are read by plotly as HTML-ish text: data must show as written.
    # Each month written once (strftime took a quarter of a label).
    months: dict[tuple[int, int], str] = {}
    labels = []
    for start, title in zip(ordered[schema.START_DATE], ordered[schema.TITLE], strict=True):
        month = months.get((start.year, start.month))
        if month is None:
            month = months[start.year, start.month] = start.strftime("%b %Y")
        labels.append(_label(month, title))
    rows[ROW_LABEL] = labels
    rows[DATES] = display.format_date_ranges(ordered[schema.START_DATE], ordered[schema.END_DATE])
    rows[PLACE] = [
        _place(c, k) for c, k in zip(ordered[schema.CITY], ordered[schema.COUNTRY], strict=True)
    ]
    rows[PARTNERS_TEXT] = [_partners_text(p) for p in ordered[schema.PARTNERS]]
    return rows


def latest_events(events: pd.DataFrame, limit: int = MAX_TIMELINE_EVENTS) -> pd.DataFrame:
    """The `limit` events that start last (ties broken by id), earliest first.

    This function does not mutate its input.

    Args:
        events: Events frame.
        limit: The most events kept.

    Returns:
        At most `limit` rows, ordered by start date and id.
    """
    return display.newest_events(events, limit).iloc[::-1]


# The timeline, its table and the event picker of one rerun show the same events: their rows
# (labels wrapped to two lines, dates and places as text) are made once for the frame.
@per_frames(size=4)
def _drawn(events: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``latest_events(events, limit)`` and its ``timeline_rows``, once per events frame."""
    latest = latest_events(events, limit)
    return latest, timeline_rows(latest)


def timeline_notice(events: pd.DataFrame, limit: int = MAX_TIMELINE_EVENTS) -> str | None:
    """What the page says when the timeline leaves events out, or None when it shows them all.

    Args:
        events: The matching events.
        limit: The most events the timeline draws.

    Returns:
        E.g. "Showing the latest 300 of 10,000 matching events; ...", or None.
    """
    if len(events) <= limit:
        return None
    return (
        f"The timeline shows the latest {limit:,} of {len(events):,} matching events; "
        "narrow the filters (period, pillar, country, search) to see the others. "
        "The activity chart below counts every matching event."
    )


def _hover(value: str) -> str:
    # Plotly reads a subset of HTML in hover text; data text must not be taken as tags.
    return html.escape(value, quote=False)


def timeline_figure(
    events: pd.DataFrame, reference: Reference, limit: int = MAX_TIMELINE_EVENTS
) -> go.Figure:
    """Each event as a bar from its first to its last day, one row each, coloured by pillar.

    Each event is a bar (its length is its duration) plus a diamond at its first day, so an
    event of one day stays visible on an axis of years. Both carry the event id as the first
    ``customdata`` value, which is how a click identifies the event. Of more than `limit`
    events only the latest `limit` are drawn, and the title says so.

    Args:
        events: Events frame.
        reference: Reference data (pillar colours and labels).
        limit: The most events drawn (see ``latest_events``).

    Returns:
        The figure (the empty figure when there are no events).
    """
    title = "Every event on a time axis, one row each, coloured by pillar"
    if events.empty:
        return charts.empty_figure(title)
    if len(events) > limit:
        title = (
            f"The latest {limit:,} of {len(events):,} events on a time axis, one row each, "
            "coloured by pillar"
        )
    rows = _drawn(events, limit)[1]
    colours = charts.pillar_colours(reference)
    labels = charts.pillar_labels(reference)
    hover = (
        "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}"
        "<br>Partners: %{customdata[4]}<extra></extra>"
    )
    traces: list[go.Bar | go.Scatter] = []
    # Every column read once for all rows and each group's rows taken by position: a filtered
    # copy of the rows a group cost more than the group's traces.
    groups = rows[schema.PILLAR_GROUP].to_numpy(dtype=object)
    all_ids = rows[schema.ID].to_numpy(dtype=object)
    all_starts = rows[schema.START_DATE].dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    all_widths = ((rows[FINISH] - rows[schema.START_DATE]).dt.days * ONE_DAY_MS).tolist()
    # Text columns go to plotly as arrays of objects: it checks a list item by item (some
    # 15 ms for 300 events) and takes an array whole; the figure's JSON is the same.
    all_custom = np.array(
        [
            [event_id, _hover(t), _hover(d), _hover(p), _hover(n)]
            for event_id, t, d, p, n in zip(
                rows[schema.ID],
                rows[schema.TITLE],
                rows[DATES],
                rows[PLACE],
                rows[PARTNERS_TEXT],
                strict=True,
            )
        ],
        dtype=object,
    ).reshape(-1, 5)
    for group in charts.pillar_group_order(reference):
        positions = np.flatnonzero(groups == group)
        if not len(positions):
            continue
        custom = all_custom[positions]
        ids = all_ids[positions]
        starts = all_starts[positions]
        widths = [all_widths[position] for position in positions]
        traces.append(
            go.Bar(
                orientation="h",
                y=ids,
                base=starts,
                x=widths,
                name=labels.get(group, group),
                legendgroup=group,
                marker_color=colours[group],
                customdata=custom,
                hovertemplate=hover,
            )
        )
        traces.append(
            go.Scatter(
                x=starts,
                y=ids,
                mode="markers",
                name=labels.get(group, group),
                legendgroup=group,
                showlegend=False,
                marker={
                    "symbol": "diamond",
                    "size": 9,
                    "color": colours[group],
                    "line": {"width": 1, "color": "white"},
                },
                customdata=custom,
                hovertemplate=hover,
            )
        )
    first = rows[schema.START_DATE].min()
    last = rows[FINISH].max()
    # A margin of 3 % of the span (at least a week) keeps the first and last bars off the edge.
    pad = max(pd.Timedelta(days=7), (last - first) * 0.03)
    height = max(300, ROW_HEIGHT * len(rows) + 210)
    span = [first - pad, last + pad]
    # The same dates under the last row: a second axis that follows the first, drawn by an
    # invisible trace (plotly draws no axis without one).
    traces.append(
        go.Scatter(
            x=[day.strftime("%Y-%m-%d") for day in span],
            y=[rows[schema.ID].iloc[0]] * 2,
            xaxis="x2",
            mode="markers",
            marker={"opacity": 0},
            hoverinfo="skip",
            showlegend=False,
            name="Dates",
        )
    )
    return charts.figure(
        traces,
        title=title,
        height=height,
        legend_title="Pillar",
        layout={
            "xaxis": {
                "type": "date",
                "range": span,
                "side": "top",
                "automargin": True,
            },
            "xaxis2": {
                "type": "date",
                "matches": "x",
                "overlaying": "x",
                "side": "bottom",
                "anchor": "y",
                "showgrid": False,
                "automargin": True,
            },
            "yaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": rows[schema.ID].to_numpy(dtype=object),
                "tickmode": "array",
                "tickvals": rows[schema.ID].to_numpy(dtype=object),
                "ticktext": rows[ROW_LABEL].to_numpy(dtype=object),
                # Newest event at the top, as in the Events table; half a row of margin.
                "range": [-0.5, len(rows) - 0.5],
                "automargin": True,
                "tickfont": {"size": 11},
            },
            "barmode": "overlay",
            "bargap": 0.35,
            # Title, then legend, then the date ticks: the x axis is at the top so that dates
            # are in view next to the first events. Placed in pixels from the figure's top
            # edge, since the plot's height varies with the number of events.
            "title": {"yref": "container", "y": 1 - 12 / height, "yanchor": "top"},
            "legend": {
                "orientation": "h",
                "xref": "container",
                "x": 0.01,
                "xanchor": "left",
                "yref": "container",
                "y": 1 - 44 / height,
                "yanchor": "top",
                "title": {"side": "left"},
            },
            "margin": {"t": 125, "b": 40},
            "clickmode": "event+select",
        },
    )


# Column labels of the timeline's table.
TABLE_START: Final = "Start"
TABLE_END: Final = "End"
TABLE_TITLE: Final = "Title"
TABLE_PILLAR: Final = "Pillar"
TABLE_PLACE: Final = "Place"
TABLE_PARTNERS: Final = "Partners"
TABLE_ID: Final = "Event id"


def timeline_table(
    events: pd.DataFrame, reference: Reference, limit: int = MAX_TIMELINE_EVENTS
) -> pd.DataFrame:
    """The events the timeline draws, as a table in its order: newest first, full titles.

    This function does not mutate its input.

    Args:
        events: Events frame.
        reference: Reference data (pillar labels).
        limit: The most events drawn (as ``timeline_figure``).

    Returns:
        Columns ``TABLE_START`` ... ``TABLE_ID``; one row an event drawn.
    """
    latest, earliest_first = _drawn(events, limit)
    # Newest first: the drawn events' rows reversed (ids are unique, so no two rows tie).
    drawn = latest.iloc[::-1]
    rows = earliest_first.iloc[::-1]
    labels = charts.pillar_labels(reference)
    return pd.DataFrame(
        {
            TABLE_START: rows[schema.START_DATE].dt.date.to_numpy(),
            TABLE_END: (rows[FINISH] - pd.Timedelta(days=1)).dt.date.to_numpy(),
            TABLE_TITLE: rows[schema.TITLE].to_numpy(),
            TABLE_PILLAR: [labels.get(g, g) for g in rows[schema.PILLAR_GROUP]],
            TABLE_PLACE: rows[PLACE].to_numpy(),
            TABLE_PARTNERS: [display.join_list(p, ", ") for p in drawn[schema.PARTNERS]],
            TABLE_ID: rows[schema.ID].to_numpy(),
        }
    )


# -- selection and details -------------------------------------------------------------------


def selected_event_id(selection: Mapping[str, Any] | None, known_ids: Sequence[str]) -> str | None:
    """The id of the event clicked in the timeline, from Streamlit's selection state.

    Args:
        selection: The ``selection`` part of ``st.plotly_chart``'s return value (points with
            ``customdata``), or None.
        known_ids: The ids of the events shown (a stale selection of a hidden event is ignored).

    Returns:
        The first selected point's event id, or None.
    """
    if not selection:
        return None
    known = set(known_ids)
    for point in selection.get("points", ()) or ():
        custom = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(custom, Sequence) and not isinstance(custom, str) and custom:
            candidate = str(custom[0])
            if candidate in known:
                return candidate
    return None
