"""The events as users take them away or read one by one: CSV and Excel files, one event's details."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analytics import display, filters, memo, schema
from analytics.safe_text import safe_link

FILE_STEM = "iisg-events"
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Events"
DATE_FORMAT = "yyyy-mm-dd"
MIN_COLUMN_WIDTH = 8
MAX_COLUMN_WIDTH = 60
# First characters that make a spreadsheet read a CSV cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Display labels of the columns added to ``display.events_table``.
SOURCE_REF_LABEL = display.SOURCE_REF_LABEL
NOTES_LABEL = "Curators' notes"  # as the event card says
SOURCE_LABEL = display.DISPLAY_COLUMNS[schema.SOURCE]
SOURCE_LINK_LABEL = display.DISPLAY_COLUMNS[schema.SOURCE_URL]
ID_LABEL = display.DISPLAY_COLUMNS[schema.ID]
# Characters that markdown (as Streamlit renders it) would read as formatting.


def full_table(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events as the display table with every field, for the page and the files.

    ``display.events_table`` plus the source reference and the curators' notes (after the
    caveats). This function does not mutate its input.

    Args:
        events: Events frame.

    Returns:
        A new frame, one row an event, columns labelled for users.
    """
    table = display.events_table(events)
    position = list(table.columns).index(display.DISPLAY_COLUMNS[schema.CAVEATS]) + 1
    table.insert(position, SOURCE_REF_LABEL, _text_column(events, schema.SOURCE_REF))
    table.insert(position + 1, NOTES_LABEL, _text_column(events, schema.NOTES))
    return table


def _text_column(events: pd.DataFrame, name: str) -> Any:
    return events[name].fillna("").astype(str).values


def browse_table(table: pd.DataFrame) -> pd.DataFrame:
    """Prepare the full table for on-screen browsing: a clickable web link per event.

    "Source link" holds the event's extra link, or its source when that is a web address;
    anything that is not http(s) becomes empty so it is never rendered as a link.

    Args:
        table: The frame of ``full_table``.

    Returns:
        A new frame with the same columns.
    """
    shown = table.copy()
    shown[SOURCE_LINK_LABEL] = _web_links(table[SOURCE_LINK_LABEL], table[SOURCE_LABEL])
    return shown


def _web_links(links: Any, sources: Any) -> list[str | None]:
    """Each event's web link (``browse_table``): its extra link, or its source, if http(s)."""
    # Sources repeat across events: check each distinct (link, source) pair once.
    chosen: dict[tuple[str | None, str | None], str | None] = {}

    def web_link(link: object, source: object) -> str | None:
        key = (link if isinstance(link, str) else None, source if isinstance(source, str) else None)
        if key not in chosen:
            first, second = key
            chosen[key] = safe_link(first) or safe_link(second)
        return chosen[key]

    return [web_link(link, source) for link, source in zip(links, sources, strict=True)]


def _browse_columns(events: pd.DataFrame) -> dict[str, Any]:
    """The columns of ``browse_table(full_table(events))`` before they are made a frame.

    By label, in the table's order; each a list or an array of the values it holds.
    """
    fields = display.events_columns(events)
    columns: dict[str, Any] = {}
    for name, values in fields.items():
        columns[display.DISPLAY_COLUMNS[name]] = values
        if name == schema.CAVEATS:
            columns[SOURCE_REF_LABEL] = _text_column(events, schema.SOURCE_REF)
            columns[NOTES_LABEL] = _text_column(events, schema.NOTES)
    columns[SOURCE_LINK_LABEL] = _web_links(columns[SOURCE_LINK_LABEL], columns[SOURCE_LABEL])
    return columns


class _BrowseRows:
    """The browse table's rows of one loaded dataset's events, each computed once when first shown."""

    def __init__(self, size: int) -> None:
        self.done = np.zeros(size, dtype=bool)
        self.columns: dict[str, np.ndarray] = {}

    def rows(self, events: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
        missing = positions[~self.done[positions]]
        if len(missing):
            # The new rows' values are kept as they are made: a frame of them would only be
            # taken apart again (types inferred, then values read back one by one).
            part = _browse_columns(events.iloc[missing])
            for name, made in part.items():
                if name not in self.columns:
                    self.columns[name] = np.empty(len(self.done), dtype=object)
                values = np.empty(len(missing), dtype=object)
                values[:] = np.asarray(made, dtype=object)
                # Missing as None, as browse_table writes it before pandas infers the type.
                values[pd.isna(values)] = None
                self.columns[name][missing] = values
            self.done[missing] = True
        # Each column's type inferred from its values, as browse_table's columns are.
        return pd.DataFrame({name: values[positions] for name, values in self.columns.items()})


@memo.per_frames(size=2)
def _browse_rows(events: pd.DataFrame) -> _BrowseRows:
    return _BrowseRows(len(events))


def browse_rows(all_events: pd.DataFrame, listed: pd.DataFrame) -> pd.DataFrame:
    """``browse_table(full_table(listed))``, each event's row computed once per loaded dataset.

    A filter change on the Events page lists mostly events listed before: their rows (dates as
    text, joined lists, the checked web link) are taken from those computed then. This function
    does not mutate its inputs.

    Args:
        all_events: The dataset's events frame (all events; never changed once loaded).
        listed: Rows of `all_events` (a filtered view, with its index labels).

    Returns:
        The browse table of `listed`, in its order.
    """
    positions = all_events.index.get_indexer(listed.index)
    if not len(positions) or (positions < 0).any():
        return browse_table(full_table(listed))  # Not rows of all_events: nothing to reuse.
    return _browse_rows(all_events).rows(all_events, positions)


def event_id_at(table: pd.DataFrame, rows: list[int]) -> str | None:
    """Return the event id of the first selected row of a table (positions as st.dataframe gives).

    Args:
        table: A table with the "Event id" column, as shown.
        rows: Selected row positions.

    Returns:
        The event id, or None when nothing (valid) is selected.
    """
    for row in rows:
        if 0 <= row < len(table):
            return str(table[ID_LABEL].iloc[row])
    return None


def export_file_name(event_filter: filters.EventFilter, extension: str) -> str:
    """Name a download after the filter's period: "iisg-events-2023.csv".

    "-filtered" is added when other filters than the period are set, so two different
    downloads of the same year are not mistaken for one another.

    Args:
        event_filter: The filter the table was made with.
        extension: "csv" or "xlsx".

    Returns:
        The file name.
    """
    period = event_filter.period
    if period.isdigit():
        label = period
    elif event_filter.start is None and event_filter.end is None:
        label = "all"
    else:
        first = event_filter.start.isoformat() if event_filter.start else "start"
        last = event_filter.end.isoformat() if event_filter.end else "end"
        label = f"{first}-to-{last}"
    rest = filters.EventFilter(
        pillars=event_filter.pillars,
        event_types=event_filter.event_types,
        roles=event_filter.roles,
        countries=event_filter.countries,
        cities=event_filter.cities,
        partners=event_filter.partners,
        partner_kinds=event_filter.partner_kinds,
        text=event_filter.text.strip(),
    )
    suffix = "" if rest.is_empty else "-filtered"
    return f"{FILE_STEM}-{label}{suffix}.{extension}"


def neutralise_cell(value: Any) -> Any:
    """Return a CSV cell a spreadsheet will not run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel,
    LibreOffice and Google Sheets read as a formula (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``);
    such text gets a leading apostrophe, as OWASP's advice on CSV injection recommends, so it
    shows as text. Numbers, dates and other text are returned unchanged.

    Args:
        value: One cell.

    Returns:
        The cell, neutralised when it is dangerous text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Return the table with every text cell (and header) passed through ``neutralise_cell``.

    This method does not mutate the original DataFrame.

    Args:
        table: Any table about to be written as CSV.

    Returns:
        A table of the same shape whose text cannot start a formula.
    """
    safe = table.rename(columns=neutralise_cell)
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_datetime64_any_dtype(
            column.dtype
        ):
            continue
        if isinstance(column.dtype, pd.StringDtype):
            dangerous = column.str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
            if dangerous.any():
                safe.isetitem(position, column.mask(dangerous, "'" + column))
        else:
            safe.isetitem(position, column.map(neutralise_cell))
    return safe


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """Write a table as CSV bytes, with formula-like text neutralised.

    Every CSV the app offers goes through here, so no cell of any download can run as a
    spreadsheet formula (see ``neutralise_cell``).

    Args:
        table: The table (e.g. ``full_table``).

    Returns:
        UTF-8 CSV with a byte-order mark, one header row, no index.
    """
    # Excel guesses a legacy code page for CSV without a byte-order mark, turning "Priština"
    # into "PriÅ¡tina"; the BOM makes it read UTF-8. pandas and other tools skip it.
    safe = neutralise_formulas(table)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def events_csv_bytes(events: pd.DataFrame) -> bytes:
    """The events as a CSV file of ``full_table`` (every field), for a download."""
    return to_csv_bytes(full_table(events))


def events_xlsx_bytes(events: pd.DataFrame) -> bytes:
    """The events as an Excel workbook of ``full_table`` (every field), for a download."""
    return to_xlsx_bytes(full_table(events))


def cell_value(value: Any) -> tuple[Any, bool]:
    """Return the value to write and whether it is a date."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None, False
    if isinstance(value, pd.Timestamp):
        return value.date(), True
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, bool | int | float):
        return value, False
    if isinstance(value, list | tuple):
        value = display.join_list(value)
    # XML cannot hold control characters; openpyxl refuses them.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value)), False


def write_sheet(sheet: Worksheet, table: pd.DataFrame, first_row: int = 1) -> None:
    """Write a table to an empty worksheet: typed cells, bold frozen header, filter, widths.

    Dates become date cells and text is always a text cell, never a formula (a title such as
    "=1+1" stays text). Used by the Events download and by every sheet of the XLSX report.

    Args:
        sheet: An empty worksheet.
        table: The table; its column names are the header.
        first_row: The row of the header (rows above it are left for a title).
    """
    widths = [len(str(name)) for name in table.columns]
    for column, name in enumerate(table.columns, start=1):
        header = sheet.cell(row=first_row, column=column, value=cell_value(name)[0])
        header.data_type = "s"
        header.font = Font(bold=True)
        header.alignment = Alignment(vertical="top", wrap_text=True)
    rows = table.itertuples(index=False, name=None)
    for row_number, row in enumerate(rows, start=first_row + 1):
        for column, raw in enumerate(row, start=1):
            value, is_date = cell_value(raw)
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value
            if is_date:
                cell.number_format = DATE_FORMAT
                text_length = len(DATE_FORMAT)
            else:
                if isinstance(value, str):
                    # openpyxl would store text starting with "=" as a formula, and Excel
                    # evaluates typed "+", "-", "@" too; a text cell is never evaluated.
                    cell.data_type = "s"
                text_length = len(str(value))
            widths[column - 1] = max(widths[column - 1], text_length)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(
            MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, width + 2)
        )
    sheet.freeze_panes = f"A{first_row + 1}"
    last_column = get_column_letter(max(1, len(table.columns)))
    sheet.auto_filter.ref = f"A{first_row}:{last_column}{len(table) + first_row}"


def to_xlsx_bytes(table: pd.DataFrame) -> bytes:
    """Write a table as an Excel workbook.

    Dates are real date cells, the header row is frozen and has an autofilter, columns are
    sized to their content. Text is always written as a text cell, so a title such as "=1+1"
    or "@SUM(A1)" is never run as a formula (spreadsheet formula injection).

    Args:
        table: The table (e.g. ``full_table``).

    Returns:
        The .xlsx file's bytes.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    write_sheet(sheet, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
