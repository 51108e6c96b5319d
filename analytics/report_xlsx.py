"""The report as an Excel workbook: one sheet per table, typed cells, frozen headers, filters."""

from __future__ import annotations

import io
from typing import Final

import pandas as pd
from openpyxl import Workbook

from analytics import exports, report
from analytics.indicators import section
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


def indicator_sheets(data: ReportData) -> dict[str, pd.DataFrame]:
    """The "Progress against indicators" sheet: one row per valid indicator ({} without)."""
    if data.indicators is None:
        return {}
    return {section.SHEET: section.sheet_table(data.indicators)}


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
    for name, table in {**sheets(data), **indicator_sheets(data)}.items():
        exports.write_sheet(workbook.create_sheet(name), table)
    workbook.properties.title = data.title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
