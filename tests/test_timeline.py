"""Tests of analytics.timeline: activity per period, the timeline figure, selection, details."""

from __future__ import annotations

import datetime as dt
import html
import textwrap

import pandas as pd
import pytest

from analytics import charts, display, filters, schema, timeline
from analytics.dataset.load import Dataset
from analytics.dataset.reference import load_reference
from tests.helpers import make_events

DAY_MS = 24 * 60 * 60 * 1000
REFERENCE = load_reference()


INLINE = make_events(
    {
        "id": "a",
        "start": "2021-01-15",
        "pillars": ["WBCTi"],
        "city": "Tirana",
        "country": "Albania",
    },
    {"id": "b", "start": "2021-01-30", "end": "2021-02-02", "pillars": ["WBCTi", "WBBSi"]},
    {"id": "c", "start": "2021-04-01", "city": "Pristina", "country": "Kosovo"},
    {"id": "d", "start": "2022-01-10", "pillars": ["WBCSCi"]},
)


def test_month_counts_on_an_inline_frame_have_no_gaps() -> None:
    """Events per month run from Jan 2021 to Jan 2022 without gaps, zeros where nothing started."""
    counts = timeline.activity_counts(INLINE, INLINE, timeline.MONTH)
    assert len(counts) == 13
    assert counts[timeline.PERIOD].iloc[0] == "Jan 2021"
    assert counts[timeline.PERIOD].iloc[-1] == "Jan 2022"
    by_period = dict(zip(counts[timeline.PERIOD], counts[timeline.EVENTS], strict=True))
    # b starts in January and ends in February: counted in January only.
    assert by_period["Jan 2021"] == 2
    assert by_period["Feb 2021"] == 0
    assert by_period["Apr 2021"] == 1
    assert by_period["Jan 2022"] == 1
    assert sum(by_period.values()) == 4
    earlier = dict(zip(counts[timeline.PERIOD], counts[timeline.YEAR_EARLIER], strict=True))
    assert earlier["Jan 2022"] == 2
    assert sum(earlier.values()) == 2


def test_each_event_is_placed_in_the_period_it_starts_in() -> None:
    """Quarters Q1 2021 to Q4 2021: a, b in Q1, c in Q2; d (2022) is in none of them (-1)."""
    quarters = timeline.periods_between(
        pd.Timestamp("2021-02-01"), pd.Timestamp("2021-12-31"), timeline.QUARTER
    )
    placed = timeline.period_positions(INLINE, quarters, timeline.QUARTER)
    assert placed.tolist() == [0, 0, 1, -1]
    years = timeline.periods_between(
        pd.Timestamp("2020-06-01"), pd.Timestamp("2022-01-01"), timeline.YEAR
    )
    assert timeline.period_positions(INLINE, years, timeline.YEAR).tolist() == [1, 1, 1, 2]


def test_quarter_counts_on_the_small_fixture(small: Dataset) -> None:
    """The fixture's four events fall in Q2 2022 (2), Q1 2023 and Q4 2023, with empty quarters between."""
    counts = timeline.activity_counts(small.events, small.events, timeline.QUARTER)
    assert counts[timeline.PERIOD].tolist() == [
        "Q2 2022",
        "Q3 2022",
        "Q4 2022",
        "Q1 2023",
        "Q2 2023",
        "Q3 2023",
        "Q4 2023",
    ]
    assert counts[timeline.EVENTS].tolist() == [2, 0, 0, 1, 0, 0, 1]
    # Only Q2 2023 has a year-earlier quarter with events (the two of June 2022).
    assert counts[timeline.YEAR_EARLIER].tolist() == [0, 0, 0, 0, 2, 0, 0]


def test_year_counts_compare_with_the_previous_year(small: Dataset) -> None:
    """Per year: 2 events in 2022 and 2 in 2023, and 2023's previous year shows 2022's count."""
    counts = timeline.activity_counts(small.events, small.events, timeline.YEAR)
    assert counts[timeline.PERIOD].tolist() == ["2022", "2023"]
    assert counts[timeline.EVENTS].tolist() == [2, 2]
    assert counts[timeline.YEAR_EARLIER].tolist() == [0, 2]


def test_a_filtered_year_spans_all_its_months_and_looks_back_beyond_the_filter(
    small: Dataset,
) -> None:
    """With the period 2023, the axis is Jan–Dec 2023 and June 2023 compares with June 2022."""
    year = filters.EventFilter(period="2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    matching = filters.apply(small.events, year)
    comparison = filters.apply(small.events, timeline.without_dates(year))
    counts = timeline.activity_counts(matching, comparison, timeline.MONTH, year.start, year.end)
    assert len(counts) == 12
    assert counts[timeline.EVENTS].sum() == 2
    assert counts.set_index(timeline.PERIOD).loc["Jun 2023", timeline.YEAR_EARLIER] == 2


def test_an_event_started_before_the_filter_widens_the_axis() -> None:
    """An event running from 30 Dec into the filtered January is counted in December."""
    events = make_events({"id": "x", "start": "2022-12-30", "end": "2023-01-02"})
    counts = timeline.activity_counts(
        events, events, timeline.MONTH, dt.date(2023, 1, 1), dt.date(2023, 3, 31)
    )
    assert counts[timeline.PERIOD].tolist() == ["Dec 2022", "Jan 2023", "Feb 2023", "Mar 2023"]
    assert counts[timeline.EVENTS].tolist() == [1, 0, 0, 0]


def test_empty_frame_gives_no_periods_and_the_empty_figures() -> None:
    """With no events there are no periods, and both figures say that nothing matches."""
    empty = INLINE.iloc[0:0]
    counts = timeline.activity_counts(empty, empty, timeline.MONTH)
    assert counts.empty
    for figure in (
        timeline.activity_figure(counts, timeline.MONTH),
        timeline.timeline_figure(empty, REFERENCE),
    ):
        assert len(figure.data) == 0
        assert figure.layout.annotations[0].text == "No events match the filters."


def test_unknown_granularity_is_refused() -> None:
    """A granularity other than month, quarter or year raises a clear error."""
    with pytest.raises(ValueError, match="Month, Quarter, Year"):
        timeline.activity_counts(INLINE, INLINE, "Week")


def test_activity_figure_shows_counts_as_bars_and_the_year_before_as_a_grey_line(
    small: Dataset,
) -> None:
    """The bars carry the counts per quarter and the grey line the same quarter a year earlier."""
    counts = timeline.activity_counts(small.events, small.events, timeline.QUARTER)
    figure = timeline.activity_figure(counts, timeline.QUARTER)
    bars, line = figure.data
    assert bars.type == "bar" and line.type == "scatter"
    assert list(bars.x) == counts[timeline.PERIOD].tolist()
    assert list(bars.y) == [2, 0, 0, 1, 0, 0, 1]
    assert list(line.y) == [0, 0, 0, 0, 2, 0, 0]
    assert line.line.color == charts.PREVIOUS_PERIOD_COLOUR
    assert line.name == "Same quarter a year earlier"
    assert "quarter they start" in figure.layout.title.text
    assert list(figure.layout.xaxis.categoryarray) == counts[timeline.PERIOD].tolist()


def test_timeline_figure_colours_events_by_pillar_group_with_ids(small: Dataset) -> None:
    """Each pillar group present is one colour; every bar carries its event's id first."""
    figure = timeline.timeline_figure(small.events, REFERENCE)
    colours = charts.pillar_colours(REFERENCE)
    labels = charts.pillar_labels(REFERENCE)
    bars = [trace for trace in figure.data if trace.type == "bar"]
    by_name = {trace.name: trace for trace in bars}
    assert set(by_name) == {
        labels["WBCTi"],
        labels["WBCSCi"],
        labels[schema.CROSS_CUTTING],
        labels[schema.NO_PILLAR],
    }
    assert by_name[labels[schema.CROSS_CUTTING]].marker.color == colours[schema.CROSS_CUTTING]
    assert by_name[labels[schema.NO_PILLAR]].marker.color == colours[schema.NO_PILLAR]
    assert colours[schema.CROSS_CUTTING] != colours[schema.NO_PILLAR]
    ids = sorted(point[0] for trace in bars for point in trace.customdata)
    assert ids == sorted(small.events[schema.ID])
    cross = by_name[labels[schema.CROSS_CUTTING]]
    assert [point[0] for point in cross.customdata] == ["2022-06-20-sarajevo-board"]
    # Markers at the first day repeat the ids, so a click on either identifies the event.
    markers = [t for t in figure.data if t.type == "scatter" and t.xaxis in (None, "x")]
    assert sorted(point[0] for trace in markers for point in trace.customdata) == ids


def test_one_day_events_get_one_day_of_width(small: Dataset) -> None:
    """A one-day event is a bar one day wide, a three-day event three days wide."""
    figure = timeline.timeline_figure(small.events, REFERENCE)
    widths = {
        point[0]: width
        for trace in figure.data
        if trace.type == "bar"
        for point, width in zip(trace.customdata, trace.x, strict=True)
    }
    bases = {
        point[0]: base
        for trace in figure.data
        if trace.type == "bar"
        for point, base in zip(trace.customdata, trace.base, strict=True)
    }
    assert widths["2022-06-09-podgorica-rsg-wbcsci"] == DAY_MS
    assert widths["2022-06-20-sarajevo-board"] == 2 * DAY_MS
    assert widths["2023-03-03-pristina-rsg-wbcti"] == 3 * DAY_MS
    assert bases["2023-03-03-pristina-rsg-wbcti"] == "2023-03-03"


def test_timeline_rows_are_chronological_with_short_labels(small: Dataset) -> None:
    """Rows run earliest first, drawn newest at the top; labels start with the month, wrap
    onto two lines, and the hover names Kosovo*; the dates are above and below the rows."""
    figure = timeline.timeline_figure(small.events, REFERENCE)
    assert list(figure.layout.yaxis.categoryarray) == [
        "2022-06-09-podgorica-rsg-wbcsci",
        "2022-06-20-sarajevo-board",
        "2023-03-03-pristina-rsg-wbcti",
        "2023-10-17-online-database",
    ]
    # The first category at the bottom: the newest event is the top row.
    assert list(figure.layout.yaxis.range) == [-0.5, 3.5]
    assert list(figure.layout.yaxis.ticktext)[:2] == [
        "Jun 2022 · Regional Pillar Support<br>Group Meeting – WBCSCi",
        "Jun 2022 · Board meeting",
    ]
    assert figure.layout.xaxis.side == "top"
    assert figure.layout.xaxis2.side == "bottom"
    assert figure.layout.xaxis2.matches == "x"
    assert [t.xaxis for t in figure.data].count("x2") == 1
    hover = {
        point[0]: point
        for trace in figure.data
        if trace.type == "bar"
        for point in trace.customdata
    }
    pristina = hover["2023-03-03-pristina-rsg-wbcti"]
    assert pristina[2] == "3–5 Mar 2023"
    assert pristina[3] == "Pristina, Kosovo*"
    assert pristina[4] == "DG NEAR, United States"
    assert hover["2023-10-17-online-database"][3] == "Place not stated"


def test_long_titles_and_partner_lists_are_shortened() -> None:
    """A long title is cut with an ellipsis and a long partner list ends "and N more"."""
    events = make_events(
        {
            "id": "long",
            "start": "2021-05-05",
            "title": "A very long title " * 6 + "<b>end</b>",
            "partners": [f"Partner {n}" for n in range(1, 9)],
        }
    )
    rows = timeline.timeline_rows(events)
    label = rows[timeline.ROW_LABEL].iloc[0]
    assert label == "May 2021 · A very long title A<br>very long title A very long …"
    assert all(len(line) <= timeline.LABEL_WIDTH for line in label.split("<br>"))
    assert rows[timeline.PARTNERS_TEXT].iloc[0].endswith("Partner 6 and 2 more")
    figure = timeline.timeline_figure(events, REFERENCE)
    # The title's tags are shown as text, not read as HTML by plotly's hover.
    assert "&lt;b&gt;end&lt;/b&gt;" in figure.data[0].customdata[0][1]


@pytest.mark.parametrize(
    "title",
    [
        "Regional workshop on integrated border management in the Western Balkans",
        "A" * 50 + " and a short end",
        "Short",
        "Counter-terrorism - follow-up   meeting\twith\ntabs\u00a0and odd\u2003spaces",
        "Word " * 20,
        "",
    ],
)
def test_row_labels_wrap_as_textwrap_does(title: str) -> None:
    """A label is textwrap's two lines of 34 characters, cut with " …", whatever the title."""
    text = f"Mar 2023 · {' '.join(title.split())}"
    lines = textwrap.wrap(text, 34, max_lines=2, placeholder=" …", break_on_hyphens=False)
    expected = "<br>".join(html.escape(line, quote=False) for line in lines)
    assert timeline.row_label(pd.Timestamp("2023-03-05"), title) == expected


def test_selected_event_id_reads_the_clicked_points_custom_data() -> None:
    """A click reports the event id of the point; stale or empty selections give None."""
    known = ["a", "b"]
    click = {"points": [{"curve_number": 1, "point_index": 0, "customdata": ["b", "Title"]}]}
    assert timeline.selected_event_id(click, known) == "b"
    assert timeline.selected_event_id({"points": [{"customdata": ["gone"]}]}, known) is None
    assert timeline.selected_event_id({"points": [{"x": 1}]}, known) is None
    assert timeline.selected_event_id({"points": []}, known) is None
    assert timeline.selected_event_id(None, known) is None


def test_without_dates_keeps_every_other_filter() -> None:
    """The comparison filter drops only the period."""
    chosen = filters.EventFilter(
        period="2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31), pillars=("WBCTi",)
    )
    undated = timeline.without_dates(chosen)
    assert undated.start is None and undated.end is None
    assert undated.period == filters.PERIOD_ALL
    assert undated.pillars == ("WBCTi",)


def _many_events(count: int) -> pd.DataFrame:
    """`count` one-day events, two a day, ids in reverse order of their start."""
    base = dt.date(2022, 1, 1)
    return make_events(
        *(
            {"id": f"e{count - n:04d}", "start": (base + dt.timedelta(days=n // 2)).isoformat()}
            for n in range(count)
        )
    )


def test_latest_events_keep_the_last_starts_earliest_first() -> None:
    """Of 9 events the latest 4 are kept, ordered by start date then id."""
    events = _many_events(9)
    kept = timeline.latest_events(events, 4)
    expected = events.sort_values([schema.START_DATE, schema.ID]).tail(4)
    assert list(kept[schema.ID]) == list(expected[schema.ID])
    assert list(timeline.latest_events(events, 20)[schema.ID]) == list(
        events.sort_values([schema.START_DATE, schema.ID])[schema.ID]
    )


def test_a_long_timeline_draws_the_latest_events_and_says_so() -> None:
    """Beyond the limit, the figure has one bar per kept event and its title says 'latest'."""
    events = _many_events(12)
    figure = timeline.timeline_figure(events, REFERENCE, limit=5)
    drawn = [point[0] for trace in figure.data if trace.type == "bar" for point in trace.customdata]
    assert sorted(drawn) == sorted(timeline.latest_events(events, 5)[schema.ID])
    assert figure.layout.title.text.startswith("The latest 5 of 12 events")
    # The Timeline's event picker offers the drawn events, newest first (as drawn, top down).
    assert (
        list(display.event_choices(events, limit=5))
        == list(timeline.latest_events(events, 5)[schema.ID])[::-1]
    )
    notice = timeline.timeline_notice(events, limit=5)
    assert notice is not None and "latest 5 of 12" in notice
    assert timeline.timeline_notice(events, limit=12) is None


@pytest.mark.parametrize(
    ("first", "last", "step"),
    [
        ("2023-01-01", "2023-12-31", timeline.MONTH),  # a calendar year: 12 months
        ("2022-10-18", "2023-10-17", timeline.MONTH),  # 12 months across two years: 13 touched
        ("2022-01-01", "2023-06-30", timeline.MONTH),  # 18 months
        ("2022-01-01", "2023-07-01", timeline.QUARTER),  # 19 months
        ("2020-01-01", "2023-12-31", timeline.QUARTER),  # four years
        ("2020-01-01", "2024-01-01", timeline.YEAR),  # four years and a day: 49 months
        ("2017-09-08", "2023-10-17", timeline.YEAR),  # the bundled data
    ],
)
def test_the_activity_step_follows_the_length_of_the_period(
    first: str, last: str, step: str
) -> None:
    """Months up to 18 months, quarters up to four years, years beyond."""
    assert timeline.step_for_span(pd.Timestamp(first), pd.Timestamp(last)) == step


def test_the_activity_step_of_a_filter_and_of_no_events() -> None:
    """The inline events (Jan 2021 - Jan 2022, 13 months) go by month; widened to 2021-2023 by
    the filter, by quarter; with no event, a bounded period still chooses, an open one is years."""
    assert timeline.activity_step(INLINE) == timeline.MONTH
    assert (
        timeline.activity_step(INLINE, dt.date(2021, 1, 1), dt.date(2023, 12, 31))
        == timeline.QUARTER
    )
    empty = INLINE.iloc[0:0]
    assert timeline.activity_step(empty, dt.date(2023, 1, 1), dt.date(2023, 12, 31)) == "Month"
    assert timeline.activity_step(empty) == timeline.YEAR
