"""Tests of analytics.partners: new, returning and lapsed partners."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics import partners as pa
from analytics import schema


# Five events, five partners, for statuses:
#   l1 2021-03-01  A, B, D
#   l2 2021-06-01  A, B, C
#   l3 2022-05-05  C          (exactly twelve months before l5)
#   l4 2023-01-10  A
#   l5 2023-05-05  B, E
def lifecycle_events() -> pd.DataFrame:
    starts = pd.to_datetime(["2021-03-01", "2021-06-01", "2022-05-05", "2023-01-10", "2023-05-05"])
    return pd.DataFrame(
        {
            schema.ID: ["l1", "l2", "l3", "l4", "l5"],
            schema.TITLE: ["First", "Second", "Third", "Fourth", "Fifth"],
            schema.START_DATE: starts,
            schema.END_DATE: starts,
            schema.YEAR: [2021, 2021, 2022, 2023, 2023],
            schema.CITY: ["Tirana", None, "Skopje", "Tirana", "Budva"],
            schema.COUNTRY: ["Albania", None, "North Macedonia", "Albania", "Montenegro"],
            schema.PILLARS: [("WBCTi",), ("WBBSi",), (), ("WBCSCi",), ("WBCTi",)],
        }
    )


def lifecycle_partners() -> pd.DataFrame:
    rows = [
        ("l1", "A"), ("l1", "B"), ("l1", "D"), ("l2", "A"), ("l2", "B"), ("l2", "C"),
        ("l3", "C"), ("l4", "A"), ("l5", "B"), ("l5", "E"),
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=[schema.EVENT_ID, schema.PARTNER])
    frame[schema.PARTNER_KIND] = "Kind one"
    frame[schema.PARTNER_COUNTRY] = pd.NA
    return frame.astype("string")


def statuses(lifecycle: pa.Lifecycle) -> dict[str, str]:
    return dict(zip(lifecycle.partners[schema.PARTNER], lifecycle.partners[pa.STATUS], strict=True))


def test_lifecycle_of_all_the_data_is_status_now() -> None:
    """As of 5 May 2023: D lapsed (last seen Mar 2021), E new, A, B, C returning.

    C's last event is exactly twelve months before the reference day: not lapsed.
    """
    events, attendance = lifecycle_events(), lifecycle_partners()
    lifecycle = pa.partner_lifecycle(events, attendance, events[schema.ID].tolist())
    assert lifecycle.as_of == pd.Timestamp("2023-05-05")
    assert lifecycle.lapse_before == pd.Timestamp("2022-05-05")
    assert statuses(lifecycle) == {
        "D": pa.STATUS_LAPSED, "E": pa.STATUS_NEW,
        "A": pa.STATUS_RETURNING, "B": pa.STATUS_RETURNING, "C": pa.STATUS_RETURNING,
    }  # fmt: skip
    # Lapsed first, then new, then returning by name.
    assert lifecycle.partners[schema.PARTNER].tolist() == ["D", "E", "A", "B", "C"]
    d = lifecycle.partners.iloc[0]
    assert d[pa.LAST_SEEN] == dt.date(2021, 3, 1)
    assert d[pa.LAST_TITLE] == "First"
    assert d[pa.PILLARS_EVER] == "WBCTi"
    a = lifecycle.partners.set_index(schema.PARTNER).loc["A"]
    assert (a[pa.FIRST_EVENT], a[pa.LAST_SEEN], a[pa.EVENTS]) == (
        dt.date(2021, 3, 1), dt.date(2023, 1, 10), 3,
    )  # fmt: skip
    assert a[pa.PILLARS_EVER] == "WBBSi, WBCSCi, WBCTi"
    assert pa.status_counts(lifecycle) == {
        pa.STATUS_NEW: 1, pa.STATUS_RETURNING: 3, pa.STATUS_LAPSED: 1, pa.STATUS_ELSEWHERE: 0,
    }  # fmt: skip


def test_lifecycle_of_a_period() -> None:
    """Period 2021: all four partners seen are new; E (2023) is not listed yet."""
    events, attendance = lifecycle_events(), lifecycle_partners()
    lifecycle = pa.partner_lifecycle(
        events, attendance, ["l1", "l2"], dt.date(2021, 1, 1), dt.date(2021, 12, 31)
    )
    assert lifecycle.as_of == pd.Timestamp("2021-06-01")
    assert statuses(lifecycle) == dict.fromkeys("ABCD", pa.STATUS_NEW)
    # 2023: A and B return, E is new, C (last seen May 2022) is active but not in 2023.
    lifecycle = pa.partner_lifecycle(
        events, attendance, ["l4", "l5"], dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    )
    assert statuses(lifecycle) == {
        "A": pa.STATUS_RETURNING, "B": pa.STATUS_RETURNING, "C": pa.STATUS_ELSEWHERE,
        "D": pa.STATUS_LAPSED, "E": pa.STATUS_NEW,
    }  # fmt: skip


def test_lifecycle_partners_outside_the_selection() -> None:
    """Only l4 matches (say, a pillar filter): A returns, B, C and E are active elsewhere."""
    events, attendance = lifecycle_events(), lifecycle_partners()
    lifecycle = pa.partner_lifecycle(events, attendance, ["l4"])
    assert statuses(lifecycle) == {
        "A": pa.STATUS_RETURNING, "B": pa.STATUS_ELSEWHERE, "C": pa.STATUS_ELSEWHERE,
        "D": pa.STATUS_LAPSED, "E": pa.STATUS_ELSEWHERE,
    }  # fmt: skip
    in_selection = lifecycle.partners.set_index(schema.PARTNER)[pa.IN_SELECTION].to_dict()
    assert in_selection == {"A": 1, "B": 0, "C": 0, "D": 0, "E": 0}


def test_lifecycle_per_year_counts_new_returning_and_lapsed() -> None:
    """2021: 4 new; 2022: C back, A, B and D lapsed; 2023: E new, A and B back.

    A and B lapse on 1 Jun 2022 (twelve months after 1 Jun 2021); C's next silence would end
    on 5 May 2023, the data's last day, so it has not lapsed.
    """
    events, attendance = lifecycle_events(), lifecycle_partners()
    per_year = pa.partner_lifecycle(events, attendance, []).per_year
    assert per_year.to_dict("list") == {
        pa.YEAR: [2021, 2022, 2023],
        pa.STATUS_NEW: [4, 0, 1],
        pa.STATUS_RETURNING: [0, 1, 2],
        pa.STATUS_LAPSED: [0, 3, 0],
    }
    figure = pa.lifecycle_figure(per_year)
    assert [t.name for t in figure.data] == [pa.STATUS_NEW, pa.STATUS_RETURNING, pa.STATUS_LAPSED]
    assert list(figure.data[2].y) == [0, 3, 0]


def test_lapsed_list_for_download() -> None:
    """The lapsed list has D with its last event and pillars, under user-facing labels."""
    events, attendance = lifecycle_events(), lifecycle_partners()
    lapsed = pa.partner_lifecycle(events, attendance, events[schema.ID].tolist()).lapsed()
    assert list(lapsed.columns) == [
        pa.LABEL_PARTNER, pa.LABEL_KIND, pa.LABEL_FIRST, pa.LABEL_LAST_SEEN,
        pa.LABEL_LAST_TITLE, pa.LABEL_EVENTS_EVER, pa.LABEL_PILLARS,
    ]  # fmt: skip
    assert lapsed.iloc[0].tolist() == [
        "D", "Kind one", dt.date(2021, 3, 1), dt.date(2021, 3, 1), "First", 1, "WBCTi",
    ]  # fmt: skip


def test_lifecycle_of_no_events() -> None:
    """No events: no statuses, no years, a figure that says so."""
    events = lifecycle_events().iloc[0:0]
    lifecycle = pa.partner_lifecycle(events, lifecycle_partners().iloc[0:0], [])
    assert lifecycle.as_of is None and lifecycle.partners.empty and lifecycle.per_year.empty
    assert lifecycle.lapsed().empty
    assert pa.status_counts(lifecycle) == dict.fromkeys(pa.STATUSES, 0)
    assert len(pa.lifecycle_figure(lifecycle.per_year).data) == 0


def test_lifecycle_reference_day_is_the_datas_last_event_even_without_partners() -> None:
    """A later event that no partner attended moves the reference day: C lapses."""
    events = pd.concat(
        [
            lifecycle_events(),
            lifecycle_events()
            .iloc[[0]]
            .assign(
                **{
                    schema.ID: "l6",
                    schema.START_DATE: pd.Timestamp("2023-09-01"),
                    schema.END_DATE: pd.Timestamp("2023-09-01"),
                    schema.YEAR: 2023,
                }
            ),
        ],
        ignore_index=True,
    )
    lifecycle = pa.partner_lifecycle(events, lifecycle_partners(), events[schema.ID].tolist())
    assert lifecycle.as_of == pd.Timestamp("2023-09-01")
    assert statuses(lifecycle)["C"] == pa.STATUS_LAPSED
    # C's silence after 5 May 2022 ran out on 5 May 2023, before the data's end: lapsed in 2023.
    assert lifecycle.per_year.set_index(pa.YEAR)[pa.STATUS_LAPSED].to_dict() == {
        2021: 0,
        2022: 3,
        2023: 1,
    }
