"""Find the dates written in English prose ("on 25th of April 2023", "14-15 August 2023")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_ABBREVIATIONS = {"sept": 9, **{name[:3]: number for name, number in _MONTHS.items()}}
MONTH_NUMBERS = {**_ABBREVIATIONS, **_MONTHS}

# Longest names first, so "September" is not read as "Sep" followed by "tember".
_MONTH = r"(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s*(?:-|–|—|to|until|till)\s*"
_OF = r"(?:\s+of)?"

# Each pattern names its groups: d1, m1, y1 (start) and d2, m2, y2 (end); a missing start month
# or year is the end's. Ordered from the most to the least specific: the first that matches at
# a position wins.
_PATTERNS = [
    # 30 November 2017 - 1 December 2017
    rf"(?P<d1>{_DAY}){_OF}\s+(?P<m1>{_MONTH}),?\s+(?P<y1>{_YEAR}){_DASH}(?:the\s+)?"
    rf"(?P<d2>{_DAY}){_OF}\s+(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR})",
    # 30 November - 1 December 2017
    rf"(?P<d1>{_DAY}){_OF}\s+(?P<m1>{_MONTH}){_DASH}(?:the\s+)?"
    rf"(?P<d2>{_DAY}){_OF}\s+(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR})",
    # 14-15 August 2023, 9th and 10th of May 2023, 25 to 27 April 2023
    rf"(?P<d1>{_DAY})(?:{_DASH}|\s+and\s+)(?:the\s+)?(?P<d2>{_DAY}){_OF}\s+"
    rf"(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR})",
    # 25th of April 2023, 25 April 2023, 12th September, 2023
    rf"(?P<d1>{_DAY}){_OF}\s+(?P<m1>{_MONTH}),?\s+(?P<y1>{_YEAR})",
    # April 25 - May 2, 2023
    rf"(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}){_DASH}(?P<m2>{_MONTH})\s+(?P<d2>{_DAY}),?\s+"
    rf"(?P<y2>{_YEAR})",
    # April 25-27, 2023
    rf"(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})",
    # April 25, 2023
    rf"(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}),?\s+(?P<y1>{_YEAR})",
    # 2023-04-25 (ISO)
    r"(?P<iy>(?:19|20)\d{2})-(?P<im>[01]\d)-(?P<id>[0-3]\d)",
    # 25.04.2023, 25/04/2023, 14.-15.08.2023 (day first, as written in Europe)
    rf"(?P<nd1>[0-3]?\d)\.?{_DASH}(?P<nd2>[0-3]?\d)[./](?P<nm2>[01]?\d)[./](?P<ny2>{_YEAR})",
    rf"(?P<nd1>[0-3]?\d)[./](?P<nm1>[01]?\d)[./](?P<ny1>{_YEAR})",
]
_REGEXES = [
    re.compile(r"(?<![\w.])" + pattern + r"(?![\w])", re.IGNORECASE) for pattern in _PATTERNS
]
# Words just before a date that say it is not the event's own date (a later meeting, a deadline).
_ELSEWHERE = re.compile(
    r"\b(?:forthcoming|upcoming|next|following|future|planned|scheduled|deadline|due|by|"
    r"until|since|before|after|previous|last|earlier|dated|adopted|signed|posted|published)\b"
    r"[^.;]{0,40}$",
    re.IGNORECASE,
)
_ON_BEFORE = re.compile(r"\b(?:on|held|from|between|dates?|date:)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """One date or date range found in a text."""

    start: dt.date
    end: dt.date | None
    position: int
    text: str
    after_on: bool
    elsewhere: bool

    @property
    def span(self) -> tuple[dt.date, dt.date | None]:
        """The (start, end) pair; end is None for a one-day mention."""
        return self.start, self.end


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _month(text: str) -> int:
    return MONTH_NUMBERS[text.rstrip(".").casefold()]


def _dates(match: re.Match[str]) -> tuple[dt.date, dt.date | None] | None:
    """Turn a match into (start, end), or None when the date does not exist (31 June)."""
    parts = match.groupdict()
    try:
        if parts.get("iy"):
            return dt.date(int(parts["iy"]), int(parts["im"]), int(parts["id"])), None
        if parts.get("ny1"):
            return dt.date(int(parts["ny1"]), int(parts["nm1"]), int(parts["nd1"])), None
        if parts.get("ny2"):
            year, month = int(parts["ny2"]), int(parts["nm2"])
            start = dt.date(year, month, int(parts["nd1"]))
            return start, dt.date(year, month, int(parts["nd2"]))
        end_year = parts.get("y2")
        if end_year is None:
            start = dt.date(int(parts["y1"]), _month(parts["m1"]), _number(parts["d1"]))
            return start, None
        end_month = _month(parts.get("m2") or parts["m1"])
        end = dt.date(int(end_year), end_month, _number(parts["d2"]))
        start_month = _month(parts["m1"]) if parts.get("m1") else end_month
        start_year = int(parts["y1"]) if parts.get("y1") else end.year
        start = dt.date(start_year, start_month, _number(parts["d1"]))
        if start > end and not parts.get("y1") and start_month > end_month:
            # "30 December - 2 January 2024": the start is in the year before.
            start = start.replace(year=end.year - 1)
    except (ValueError, KeyError):
        return None
    if start > end:
        return None
    return start, (end if end != start else None)


def find_dates(text: str) -> list[DateMention]:
    """Find every full date (day, month and year) and date range in a text, in reading order.

    Year ranges ("2024-2026") and years alone ("for 2021 and 2022") are not dates and are
    ignored; so are dates without a year ("14th September"), since the year would be a guess.

    Args:
        text: Prose, e.g. one paragraph of the IISG Events page.

    Returns:
        The mentions, ordered by position, never overlapping.
    """
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for regex in _REGEXES:
        for match in regex.finditer(text):
            begin, finish = match.span()
            if any(begin < end and start < finish for start, end in taken):
                continue
            dates = _dates(match)
            if dates is None:
                continue
            taken.append((begin, finish))
            before = text[max(0, begin - 60) : begin]
            sentence_before = re.split(r"[.;]\s", before)[-1]
            mentions.append(
                DateMention(
                    start=dates[0],
                    end=dates[1],
                    position=begin,
                    text=match.group(0),
                    after_on=bool(_ON_BEFORE.search(before)),
                    elsewhere=bool(_ELSEWHERE.search(sentence_before)),
                )
            )
    return sorted(mentions, key=lambda mention: mention.position)


def event_dates(text: str) -> tuple[DateMention | None, bool]:
    """Choose the date of the event itself among the dates a text mentions.

    A date written after "on" ("on 27th of April 2023") is preferred, then the first date;
    dates introduced as something else ("the forthcoming Board meeting on ...", "by 1 May
    2023") come last.

    Args:
        text: The event's text.

    Returns:
        The chosen mention (None when the text has no full date) and whether the choice is
        unsure (no date, or several different dates to choose from).
    """
    mentions = find_dates(text)
    if not mentions:
        return None, True
    ranked = sorted(
        mentions, key=lambda mention: (mention.elsewhere, not mention.after_on, mention.position)
    )
    chosen = ranked[0]
    others = {mention.span for mention in mentions if mention.span != chosen.span}
    unsure = chosen.elsewhere or bool(others and not chosen.after_on)
    return chosen, unsure


def parse_date_phrase(phrase: str) -> tuple[dt.date, dt.date | None] | None:
    """Read one date phrase ("14-15 August 2023", "On 27 February 2023", "25.04.2023").

    Args:
        phrase: A short text holding one date or date range.

    Returns:
        (start, end), end None for a single day; None when the phrase holds no full date.
    """
    chosen, _ = event_dates(phrase)
    return chosen.span if chosen else None
