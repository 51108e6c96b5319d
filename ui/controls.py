"""Widgets shared by pages: period length, a picker that follows chart clicks, download buttons,
long tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from analytics import display, exports, periods, timeline


def granularity_control(key: str, default: str = timeline.QUARTER) -> str:
    """Draw the "Count events per" month / quarter / year switch.

    The step follows the period: when the period calls for another step than it did on the
    last run (months up to 18 months, quarters up to four years, years beyond), the switch
    moves to it; a step the user picked stays until the period changes.

    Args:
        key: The widget key (one per page, so each page keeps its own choice).
        default: The step the period calls for (``timeline.activity_step``).

    Returns:
        The chosen granularity.
    """
    # The step the period last called for, beside the widget's own state.
    called_for = f"_{key}_called_for"
    if st.session_state.get(called_for) != default:
        if key in st.session_state:
            st.session_state[key] = default
        st.session_state[called_for] = default
    granularity = st.segmented_control(
        "Count events per",
        timeline.GRANULARITIES,
        default=default,
        required=True,
        key=key,
    )
    return granularity or default


def picker_following_clicks(
    label: str,
    options: Mapping[str, str],
    *,
    key: str,
    clicked: str | None,
    last_click_key: str,
    placeholder: str,
) -> str | None:
    """Draw a selectbox that a click elsewhere (chart point, table row) moves once.

    A new click sets the choice; the same click seen again on a later rerun does not, so a
    choice made in the selectbox afterwards stays. A choice no longer among the options (the
    filters changed) is dropped.

    Args:
        label: The selectbox's label.
        options: Option id -> text shown.
        key: The selectbox's widget key.
        clicked: The id of the option clicked elsewhere in this run, if any.
        last_click_key: Session-state key remembering the last click handled.
        placeholder: Text shown while nothing is chosen.

    Returns:
        The chosen option id, or None.
    """
    state = st.session_state
    if clicked is not None and clicked in options and clicked != state.get(last_click_key):
        # Set before the selectbox is drawn: Streamlit allows it then, and the choice stays editable.
        state[key] = clicked
    state[last_click_key] = clicked
    if state.get(key) is not None and state[key] not in options:
        del state[key]
    return st.selectbox(
        label,
        list(options),
        index=None,
        format_func=options.__getitem__,
        placeholder=placeholder,
        key=key,
    )


# A table's row and header heights in pixels (Streamlit's data grid), and the most a long
# table takes: about the height of a laptop screen, so it fills the view without trapping
# the page's scrolling inside it.
ROW_PX = 35
HEADER_PX = 38
TALL_TABLE_PX = 720
# A metric's width: a label of about 24 characters and a date such as "17 Oct 2023" fit.
METRIC_PX = 180


def table_height(rows: int, most: int = TALL_TABLE_PX) -> int:
    """The height that shows every row of a table, up to `most` pixels.

    Args:
        rows: The table's rows.
        most: The tallest the table may be.

    Returns:
        Pixels for ``st.dataframe(height=...)``.
    """
    return min(most, HEADER_PX + ROW_PX * max(rows, 1) + 2)


def metric_row(count: int) -> list[Any]:
    """Slots for metrics side by side that wrap onto more rows when the window is narrow.

    Use it as ``st.columns``: ``slots = metric_row(3); slots[0].metric(...)``. Each slot is
    wide enough for a label of about 24 characters, so no label or value is cut.

    Args:
        count: How many metrics.

    Returns:
        One container a metric.
    """
    row = st.container(horizontal=True, gap="small")
    return [row.container(width=METRIC_PX) for _ in range(count)]


@dataclass(frozen=True)
class Download:
    """One file offered for download, built only when its button is clicked."""

    label: str
    build: Callable[[], bytes]
    file_name: str
    mime: str
    icon: str
    key: str
    help: str


def download_buttons(downloads: Sequence[Download], widths: Sequence[float] | None = None) -> None:
    """Draw download buttons side by side, each as wide as its label, wrapping onto more rows
    on a narrow window (in columns, a label was squeezed to a word a line).

    Args:
        downloads: The files, in order.
        widths: Not used any more (the buttons take the width of their labels); accepted so
            that calls written for columns still work.
    """
    del widths
    row = st.container(horizontal=True, gap="small")
    for download in downloads:
        row.download_button(
            download.label,
            data=download.build,
            file_name=download.file_name,
            mime=download.mime,
            # Heavy files are built on click, and clicking does not rerun the page.
            on_click="ignore",
            icon=download.icon,
            key=download.key,
            help=download.help,
        )


def long_table(
    table: pd.DataFrame,
    *,
    key: str,
    noun: str,
    file_name: str,
    column_config: Mapping[str, Any] | None = None,
) -> None:
    """Show a table of any length: over ``display.MAX_TABLE_EVENTS`` rows, the first ones,
    a note and a CSV download of every row (built when clicked).

    Every row shown is sent to the browser; tens of thousands of rows would make a page slow
    to draw and the server hold a large message, and nobody reads them on screen.

    Args:
        table: The rows, in the order to show them.
        key: Widget key of the table (the download's key is derived from it).
        noun: What a row is, plural ("events lacking a fact").
        file_name: Name of the downloaded CSV file.
        column_config: Passed to ``st.dataframe``.
    """
    limit = display.MAX_TABLE_EVENTS
    st.dataframe(
        table.head(limit),
        hide_index=True,
        width="stretch",
        key=key,
        column_config=dict(column_config or {}),
    )
    if len(table) > limit:
        st.caption(f"The first {limit:,} of {len(table):,} {noun} are shown; the CSV has them all.")
        download_buttons(
            [
                Download(
                    f"Download all {len(table):,} as CSV",
                    partial(exports.to_csv_bytes, table),
                    file_name,
                    exports.CSV_MIME,
                    icon=":material/download:",
                    key=f"{key}_csv",
                    help=f"Every row of this table: all {len(table):,} {noun}.",
                )
            ],
            widths=[1, 2],
        )


# Short enough for the four choices to fit side by side at 390 px ("Custom dates" was cut off).
SHORT_KIND_LABELS = {
    periods.YEAR: "Year",
    periods.HALF: "Half-year",
    periods.QUARTER: "Quarter",
    periods.CUSTOM: "Dates",
}


def report_period_control(years: Sequence[int], key_prefix: str) -> periods.ReportPeriod | None:
    """Draw the reporting-period picker: calendar year, half-year, quarter or custom dates.

    Args:
        years: The years offered, newest first (the current year when empty).
        key_prefix: Prefix of the widget keys (one per page: "results" gives "results_year"...).

    Returns:
        The period; None (after an error message) when custom dates end before they start.
    """
    offered = list(years) or [dt.date.today().year]
    left, middle, right = st.columns([3, 1, 2])
    with left:
        kind = st.segmented_control(
            "Reporting period",
            periods.KINDS,
            format_func=SHORT_KIND_LABELS.__getitem__,
            default=periods.YEAR,
            required=True,
            key=f"{key_prefix}_period_kind",
        )
    kind = kind or periods.YEAR
    if kind == periods.CUSTOM:
        with middle:
            start = st.date_input(
                "From",
                value=dt.date(offered[0], 1, 1),
                key=f"{key_prefix}_from",
                format="YYYY-MM-DD",
            )
        with right:
            end = st.date_input(
                "To", value=dt.date(offered[0], 12, 31), key=f"{key_prefix}_to", format="YYYY-MM-DD"
            )
        try:
            return periods.custom(start, end)  # type: ignore[arg-type]
        except ValueError as error:
            st.error(f"Choose other dates: {error}.", icon=":material/event_busy:")
            return None
    with middle:
        year = st.selectbox("Year", offered, key=f"{key_prefix}_year")
    parts = periods.part_labels(kind)
    part: int | None = 1
    if parts:
        part_key = f"{key_prefix}_part"
        # A quarter 3 or 4 has no half-year: fall back to the first part when the kind changes.
        if st.session_state.get(part_key) not in parts:
            st.session_state[part_key] = 1
        with right:
            part = st.selectbox(
                "Part", list(parts), format_func=lambda number: parts[number], key=part_key
            )
    return periods.calendar_part(kind, int(year), int(part or 1))
