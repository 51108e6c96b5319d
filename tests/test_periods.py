"""Tests of analytics.periods: calendar parts, custom dates, parsing and the previous period."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics import periods

D = dt.date


def test_quarters_cover_the_year_without_gaps() -> None:
    """Q1 is January–March ... Q4 October–December, each starting the day after the last."""
    quarters = [periods.quarter(2023, n) for n in (1, 2, 3, 4)]
    assert [(q.start, q.end) for q in quarters] == [
        (D(2023, 1, 1), D(2023, 3, 31)),
        (D(2023, 4, 1), D(2023, 6, 30)),
        (D(2023, 7, 1), D(2023, 9, 30)),
        (D(2023, 10, 1), D(2023, 12, 31)),
    ]
    assert sum(q.days for q in quarters) == 365
    assert [q.label for q in quarters] == ["Q1 2023", "Q2 2023", "Q3 2023", "Q4 2023"]


def test_half_years_and_leap_years() -> None:
    """H1 2024 has 182 days (29 February), H1 2023 181; a leap year has 366 days."""
    assert (periods.half_year(2024, 1).end, periods.half_year(2024, 1).days) == (
        D(2024, 6, 30),
        182,
    )
    assert periods.half_year(2023, 1).days == 181
    assert periods.half_year(2023, 2).start == D(2023, 7, 1)
    assert periods.quarter(2024, 1).days == 91
    assert periods.calendar_year(2024).days == 366
    assert periods.calendar_year(2023).label == "2023"


def test_parse_period_accepts_year_half_and_quarter() -> None:
    """ "2023", "2023-H1" and "2023-Q2" (any case, dash optional) give the right dates."""
    assert periods.parse_period("2023") == periods.calendar_year(2023)
    assert periods.parse_period("2023-H1").end == D(2023, 6, 30)
    assert periods.parse_period("2023h2").start == D(2023, 7, 1)
    assert periods.parse_period(" 2023-q2 ") == periods.quarter(2023, 2)
    assert periods.parse_period("2023-Q2").code == "2023-Q2"


@pytest.mark.parametrize("text", ["2023-H3", "2023-Q5", "2023-Q0", "23", "H1-2023", "", "2023-06"])
def test_parse_period_refuses_other_text_with_a_clear_message(text: str) -> None:
    """An unreadable period raises ValueError naming the accepted forms or the problem."""
    with pytest.raises(ValueError, match=r"period|half|quarter"):
        periods.parse_period(text)


def test_custom_dates_and_their_errors() -> None:
    """Custom dates keep both ends; an end before the start or a bad date is refused."""
    chosen = periods.parse_dates("2023-01-15", "2023-02-14")
    assert (chosen.start, chosen.end, chosen.days, chosen.kind) == (
        D(2023, 1, 15),
        D(2023, 2, 14),
        31,
        periods.CUSTOM,
    )
    assert chosen.label == "15 January 2023 – 14 February 2023"
    with pytest.raises(ValueError, match="before the start"):
        periods.parse_dates("2023-07-01", "2023-06-30")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        periods.parse_dates("2023-02-30", "2023-03-01")


def test_previous_period_has_the_same_number_of_days() -> None:
    """The comparison ends the day before and is as long: Q2 2023 (91 days) from 31 Dec 2022."""
    before = periods.previous(periods.quarter(2023, 2))
    assert (before.start, before.end, before.days) == (D(2022, 12, 31), D(2023, 3, 31), 91)
    assert periods.previous(periods.calendar_year(2023)).start == D(2022, 1, 1)
    leap = periods.previous(periods.calendar_year(2024))
    assert (leap.start, leap.end) == (D(2022, 12, 31), D(2023, 12, 31))
    one_day = periods.previous(periods.custom(D(2024, 3, 1), D(2024, 3, 1)))
    assert (one_day.start, one_day.end) == (D(2024, 2, 29), D(2024, 2, 29))


def test_no_fifth_quarter_and_no_third_half() -> None:
    """A part outside the year is refused."""
    with pytest.raises(ValueError):
        periods.quarter(2023, 5)
    with pytest.raises(ValueError):
        periods.half_year(2023, 3)
    with pytest.raises(ValueError):
        periods.calendar_part("custom", 2023)  # type: ignore[arg-type]
