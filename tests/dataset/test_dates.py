"""Tests of analytics.dataset.dates: no date YAML can write crashes the load; typos are named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analytics import load_dataset, schema
from analytics.dataset.dates import EARLIEST_YEAR, LATEST_YEAR, likely_years

VALID = """\
  - id: valid
    title: Valid
    start_date: 2023-04-25
    event_type: workshop
    iisg_role: organiser
    source: test
"""


def event(event_id: str, start: str, end: str | None = None) -> str:
    end_line = f"    end_date: {end}\n" if end is not None else ""
    return (
        f"  - id: {event_id}\n    title: T\n    start_date: {start}\n{end_line}"
        "    event_type: workshop\n    iisg_role: organiser\n    source: test\n"
    )


def write(tmp_path: Path, *events: str) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text("events:\n" + VALID + "".join(events), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("year", "guesses"),
    [
        (23, [2023]),
        (1, [2001]),
        (2203, [2003, 2023]),
        (1899, [1999]),
        (9999, [1999]),
        (5555, []),
        (0, [2000]),
    ],
)
def test_likely_years_are_one_keystroke_away(year: int, guesses: list[int]) -> None:
    """0023 suggests 2023, 2203 suggests 2003 or 2023, 5555 suggests nothing."""
    assert likely_years(year) == guesses


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("0001-01-01", "year 0001: did you mean 2001?"),
        ("0023-04-25", "year 0023: did you mean 2023?"),
        ("'0023-04-25'", "year 0023: did you mean 2023?"),
        ("9999-12-31", "year 9999: did you mean 1999?"),
        ("5555-05-05", f"year 5555: dates from {EARLIEST_YEAR} to {LATEST_YEAR} are accepted"),
        ("1677-09-21", "year 1677: dates from"),
        ("2263-01-01", "year 2263: did you mean"),
        ("0001-01-01T00:00:00-05:00", "year 0001: did you mean 2001?"),
        ("9999-12-31 23:59:59.999999 +14:00", "year 9999"),
        ("0000-01-01", "is not a real date"),
        ("2023-02-30", "is not a real date"),
        ("2023-04-25 25:00:00", "is not a real date"),
    ],
)
def test_an_impossible_or_implausible_date_is_an_error_on_its_line(
    tmp_path: Path, written: str, words: str
) -> None:
    """The event is left out with the typo named on the date's line; the others load."""
    dataset = load_dataset(write(tmp_path, event("bad", written), event("after", "2023-05-01")))
    assert list(dataset.events[schema.ID]) == ["valid", "after"]
    [error] = dataset.errors
    assert (error.event_id, error.field, error.line) == ("bad", schema.START_DATE, 10)
    assert words in error.message


def test_an_implausible_end_date_is_named_too(tmp_path: Path) -> None:
    """end_date 0023-04-26 after start_date 2023-04-25 is reported on end_date."""
    dataset = load_dataset(write(tmp_path, event("bad", "2023-04-25", "0023-04-26")))
    [error] = dataset.errors
    assert (error.field, error.line) == (schema.END_DATE, 11)
    assert "did you mean 2023?" in error.message


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("2023-04-25 10:00:00", dt.date(2023, 4, 25)),
        ("2023-04-25T23:30:00Z", dt.date(2023, 4, 25)),
        ("2023-04-25t01:00:00.5-05:00", dt.date(2023, 4, 25)),
        ("2023-4-5 9:05:00", dt.date(2023, 4, 5)),
    ],
)
def test_a_time_of_day_is_read_as_its_date_with_a_warning(
    tmp_path: Path, written: str, date: dt.date
) -> None:
    """The event is kept on the date as written, and a warning says the time was dropped."""
    dataset = load_dataset(write(tmp_path, event("timed", written)))
    events = dataset.events.set_index(schema.ID)
    assert events.loc["timed", schema.START_DATE].date() == date
    assert events.loc["timed", schema.END_DATE].date() == date
    [warning] = dataset.warnings
    assert (warning.event_id, warning.field, warning.line) == ("timed", schema.START_DATE, 10)
    assert "has a time of day" in warning.message
    assert date.isoformat() in warning.message
    assert dataset.errors == ()


def test_the_plausible_window_is_inclusive(tmp_path: Path) -> None:
    """The first and last plausible days load."""
    dataset = load_dataset(
        write(
            tmp_path,
            event("first", f"{EARLIEST_YEAR}-01-01"),
            event("last", f"{LATEST_YEAR}-12-31"),
        )
    )
    assert dataset.problems == ()
    assert list(dataset.events[schema.YEAR]) == [2023, EARLIEST_YEAR, LATEST_YEAR]
