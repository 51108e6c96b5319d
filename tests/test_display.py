"""Tests of analytics.display: what users read in tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics import display, load_dataset

SMALL = Path(__file__).parent / "data" / "small_events.yaml"


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2023-04-25", "2023-04-25", "25 Apr 2023"),
        ("2023-08-14", "2023-08-15", "14–15 Aug 2023"),
        ("2017-11-29", "2017-12-01", "29 Nov – 1 Dec 2017"),
        ("2022-12-31", "2023-01-02", "31 Dec 2022 – 2 Jan 2023"),
    ],
)
def test_date_ranges_read_naturally(start: str, end: str, text: str) -> None:
    """Ranges are compact and unambiguous."""
    assert display.format_date_range(pd.Timestamp(start), pd.Timestamp(end)) == text


def test_events_table_joins_lists_and_marks_kosovo() -> None:
    """The table shows Kosovo*, joined partners, and keeps real dates for sorting."""
    events = load_dataset(SMALL).events
    table = display.events_table(events)
    assert list(table.columns) == list(display.DISPLAY_COLUMNS.values())
    row = table[table["Event id"] == "2023-03-03-pristina-rsg-wbcti"].iloc[0]
    assert row["Country"] == "Kosovo*"
    assert row["Partners"] == "DG NEAR; United States"
    assert row["Dates"] == "3–5 Mar 2023"
    assert str(row["Start"]) == "2023-03-03"
    online = table[table["Event id"] == "2023-10-17-online-database"].iloc[0]
    assert online["City"] == "" and online["Partners"] == ""


def test_latest_events_newest_first() -> None:
    """Latest events are ordered newest first and limited."""
    events = load_dataset(SMALL).events
    latest = display.latest_events(events, count=2)
    assert list(latest["Title"]) == [
        "Meeting on the database",
        "Regional Pillar Support Group Meeting – WBCTi",
    ]


def test_events_table_of_no_events() -> None:
    """An empty frame gives an empty table with the same columns."""
    table = display.events_table(load_dataset(SMALL).events.iloc[0:0])
    assert table.empty
    assert "Title" in table.columns


def test_format_date_ranges_equal_one_by_one_formatting() -> None:
    """Many ranges at once read exactly as each formatted alone."""
    starts = pd.Series(pd.to_datetime(["2023-04-25", "2023-08-14", "2017-11-30", "2023-04-25"]))
    ends = pd.Series(pd.to_datetime(["2023-04-25", "2023-08-15", "2017-12-01", "2023-04-26"]))
    assert display.format_date_ranges(starts, ends) == [
        "25 Apr 2023",
        "14–15 Aug 2023",
        "30 Nov – 1 Dec 2017",
        "25–26 Apr 2023",
    ]
    assert display.format_date_ranges(starts.iloc[:0], ends.iloc[:0]) == []


def test_picker_events_list_the_newest_and_keep_the_chosen_one() -> None:
    """Of 6 events a picker of 2 lists the 2 newest, plus an older one that is chosen."""
    from tests.helpers import make_events

    events = make_events(*({"id": f"e{n}", "start": f"2023-01-0{n}"} for n in range(1, 7)))
    listed = display.picker_events(events, limit=2)
    assert list(listed["id"]) == ["e6", "e5"]
    listed = display.picker_events(events, limit=2, keep=("e1", None, "e6"))
    assert list(listed["id"]) == ["e6", "e5", "e1"]
    assert len(display.picker_events(events, limit=10)) == 6


def test_event_choices_are_newest_first_with_dates_and_title() -> None:
    """The picker lists the newest event first as "dates · title"; over the limit, the chosen too."""
    choices = display.event_choices(load_dataset(SMALL).events)
    assert list(choices) == [
        "2023-10-17-online-database",
        "2023-03-03-pristina-rsg-wbcti",
        "2022-06-20-sarajevo-board",
        "2022-06-09-podgorica-rsg-wbcsci",
    ]
    assert choices["2022-06-20-sarajevo-board"] == "20–21 Jun 2022 · Board meeting"
    limited = display.event_choices(
        load_dataset(SMALL).events, 1, keep=("2022-06-20-sarajevo-board",)
    )
    assert list(limited) == ["2023-10-17-online-database", "2022-06-20-sarajevo-board"]
    assert display.event_choices(load_dataset(SMALL).events.iloc[:0]) == {}


def test_newest_events_are_the_last_by_start_then_id_newest_first() -> None:
    """The 3 newest of 6: the latest start dates; on a shared day the larger id is newer."""
    from tests.helpers import make_events

    starts = {"a": "2021-05-01", "b": "2023-02-01", "c": "2023-02-01", "d": "2020-01-01"}
    starts |= {"e": "2022-07-01", "f": "2023-02-01"}
    events = make_events(*({"id": i, "start": s} for i, s in starts.items()))
    # Independently: sort (start, id) by hand, take the last three, newest first.
    expected = [i for _, i in sorted((s, i) for i, s in starts.items())][-3:][::-1]
    assert expected == ["f", "c", "b"]
    assert list(display.newest_events(events, 3)["id"]) == expected
    assert list(display.newest_events(events, 10)["id"]) == ["f", "c", "b", "e", "a", "d"]
    assert display.newest_events(events, 0).empty
    assert display.newest_events(events.iloc[:0], 3).empty


def test_table_events_list_the_newest_first_under_and_over_the_limit() -> None:
    """The table lists the events newest first, all of them up to the limit."""
    from tests.helpers import make_events

    events = make_events(*({"id": f"e{n}", "start": f"2023-01-0{n}"} for n in (3, 1, 2)))
    assert list(display.table_events(events, limit=3)["id"]) == ["e3", "e2", "e1"]
    assert list(display.table_events(events, limit=2)["id"]) == ["e3", "e2"]


def test_format_date_ranges_of_many_events_as_written_by_hand() -> None:
    """Repeated days, a missing first or last day, and days of another datetime unit."""
    starts = pd.Series(
        pd.to_datetime(
            ["2023-04-25", "2023-08-14", "2017-11-30", None, "2023-01-01", "2022-12-31"]
            + ["2023-05-01", "1999-02-03", "2023-04-25", "2023-08-14"]
        )
    )
    ends = pd.Series(
        pd.to_datetime(
            ["2023-04-25", "2023-08-15", "2017-12-01", "2023-01-01", None, "2023-01-02"]
            + ["2023-05-31", "2001-02-03", "2023-04-26", "2023-08-15"]
        )
    )
    expected = [
        "25 Apr 2023",
        "14–15 Aug 2023",
        "30 Nov – 1 Dec 2017",
        "",
        "1 Jan 2023",
        "31 Dec 2022 – 2 Jan 2023",
        "1–31 May 2023",
        "3 Feb 1999 – 3 Feb 2001",
        "25–26 Apr 2023",
        "14–15 Aug 2023",
    ]
    assert display.format_date_ranges(starts, ends) == expected
    assert display.format_date_ranges(starts.astype("datetime64[s]"), ends) == expected
