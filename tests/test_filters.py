"""Tests of analytics.filters: the filter model, its application and its URL form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analytics import filters, load_dataset, schema
from analytics.filters import EventFilter

SMALL = Path(__file__).parent / "data" / "small_events.yaml"
TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def dataset():  # type: ignore[no-untyped-def]
    return load_dataset(SMALL)


def ids(frame) -> list[str]:  # type: ignore[no-untyped-def]
    return list(frame[schema.ID])


def test_empty_filter_keeps_everything_and_does_not_mutate(dataset) -> None:  # type: ignore[no-untyped-def]
    """No filter shows every event; the input frame is unchanged."""
    before = dataset.events.copy()
    assert len(filters.apply(dataset.events, EventFilter(), dataset.event_partners)) == 4
    assert dataset.events.equals(before)
    assert EventFilter().is_empty


def test_period_matches_events_overlapping_it(dataset) -> None:  # type: ignore[no-untyped-def]
    """An event running 3-5 March 2023 matches a period that starts on 5 March."""
    shown = filters.apply(
        dataset.events, EventFilter(start=dt.date(2023, 3, 5), end=dt.date(2023, 12, 31))
    )
    assert ids(shown) == ["2023-03-03-pristina-rsg-wbcti", "2023-10-17-online-database"]
    shown = filters.apply(
        dataset.events, EventFilter(start=dt.date(2022, 6, 21), end=dt.date(2022, 6, 21))
    )
    assert ids(shown) == ["2022-06-20-sarajevo-board"]


def test_pillars_match_any_and_no_pillar_selects_events_without(dataset) -> None:  # type: ignore[no-untyped-def]
    """WBCTi matches its own and cross-cutting events; "No pillar" matches the pillar-less one."""
    shown = filters.apply(dataset.events, EventFilter(pillars=("WBCTi",)))
    assert ids(shown) == ["2022-06-20-sarajevo-board", "2023-03-03-pristina-rsg-wbcti"]
    shown = filters.apply(dataset.events, EventFilter(pillars=(schema.NO_PILLAR,)))
    assert ids(shown) == ["2023-10-17-online-database"]
    shown = filters.apply(dataset.events, EventFilter(pillars=("WBBSi", schema.NO_PILLAR)))
    assert ids(shown) == ["2022-06-20-sarajevo-board", "2023-10-17-online-database"]


def test_fields_combine_with_and(dataset) -> None:  # type: ignore[no-untyped-def]
    """Country and role must both match."""
    shown = filters.apply(
        dataset.events, EventFilter(countries=("Kosovo", "Montenegro"), roles=("organiser",))
    )
    assert ids(shown) == ["2022-06-09-podgorica-rsg-wbcsci"]


def test_city_filter_skips_events_without_city(dataset) -> None:  # type: ignore[no-untyped-def]
    """An online event has no city and never matches a city filter."""
    shown = filters.apply(dataset.events, EventFilter(cities=("Sarajevo",)))
    assert ids(shown) == ["2022-06-20-sarajevo-board"]


def test_partner_and_partner_kind(dataset) -> None:  # type: ignore[no-untyped-def]
    """Partner filters use canonical names ('DG Near' in the file is DG NEAR) and kinds."""
    shown = filters.apply(dataset.events, EventFilter(partners=("DG NEAR",)))
    assert ids(shown) == ["2022-06-20-sarajevo-board", "2023-03-03-pristina-rsg-wbcti"]
    shown = filters.apply(
        dataset.events, EventFilter(partner_kinds=("Third country",)), dataset.event_partners
    )
    assert ids(shown) == ["2023-03-03-pristina-rsg-wbcti"]
    with pytest.raises(ValueError):
        filters.apply(dataset.events, EventFilter(partner_kinds=("Third country",)))


def test_text_search_is_case_insensitive_and_literal(dataset) -> None:  # type: ignore[no-untyped-def]
    """Words are found in title or summary regardless of case; regex characters are literal."""
    assert ids(filters.apply(dataset.events, EventFilter(text="KOSOVO"))) == [
        "2023-03-03-pristina-rsg-wbcti"
    ]
    assert ids(filters.apply(dataset.events, EventFilter(text="database"))) == [
        "2023-10-17-online-database"
    ]
    assert filters.apply(dataset.events, EventFilter(text="(")).empty


def test_filter_on_empty_frame(dataset) -> None:  # type: ignore[no-untyped-def]
    """Filtering zero events gives zero events, not an error."""
    empty = dataset.events.iloc[0:0]
    assert filters.apply(
        empty, EventFilter(pillars=("WBCTi",), text="x"), dataset.event_partners
    ).empty


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        (filters.PERIOD_THIS_YEAR, dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (filters.PERIOD_LAST_12_MONTHS, dt.date(2025, 11, 30), dt.date(2026, 11, 29)),
        (filters.PERIOD_ALL, None, None),
    ],
)
def test_period_presets(period: str, start: dt.date | None, end: dt.date | None) -> None:
    """Presets give the calendar bounds a user expects."""
    assert filters.period_range(period, TODAY) == (start, end)


def test_last_12_months_from_a_leap_day() -> None:
    """From 29 Feb 2024 the last 12 months start on 1 Mar 2023."""
    assert filters.period_range(filters.PERIOD_LAST_12_MONTHS, dt.date(2024, 2, 29)) == (
        dt.date(2023, 3, 1),
        dt.date(2024, 2, 29),
    )


def test_query_params_round_trip(dataset) -> None:  # type: ignore[no-untyped-def]
    """A filter written to the URL is read back the same."""
    options = filters.filter_options(
        dataset.events, dataset.event_partners, ("WBCTi", "WBCSCi", "WBBSi")
    )
    original = EventFilter(
        period="2023",
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 12, 31),
        pillars=("WBCTi", schema.NO_PILLAR),
        countries=("Kosovo",),
        partners=("DG NEAR", "United States"),
        text="meeting",
    )
    params = filters.to_query_params(original)
    assert params["period"] == "2023"
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    decoded, notices = filters.from_query_params(as_lists, options, TODAY)
    assert notices == []
    assert decoded == original


def test_custom_dates_round_trip(dataset) -> None:  # type: ignore[no-untyped-def]
    """Custom dates are written as from/to and restored."""
    options = filters.filter_options(dataset.events, dataset.event_partners, ("WBCTi",))
    original = EventFilter(
        period=filters.PERIOD_CUSTOM, start=dt.date(2022, 6, 1), end=dt.date(2022, 6, 30)
    )
    params = filters.to_query_params(original)
    assert params == {"from": "2022-06-01", "to": "2022-06-30"}
    decoded, _ = filters.from_query_params({k: [v] for k, v in params.items()}, options, TODAY)
    assert decoded == original


def test_invalid_query_params_are_ignored_with_notices(dataset) -> None:  # type: ignore[no-untyped-def]
    """Bad link values are dropped one by one, each with a notice; the valid ones stay."""
    options = filters.filter_options(
        dataset.events, dataset.event_partners, ("WBCTi", "WBCSCi", "WBBSi")
    )
    decoded, notices = filters.from_query_params(
        {
            "pillar": ["WBCTi", "XYZ"],
            "period": ["1999"],
            "from": ["2023-02-30"],
            "bogus": ["1"],
            "country": ["Atlantis"],
        },
        options,
        TODAY,
    )
    assert decoded.pillars == ("WBCTi",)
    assert decoded.period == filters.PERIOD_ALL
    assert decoded.countries == ()
    assert len(notices) == 5
    assert any("XYZ" in notice for notice in notices)
    assert any("bogus" in notice for notice in notices)


def test_reversed_link_dates_are_ignored(dataset) -> None:  # type: ignore[no-untyped-def]
    """from after to is ignored with a notice."""
    options = filters.filter_options(dataset.events, dataset.event_partners, ("WBCTi",))
    decoded, notices = filters.from_query_params(
        {"from": ["2023-05-01"], "to": ["2023-01-01"]}, options, TODAY
    )
    assert decoded.start is None and decoded.end is None
    assert "end is before the start" in notices[0]


def test_options_list_what_the_data_has(dataset) -> None:  # type: ignore[no-untyped-def]
    """Filter choices are the dataset's values; pillars end with "No pillar"."""
    options = filters.filter_options(
        dataset.events, dataset.event_partners, ("WBCTi", "WBCSCi", "WBBSi")
    )
    assert options.years == (2023, 2022)
    assert options.cities == ("Podgorica", "Pristina", "Sarajevo")
    assert options.pillars[-1] == schema.NO_PILLAR
    assert "United States" in options.partners
    assert options.first_day == dt.date(2022, 6, 9)
    assert options.last_day == dt.date(2023, 10, 17)


def test_caption_states_filters_and_counts() -> None:
    """The caption names the active filters (Kosovo with its asterisk) and the match count."""
    text = filters.caption(
        EventFilter(
            period="2023",
            start=dt.date(2023, 1, 1),
            end=dt.date(2023, 12, 31),
            countries=("Kosovo",),
            text="db",
        ),
        3,
        51,
    )
    assert text.startswith("Showing 3 of 51 events")
    assert "2023 (2023-01-01 to 2023-12-31)" in text
    assert "countries Kosovo*" in text
    assert "search 'db'" in text
    assert filters.caption(EventFilter(), 51, 51).endswith("no filters")


def test_is_in_on_arrow_strings_matches_plain_membership() -> None:
    """Arrow-backed and plain string columns give the same answer; missing values never match."""
    values = ["a", None, "b", "c", "a"]
    for dtype in ("string[pyarrow]", "string[python]", object):
        column = pd.Series(values, dtype=dtype)
        assert filters.is_in(column, ["a", "c", "zz"]).tolist() == [True, False, False, True, True]
        assert filters.is_in(column, pd.Series(["b"], dtype=dtype)).tolist() == [
            False,
            False,
            True,
            False,
            False,
        ]
        assert filters.is_in(column, []).tolist() == [False] * 5


def test_filter_options_are_reused_for_the_same_frames_only(dataset) -> None:  # type: ignore[no-untyped-def]
    """The same dataset gets the same options again; a changed copy gets its own options."""
    codes = dataset.reference.pillar_codes
    first = filters.filter_options(dataset.events, dataset.event_partners, codes)
    assert filters.filter_options(dataset.events, dataset.event_partners, codes) is first
    fewer = dataset.events[dataset.events[schema.COUNTRY] != "Kosovo"]
    options = filters.filter_options(fewer, dataset.event_partners, codes)
    assert "Kosovo" in first.countries
    assert "Kosovo" not in options.countries


def test_pillar_and_partner_filters_match_any_of_the_chosen(dataset) -> None:  # type: ignore[no-untyped-def]
    """ "No pillar" finds events naming none; a partner filter finds events listing any chosen."""
    events = dataset.events
    no_pillar = filters.apply(events, EventFilter(pillars=(schema.NO_PILLAR,)))
    assert ids(no_pillar) == [
        e for e, p in zip(events[schema.ID], events[schema.PILLARS], strict=True) if not p
    ]
    partner = next(p for names in events[schema.PARTNERS] for p in names)
    shown = filters.apply(events, EventFilter(partners=(partner, "Nobody at all")))
    assert ids(shown) == [
        e
        for e, names in zip(events[schema.ID], events[schema.PARTNERS], strict=True)
        if partner in names
    ]


def test_latest_12_months_of_data_end_on_the_last_event_day() -> None:
    """The preset runs from the day after a year before the data's last day to that day."""
    last = dt.date(2023, 10, 17)
    assert filters.period_range(filters.PERIOD_LATEST_12_MONTHS, TODAY, last) == (
        dt.date(2022, 10, 18),
        last,
    )
    # No data: no restriction (there is nothing to show either way).
    assert filters.period_range(filters.PERIOD_LATEST_12_MONTHS, TODAY, None) == (None, None)


def test_latest_12_months_of_data_come_back_from_the_link(dataset) -> None:  # type: ignore[no-untyped-def]
    """A link with period=Latest 12 months of data gives the twelve months before 17 Oct 2023
    (the small fixture's last event day)."""
    options = filters.filter_options(dataset.events, dataset.event_partners, ("WBCTi",))
    original = EventFilter(
        period=filters.PERIOD_LATEST_12_MONTHS,
        start=dt.date(2022, 10, 18),
        end=dt.date(2023, 10, 17),
    )
    params = filters.to_query_params(original)
    assert params == {"period": "Latest 12 months of data"}
    decoded, notices = filters.from_query_params({"period": [params["period"]]}, options, TODAY)
    assert notices == []
    assert decoded == original
    # Of the fixture's events (9 and 20 Jun 2022, 3 Mar and 17 Oct 2023) the 2023 ones fall in it.
    shown = filters.apply(dataset.events, decoded, dataset.event_partners)
    assert ids(shown) == ["2023-03-03-pristina-rsg-wbcti", "2023-10-17-online-database"]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (
            filters.PERIOD_THIS_YEAR,
            "This year (1 Jan 2026 – 31 Dec 2026) starts after the data ends on 17 Oct 2023.",
        ),
        (
            filters.PERIOD_LAST_12_MONTHS,
            "Last 12 months (30 Nov 2025 – 29 Nov 2026) starts after the data ends on 17 Oct 2023.",
        ),
        ("2023", None),
        (filters.PERIOD_ALL, None),
    ],
)
def test_a_period_after_the_data_says_when_the_data_ends(period: str, expected: str | None) -> None:
    """ "This year" and "Last 12 months" in 2026 lie after data ending on 17 Oct 2023, and say so."""
    start, end = filters.period_range(period, TODAY)
    chosen = EventFilter(period=period, start=start, end=end)
    first, last = dt.date(2017, 9, 8), dt.date(2023, 10, 17)
    assert filters.outside_data(chosen, first, last) == expected


def test_custom_dates_before_the_data_say_when_it_starts() -> None:
    """Dates wholly before the first event name the first event's day; no data, no sentence."""
    chosen = EventFilter(
        period=filters.PERIOD_CUSTOM, start=dt.date(2010, 1, 1), end=dt.date(2010, 6, 30)
    )
    first, last = dt.date(2017, 9, 8), dt.date(2023, 10, 17)
    assert filters.outside_data(chosen, first, last) == (
        "The period (1 Jan 2010 – 30 Jun 2010) ends before the data starts on 8 Sep 2017."
    )
    assert filters.outside_data(chosen, None, None) is None


def test_params_from_address_reads_an_address_or_its_query_string() -> None:
    """A whole address, "?..." and the bare query string give the same repeated parameters."""
    from analytics.filters import params_from_address

    expected = {"pillar": ["WBCTi", "WBBSi"], "country": ["Bosnia and Herzegovina"]}
    query = "pillar=WBCTi&pillar=WBBSi&country=Bosnia+and+Herzegovina"
    assert params_from_address(f"http://localhost:8501/report?{query}#top") == expected
    assert params_from_address(f"?{query}") == expected
    assert params_from_address(query) == expected
    assert params_from_address("http://localhost:8501/report") == {}


def _inline_events() -> pd.DataFrame:
    """Five events written out by hand, with Arrow strings as the loader makes them."""
    return pd.DataFrame(
        {
            schema.ID: pd.array(["e1", "e2", "e3", "e4", "e5"], dtype="string[pyarrow]"),
            schema.TITLE: pd.array(
                ["Border talks", "Police meeting", None, "BORDER police", "Cyber"],
                dtype="string[pyarrow]",
            ),
            schema.SUMMARY: pd.array(
                ["", None, "on the border", "x", "cross-border crime"], dtype="string[pyarrow]"
            ),
            schema.PILLARS: [("WBCTi",), ("WBCTi", "WBPCi"), (), ("WBPCi",), ("WBBSi",)],
            schema.PARTNERS: [("Italy",), (), ("Italy", "Austria"), None, ("Austria",)],
        }
    )


def test_matching_rows_answer_each_filter_as_written_by_hand() -> None:
    """Pillars, "No pillar", partners and the search text each keep the rows worked out by hand."""
    events = _inline_events()

    def rows(**fields: object) -> list[bool]:
        return filters.matching_rows(events, EventFilter(**fields)).tolist()  # type: ignore[arg-type]

    assert rows() == [True] * 5
    assert rows(pillars=("WBCTi",)) == [True, True, False, False, False]
    assert rows(pillars=("WBPCi", schema.NO_PILLAR)) == [False, True, True, True, False]
    assert rows(pillars=("Unknown",)) == [False] * 5
    assert rows(partners=("Austria", "Nobody")) == [False, False, True, False, True]
    # Title and summary, any case, literally; a missing title or summary is empty text.
    assert rows(text=" border ") == [True, False, True, True, True]
    assert rows(text="border", pillars=("WBPCi",)) == [False, False, False, True, False]
    assert rows(text="order p", partners=("Italy",)) == [False, False, False, False, False]
    assert rows(text="a+b") == [False] * 5
    # The same frame asked again (its index made once) gives the same answers.
    assert rows(pillars=("WBCTi",)) == [True, True, False, False, False]
    assert ids(filters.apply(events, EventFilter(text="police"))) == ["e2", "e4"]


def test_search_reads_title_then_summary_as_one_text_with_a_new_line_between() -> None:
    """A search with a new line matches across a title's end and its summary, as written."""
    events = _inline_events()

    def rows(text: str, frame: pd.DataFrame = events) -> list[bool]:
        return filters.matching_rows(frame, EventFilter(text=text)).tolist()

    # "BORDER police" then "x"; the other events have no "police" before a line "x...".
    assert rows("police\nX") == [False, False, False, True, False]
    assert rows("talks\non") == [False] * 5
    assert rows("cyber\ncross") == [False, False, False, False, True]
    # Summaries all missing (read as numbers): the titles alone are searched.
    no_summaries = events.assign(**{schema.SUMMARY: float("nan")})
    assert rows("border", no_summaries) == [True, False, False, True, False]


def test_matching_rows_of_an_empty_frame() -> None:
    """No events: an empty answer for every kind of filter."""
    events = _inline_events().iloc[:0]
    for chosen in (EventFilter(), EventFilter(pillars=("WBCTi",), text="x", partners=("Italy",))):
        assert filters.matching_rows(events, chosen).tolist() == []


def test_apply_to_table_keeps_the_rows_of_the_given_events_only() -> None:
    """Rows of the chosen events stay in order; rows of other events or without an id go."""
    table = pd.DataFrame(
        {
            schema.EVENT_ID: pd.array(["e1", "e2", None, "e1", "e3"], dtype="string[pyarrow]"),
            schema.PARTNER: ["Italy", "Austria", "Nobody", "Austria", "Italy"],
        }
    )
    chosen = pd.DataFrame({schema.ID: pd.array(["e3", "e1", "e9", None], dtype="string[pyarrow]")})
    kept = filters.apply_to_table(table, chosen)
    assert kept.index.tolist() == [0, 3, 4]
    assert kept[schema.PARTNER].tolist() == ["Italy", "Austria", "Italy"]
    assert filters.apply_to_table(table, chosen.iloc[:0]).empty
    assert filters.apply_to_table(table.iloc[:0], chosen).empty
    assert filters.rows_of_events(table, chosen).tolist() == [True, False, False, True, True]
