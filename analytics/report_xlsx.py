"""The report as an Excel workbook: one sheet per table, typed cells, frozen headers, filters."""

from __future__ import annotations

import io
from typing import Final

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analytics import exports, report
from analytics.report import ReportData

XLSX_MIME: Final = exports.XLSX_MIME
SHEET_SUMMARY: Final = "Summary"
SHEET_PILLARS: Final = "Pillars"
SHEET_GROUPS: Final = "Pillar groups"
SHEET_WB: Final = "Western Balkans"
SHEET_PARTNERS: Final = "Partners"
SHEET_KINDS: Final = "Partner kinds"
SHEET_EVENTS: Final = "Events"
SHEET_NARRATIVE: Final = "Narrative"
SHEET_ABOUT: Final = "About"
COL_SENTENCE: Final = "Sentence"


def write_sheet(sheet: Worksheet, table: pd.DataFrame) -> None:
    """Write a table to a sheet the way ``exports.to_xlsx_bytes`` writes its one sheet.

    Dates become date cells, text is always a text cell (never a formula), the header row is
    bold and frozen, an autofilter covers the table and columns are sized to their content.
    (``exports.to_xlsx_bytes`` makes a one-sheet workbook; the report needs several sheets,
    so the same cell rules, ``exports.cell_value``, are applied here sheet by sheet.)

    Args:
        sheet: An empty worksheet.
        table: The table; its column names are the header.
    """
    widths = [len(str(name)) for name in table.columns]
    for column, name in enumerate(table.columns, start=1):
        header = sheet.cell(row=1, column=column, value=exports.cell_value(name)[0])
        header.data_type = "s"
        header.font = Font(bold=True)
        header.alignment = Alignment(vertical="top", wrap_text=True)
    for row_number, row in enumerate(table.itertuples(index=False, name=None), start=2):
        for column, raw in enumerate(row, start=1):
            value, is_date = exports.cell_value(raw)
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value
            if is_date:
                cell.number_format = exports.DATE_FORMAT
                length = len(exports.DATE_FORMAT)
            else:
                if isinstance(value, str):
                    # A title such as "=1+1" must stay text, never become a formula.
                    cell.data_type = "s"
                length = len(str(value))
            widths[column - 1] = max(widths[column - 1], length)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(
            exports.MAX_COLUMN_WIDTH, max(exports.MIN_COLUMN_WIDTH, width + 2)
        )
    sheet.freeze_panes = "A2"
    last_column = get_column_letter(max(1, len(table.columns)))
    sheet.auto_filter.ref = f"A1:{last_column}{len(table) + 1}"


def sheets(data: ReportData) -> dict[str, pd.DataFrame]:
    """The workbook's sheets in order: name -> table.

    Args:
        data: The report.

    Returns:
        Sheet name -> table (the same tables the DOCX and HTML show).
    """
    return {
        SHEET_SUMMARY: data.headline_table(),
        SHEET_PILLARS: data.pillar_table,
        SHEET_GROUPS: data.group_table,
        SHEET_WB: data.wb_table,
        SHEET_KINDS: data.kind_table,
        SHEET_PARTNERS: data.partner_table,
        SHEET_EVENTS: data.events,
        SHEET_NARRATIVE: pd.DataFrame({COL_SENTENCE: list(data.narrative)}),
        SHEET_ABOUT: pd.concat(
            [
                data.about_table(),
                pd.DataFrame(
                    [
                        (
                            f"{report.WB_GROUP} (group)",
                            f"took part in {report.count_text(data.wb_group_events, 'event')}",
                        ),
                        ("Previous period", report.PREVIOUS_NOTE),
                        ("Pillar groups", report.GROUP_NOTE),
                        ("Western Balkans", report.WB_NOTE),
                    ],
                    columns=[report.COL_ITEM, report.COL_VALUE],
                ),
            ],
            ignore_index=True,
        ),
    }


def to_xlsx_bytes(data: ReportData) -> bytes:
    """Write the report as an .xlsx workbook.

    Args:
        data: The report.

    Returns:
        The file's bytes.
    """
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for name, table in sheets(data).items():
        write_sheet(workbook.create_sheet(name), table)
    workbook.properties.title = data.title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
