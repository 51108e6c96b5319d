"""Tests of analytics.dates_text: date phrases as the IISG website writes them."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.dates_text import event_dates, find_dates, parse_date_phrase

D = dt.date

PHRASES = [
    ("9th of December 2022", (D(2022, 12, 9), None)),
    ("On 27 February 2023", (D(2023, 2, 27), None)),
    ("on 25th of April 2023", (D(2023, 4, 25), None)),
    ("14-15 August 2023", (D(2023, 8, 14), D(2023, 8, 15))),
    ("on the 28th of April 2023", (D(2023, 4, 28), None)),
    ("1st of June 2023", (D(2023, 6, 1), None)),
    ("2nd of June 2023", (D(2023, 6, 2), None)),
    ("12th September 2023", (D(2023, 9, 12), None)),
    ("25 April 2023", (D(2023, 4, 25), None)),
    ("April 25, 2023", (D(2023, 4, 25), None)),
    ("Sept. 5, 2023", (D(2023, 9, 5), None)),
    ("25-27 April 2023", (D(2023, 4, 25), D(2023, 4, 27))),
    ("25 – 27 April 2023", (D(2023, 4, 25), D(2023, 4, 27))),
    ("from 25 to 27 April 2023", (D(2023, 4, 25), D(2023, 4, 27))),
    ("9th and 10th of May 2023", (D(2023, 5, 9), D(2023, 5, 10))),
    ("April 25-27, 2023", (D(2023, 4, 25), D(2023, 4, 27))),
    ("April 25 - May 2, 2023", (D(2023, 4, 25), D(2023, 5, 2))),
    ("30 November - 1 December 2017", (D(2017, 11, 30), D(2017, 12, 1))),
    ("30 December 2023 - 2 January 2024", (D(2023, 12, 30), D(2024, 1, 2))),
    ("30 December - 2 January 2024", (D(2023, 12, 30), D(2024, 1, 2))),
    ("25.04.2023", (D(2023, 4, 25), None)),
    ("14.-15.08.2023", (D(2023, 8, 14), D(2023, 8, 15))),
    ("2023-04-25", (D(2023, 4, 25), None)),
    ("9 JUNE 2022", (D(2022, 6, 9), None)),
    # Not dates: year ranges, years alone, no year, impossible days.
    ("2024-2026", None),
    ("for 2021 and 2022", None),
    ("the years 2021 and 2022", None),
    ("between 7-8 June", None),
    ("14th September", None),
    ("31 June 2023", None),
    ("", None),
]


@pytest.mark.parametrize(("phrase", "expected"), PHRASES)
def test_phrase_reads_as_start_and_end(
    phrase: str, expected: tuple[dt.date, dt.date | None] | None
) -> None:
    """Each phrase reads as the (start, end) a person reads in it; non-dates read as None."""
    assert parse_date_phrase(phrase) == expected


def test_date_after_on_wins_over_an_earlier_date() -> None:
    """A date introduced by "on" is the event's, even after another date."""
    text = (
        "Following the report of 3 March 2023, the Secretariat organised the meeting "
        "on 27th of April 2023 in Budva."
    )
    chosen, unsure = event_dates(text)
    assert chosen is not None and chosen.start == D(2023, 4, 27)
    assert not unsure


def test_forthcoming_meeting_date_is_not_the_event_date() -> None:
    """A later meeting announced in the text does not replace the event's date."""
    text = (
        "The forthcoming Board meeting on 12 May 2024 was announced at the meeting held "
        "on 3 March 2024."
    )
    chosen, _ = event_dates(text)
    assert chosen is not None and chosen.start == D(2024, 3, 3)


def test_year_range_in_the_text_is_ignored() -> None:
    """The reporting period "(2024-2026)" is not a date; the event's date is kept."""
    text = "On 12th September 2023, HoS met with NEAR to discuss the next phase (2024-2026)."
    mentions = find_dates(text)
    assert [m.span for m in mentions] == [(D(2023, 9, 12), None)]


def test_text_without_a_date_is_unsure() -> None:
    """No full date: nothing is chosen and the choice is flagged."""
    assert event_dates("Partners met to discuss the database.") == (None, True)
