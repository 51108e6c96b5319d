"""The sources' caveats: which events carry them, and which figures they may understate."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import numpy as np
import pandas as pd

from analytics import display, schema
from analytics.words import count_text

# The mark of an event whose sources leave doubts, with the number of its caveats ("⚠ 2"),
# the same in the pages' tables and in the report's annex.
MARK: Final = "⚠"
MARK_LABEL: Final = "Source caveats"

# Which caveats say that the event's participants may not all be named. Read from the
# curators' caveat texts in data/events.yaml (and the importer's, analytics/ingest/limits.py):
#   "Source text truncated; other participants may not be listed."
#   "Participants not named in the source."
#   "Some participants not named: EU institutions and agencies ... also attended."
#   "Support Group members took part but are not named in the source."
# A count of partners over such an event is a lower bound ("at least 17 partners"). Caveats
# about a place, a date, an organiser or the pillars ("Pillars not named: ...", "Organiser
# not named in the source.") do not touch the partner counts and do not match.
_PARTICIPANTS_MISSING: Final = (
    re.compile(r"\btruncated\b", re.IGNORECASE),
    re.compile(r"\b(participants|members)\b.*\bnot\b.*\b(named|listed)\b", re.IGNORECASE),
)


def caveat_count(caveats: object) -> int:
    """The number of caveats of one event's ``caveats`` cell (0 when missing)."""
    return len(caveats) if isinstance(caveats, tuple | list) else 0


def mark(caveats: object) -> str:
    """The mark of one event: "⚠ 2" for two caveats, "" for none.

    Args:
        caveats: The event's ``caveats`` cell (a tuple of texts, or missing).

    Returns:
        The mark.
    """
    count = caveat_count(caveats)
    return f"{MARK} {count}" if count else ""


def marks(events: pd.DataFrame) -> list[str]:
    """``mark`` of every event, in order."""
    return [mark(value) for value in events[schema.CAVEATS]]


def has_caveats(events: pd.DataFrame) -> np.ndarray:
    """Which events carry at least one caveat (a boolean per event, in order)."""
    return np.array([caveat_count(value) > 0 for value in events[schema.CAVEATS]], dtype=bool)


def says_participants_missing(caveat: str) -> bool:
    """Whether a caveat says the event's participants may not all be named (see the rule above).

    Args:
        caveat: One caveat text.

    Returns:
        True for "Source text truncated; other participants may not be listed." and the like.
    """
    return any(pattern.search(caveat) for pattern in _PARTICIPANTS_MISSING)


def participants_missing(events: pd.DataFrame) -> np.ndarray:
    """Which events have a caveat saying their participants may not all be named."""
    # The same few caveat texts recur across thousands of events: each is read once.
    known: dict[str, bool] = {}

    def missing(text: str) -> bool:
        if text not in known:
            known[text] = says_participants_missing(text)
        return known[text]

    return np.array(
        [
            isinstance(value, tuple | list) and any(missing(str(c)) for c in value)
            for value in events[schema.CAVEATS]
        ],
        dtype=bool,
    )


def at_least(number: int, lower_bound: bool) -> str:
    """A count as the sources support it: "at least 17" when it is a lower bound, else "17"."""
    return f"at least {number}" if lower_bound else str(number)


def lower_bound_note(missing: int, events: int) -> str:
    """The note under a partner count that may be too low ("" when none of its events is concerned).

    Args:
        missing: Events whose sources may not name every participant.
        events: Events counted.

    Returns:
        E.g. "At least: the sources of 9 of the 12 events may not name every participant."
    """
    if not missing:
        return ""
    return (
        f"At least: the sources of {missing} of the {count_text(events, 'event')} may not name "
        "every participant."
    )


# Columns of ``caveats_table``.
COL_NUMBER: Final = "No."
COL_DATES: Final = display.DISPLAY_COLUMNS["dates"]
COL_TITLE: Final = display.DISPLAY_COLUMNS[schema.TITLE]
COL_CAVEAT: Final = "Caveat"


def caveats_table(events: pd.DataFrame, numbers: Iterable[int] | None = None) -> pd.DataFrame:
    """One row per caveat of the events, in the events' order, numbered as a list of them.

    Args:
        events: The events, in the order they are listed (e.g. the report's annex).
        numbers: The events' numbers in that list; 1, 2, 3... when None.

    Returns:
        Columns "No.", "Dates", "Title", "Caveat".
    """
    numbering = list(numbers) if numbers is not None else list(range(1, len(events) + 1))
    dates = display.format_date_ranges(events[schema.START_DATE], events[schema.END_DATE])
    rows = [
        {COL_NUMBER: number, COL_DATES: when, COL_TITLE: str(title), COL_CAVEAT: str(caveat)}
        for number, when, title, values in zip(
            numbering, dates, events[schema.TITLE], events[schema.CAVEATS], strict=True
        )
        for caveat in (values if isinstance(values, tuple | list) else ())
    ]
    return pd.DataFrame(rows, columns=[COL_NUMBER, COL_DATES, COL_TITLE, COL_CAVEAT])
