"""Reporting periods: calendar years, half-years, quarters and custom dates, parsed and named."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal

from analytics import metrics

PeriodKind = Literal["year", "half", "quarter", "custom"]
YEAR: Final = "year"
HALF: Final = "half"
QUARTER: Final = "quarter"
CUSTOM: Final = "custom"
KINDS: Final[tuple[PeriodKind, ...]] = ("year", "half", "quarter", "custom")
KIND_LABELS: Final = {
    YEAR: "Calendar year",
    HALF: "Half-year",
    QUARTER: "Quarter",
    CUSTOM: "Custom dates",
}
# How many parts a year has for each kind, and the months each part spans.
PARTS: Final = {YEAR: 1, HALF: 2, QUARTER: 4}
_MONTHS_PER_PART: Final = {YEAR: 12, HALF: 6, QUARTER: 3}
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2999

_YEAR_TEXT = re.compile(r"^(\d{4})$")
_HALF_TEXT = re.compile(r"^(\d{4})-?H([12])$", re.IGNORECASE)
_QUARTER_TEXT = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting period: its kind and its first and last day (both included).

    Attributes:
        kind: "year", "half", "quarter" or "custom".
        start: First day.
        end: Last day (not before ``start``).
        part: The half (1-2) or quarter (1-4); 1 for a year, 0 for custom dates.
    """

    kind: PeriodKind
    start: dt.date
    end: dt.date
    part: int = 0

    @property
    def days(self) -> int:
        """Number of days in the period, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        """Short name: "2023", "H1 2023", "Q2 2023" or "1 Jan 2023 – 30 Jun 2023"."""
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == HALF:
            return f"H{self.part} {self.start.year}"
        if self.kind == QUARTER:
            return f"Q{self.part} {self.start.year}"
        return date_range_text(self.start, self.end)

    @property
    def code(self) -> str:
        """The form the command line accepts: "2023", "2023-H1", "2023-Q2" or "2023-01-01_2023-06-30"."""
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == HALF:
            return f"{self.start.year}-H{self.part}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{self.part}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def dates_text(self) -> str:
        """The absolute dates in words: "1 January 2023 – 30 June 2023"."""
        return date_range_text(self.start, self.end)


def long_date(day: dt.date) -> str:
    """Write a day in full, as a formal report does: "1 January 2023"."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def date_range_text(start: dt.date, end: dt.date) -> str:
    """Write a range of days: "1 January 2023 – 30 June 2023", or one day alone."""
    if start == end:
        return long_date(start)
    return f"{long_date(start)} – {long_date(end)}"


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"the year {year} is outside {MIN_YEAR}–{MAX_YEAR}")
    return year


def _last_day_of_month(year: int, month: int) -> dt.date:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)


def calendar_part(kind: PeriodKind, year: int, part: int = 1) -> ReportPeriod:
    """Return a calendar year, half-year or quarter.

    Args:
        kind: "year", "half" or "quarter".
        year: The year.
        part: Which half (1-2) or quarter (1-4); ignored for a year.

    Returns:
        The period.

    Raises:
        ValueError: Unknown kind, year out of range, or no such half or quarter.
    """
    if kind not in PARTS:
        raise ValueError(f"a calendar period is a year, half or quarter, not {kind!r}")
    _check_year(year)
    part = 1 if kind == YEAR else part
    if not 1 <= part <= PARTS[kind]:
        raise ValueError(f"a year has {PARTS[kind]} {kind}s; there is no {kind} {part}")
    months = _MONTHS_PER_PART[kind]
    first_month = (part - 1) * months + 1
    last_month = first_month + months - 1
    return ReportPeriod(
        kind=kind,
        start=dt.date(year, first_month, 1),
        end=_last_day_of_month(year, last_month),
        part=part,
    )


def calendar_year(year: int) -> ReportPeriod:
    """The calendar year, 1 January to 31 December."""
    return calendar_part(YEAR, year)


def half_year(year: int, half: int) -> ReportPeriod:
    """The first (January–June) or second (July–December) half of a year."""
    return calendar_part(HALF, year, half)


def quarter(year: int, number: int) -> ReportPeriod:
    """A quarter of a year: Q1 January–March ... Q4 October–December."""
    return calendar_part(QUARTER, year, number)


def custom(start: dt.date, end: dt.date) -> ReportPeriod:
    """A period of chosen dates, both included.

    Args:
        start: First day.
        end: Last day.

    Returns:
        The period.

    Raises:
        ValueError: The end is before the start, or a year is out of range.
    """
    _check_year(start.year)
    _check_year(end.year)
    if end < start:
        raise ValueError(f"the end {end.isoformat()} is before the start {start.isoformat()}")
    return ReportPeriod(kind=CUSTOM, start=start, end=end, part=0)


def parse_period(text: str) -> ReportPeriod:
    """Read a period written as "2023", "2023-H1" or "2023-Q2" (case and dash optional).

    Args:
        text: The period as typed.

    Returns:
        The period.

    Raises:
        ValueError: The text is none of these forms, with a message saying which are accepted.
    """
    cleaned = text.strip()
    if match := _YEAR_TEXT.match(cleaned):
        return calendar_year(int(match.group(1)))
    if match := _HALF_TEXT.match(cleaned):
        return half_year(int(match.group(1)), int(match.group(2)))
    if match := _QUARTER_TEXT.match(cleaned):
        return quarter(int(match.group(1)), int(match.group(2)))
    raise ValueError(
        f"cannot read the period {cleaned[:40]!r}: write a year (2023), a half-year (2023-H1) "
        "or a quarter (2023-Q2)"
    )


def parse_dates(start_text: str, end_text: str) -> ReportPeriod:
    """Read a custom period from two ISO dates ("2023-01-01", "2023-06-30").

    Args:
        start_text: First day, YYYY-MM-DD.
        end_text: Last day, YYYY-MM-DD.

    Returns:
        The period.

    Raises:
        ValueError: A date cannot be read or the end is before the start.
    """
    days = []
    for name, text in (("start", start_text), ("end", end_text)):
        try:
            days.append(dt.date.fromisoformat(text.strip()))
        except ValueError:
            raise ValueError(
                f"cannot read the {name} date {text.strip()[:40]!r}: write it as YYYY-MM-DD"
            ) from None
    return custom(days[0], days[1])


def previous(period: ReportPeriod) -> ReportPeriod:
    """The comparison period: the same number of days, ending the day before the period.

    This is ``metrics.previous_period``, the rule the overview page's changes use, so the
    report's changes match the dashboard's. For a calendar quarter or half of unequal length
    (or a leap year) it therefore does not start on the 1st of a month; the report always
    states its absolute dates.

    Args:
        period: The reporting period.

    Returns:
        A custom period of equal length.
    """
    first, last = metrics.previous_period(period.start, period.end)
    return ReportPeriod(kind=CUSTOM, start=first, end=last, part=0)


def part_labels(kind: PeriodKind) -> dict[int, str]:
    """The parts of a year a user picks from: {1: "H1 (January–June)", ...}; {} otherwise."""
    if kind == HALF:
        return {1: "H1 (January–June)", 2: "H2 (July–December)"}
    if kind == QUARTER:
        return {
            1: "Q1 (January–March)",
            2: "Q2 (April–June)",
            3: "Q3 (July–September)",
            4: "Q4 (October–December)",
        }
    return {}
