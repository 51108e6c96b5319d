"""The reports' "Progress against indicators" section: its title, notes and tables, for any format."""

from __future__ import annotations

from typing import Final

import pandas as pd

from analytics.indicators import compute
from analytics.indicators.compute import ResultsData
from analytics.words import count_text

TITLE: Final = "Progress against indicators"
SHEET: Final = "Indicators"
COL_EVENT_IDS: Final = "Event ids"
# An Excel cell holds at most 32,767 characters; the list of event ids stops before that.
MAX_IDS_CHARS: Final = 32_000
# The compact table of the Word and web reports (the spreadsheet has every column).
DOCUMENT_COLUMNS: Final = (
    compute.COL_INDICATOR,
    compute.COL_VALUE,
    compute.COL_PREVIOUS,
    compute.COL_BASELINE,
    compute.COL_TARGET,
    compute.COL_PROGRESS,
    compute.COL_STATUS,
)
DEFINITION_COLUMNS: Final = (
    compute.COL_ID,
    compute.COL_INDICATOR,
    compute.COL_COUNTS,
    compute.COL_UNIT,
)


def notes(results: ResultsData) -> list[str]:
    """The sentences that introduce the section: what is counted, the rule, what is left out.

    Args:
        results: The indicators computed for the report's period and filters.

    Returns:
        Paragraphs, in order.
    """
    left_out = len(results.problems)
    paragraphs = [
        f"The indicators of {results.source.name}, computed from the events for "
        f"{results.period.label} ({results.period.dates_text}) and compared with "
        f"{results.previous_period.dates_text}. {compute.COUNTING_RULE}",
        f"Progress rule. {compute.PROGRESS_RULE}",
    ]
    if results.narrowed_by:
        paragraphs.append(
            f"The report's filters ({results.narrowed_by}) narrow every indicator; progress is "
            "not judged, as the targets are set for the whole indicator."
        )
    if not any(result.target is not None for result in results.results):
        paragraphs.append(
            f"No targets are set for {results.period.label} in {results.source.name}."
        )
    if left_out:
        paragraphs.append(
            f"{results.source.name} has {count_text(left_out, 'problem')}; the "
            "indicators concerned are left out (see the Results page of the dashboard)."
        )
    return paragraphs


def document_table(results: ResultsData) -> pd.DataFrame:
    """The compact table of the Word and web reports, values as text (baseline with its year)."""
    table = results.table(as_text=True)
    table[compute.COL_BASELINE] = [
        value if not year else f"{value} ({year})"
        for value, year in zip(
            table[compute.COL_BASELINE], table[compute.COL_BASELINE_YEAR], strict=True
        )
    ]
    return table[list(DOCUMENT_COLUMNS)]


def definitions_table(results: ResultsData) -> pd.DataFrame:
    """What each indicator counts: id, name, measure and filter, unit."""
    return results.table(as_text=True)[list(DEFINITION_COLUMNS)]


def sheet_table(results: ResultsData) -> pd.DataFrame:
    """The spreadsheet's table: one row per valid indicator, numbers as numbers, event ids.

    Args:
        results: The indicators of the report.

    Returns:
        ``ResultsData.table()`` with a last column listing the ids of the events counted.
    """
    table = results.table()
    listed = []
    for result in results.results:
        names = results.counted_ids(result)
        text = "; ".join(names)
        if len(text) > MAX_IDS_CHARS:
            cut = text[:MAX_IDS_CHARS].rsplit("; ", 1)[0]
            shown = cut.count("; ") + 1
            text = f"{cut}; … and {len(names) - shown:,} more"
        listed.append(text)
    table[COL_EVENT_IDS] = listed
    return table
