"""Read a date field: any date YAML can write is read, an implausible year is named with its likely typo."""

from __future__ import annotations

import datetime as dt
import re

from yaml.constructor import SafeConstructor

# Years an IISG event can plausibly have (the group was founded in 2016). A date outside is
# almost always a typo (0023 for 2023); it is an error on its event, never a crash of the app
# (pandas' datetime64[ns] holds only 1677 to 2262).
EARLIEST_YEAR = 1990
LATEST_YEAR = 2100
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# YAML's timestamp as PyYAML reads it: a date, optionally a time of day and a zone.
_TIMESTAMP = SafeConstructor.timestamp_regexp


class DateProblem(ValueError):
    """A date field that cannot be read; its message is for the editor."""


def read_date(name: str, written: str, tag_is_timestamp: bool) -> tuple[dt.date, str | None]:
    """Read a date field from its text.

    Args:
        name: The field (start_date, end_date).
        written: The field's text as the file writes it (quoted or not).
        tag_is_timestamp: YAML resolved the text as a timestamp (it was not quoted).

    Returns:
        The date, and a warning when the text also had a time of day (the date is kept).

    Raises:
        DateProblem: The text is not a date, not a real date, or its year is implausible.
    """
    text = written.strip()
    if ISO_DATE.match(text):
        date = _real_date(name, text, int(text[:4]), int(text[5:7]), int(text[8:10]))
        return _plausible(name, text, date), None
    match = _TIMESTAMP.match(text) if tag_is_timestamp else None
    if match is None:
        raise DateProblem(
            f"{name} '{text[:40]}' is not a date; write it as YYYY-MM-DD, e.g. 2023-04-25"
        )
    year, month, day = (int(match.group(part)) for part in ("year", "month", "day"))
    date = _plausible(name, text, _real_date(name, text, year, month, day))
    if not match.group("hour"):
        return date, None
    _check_time(name, text, match)
    return date, (
        f"{name} '{text[:40]}' has a time of day; it was read as the date {date.isoformat()} "
        "(write only the date as YYYY-MM-DD)"
    )


def _real_date(name: str, text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise DateProblem(f"{name} '{text[:40]}' is not a real date ({error})") from error


def _check_time(name: str, text: str, match: re.Match[str]) -> None:
    """Refuse a time of day or zone that does not exist (25:00, +30:00), as PyYAML would."""
    try:
        dt.time(int(match.group("hour")), int(match.group("minute")), int(match.group("second")))
        if match.group("tz_sign"):
            hours, minutes = int(match.group("tz_hour")), int(match.group("tz_minute") or 0)
            dt.timezone(dt.timedelta(hours=hours, minutes=minutes))
    except ValueError as error:
        raise DateProblem(f"{name} '{text[:40]}' is not a real date ({error})") from error


def _plausible(name: str, text: str, date: dt.date) -> dt.date:
    if EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        return date
    guesses = likely_years(date.year)
    hint = (
        f"did you mean {' or '.join(str(year) for year in guesses)}?"
        if guesses
        else f"dates from {EARLIEST_YEAR} to {LATEST_YEAR} are accepted"
    )
    return _raise(
        f"{name} '{text[:40]}' is not a plausible date: year {date.year:04d}: {hint} "
        f"(the event is left out until the year is between {EARLIEST_YEAR} and {LATEST_YEAR})"
    )


def _raise(message: str) -> dt.date:
    raise DateProblem(message)


def likely_years(year: int) -> list[int]:
    """Plausible years one keystroke away: a digit changed, or two neighbouring digits swapped.

    Args:
        year: An implausible year (0 to 9999).

    Returns:
        Up to three plausible years, in ascending order (0023 -> [2023]; 9999 -> []).
    """
    digits = f"{year:04d}"
    found: set[int] = set()
    for index in range(4):
        for digit in "0123456789":
            found.add(int(digits[:index] + digit + digits[index + 1 :]))
        if index < 3:
            found.add(int(digits[:index] + digits[index + 1] + digits[index] + digits[index + 2 :]))
    return sorted(y for y in found if EARLIEST_YEAR <= y <= LATEST_YEAR and y != year)[:3]
