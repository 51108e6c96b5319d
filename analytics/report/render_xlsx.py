"""The report as an Excel workbook: one sheet per table, each printable on landscape A4."""

from __future__ import annotations

import io
from typing import Final

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from analytics import exports
from analytics.indicators import section
from analytics.report import model
from analytics.report.model import ReportData

XLSX_MIME: Final = exports.XLSX_MIME
SHEET_SUMMARY: Final = "Summary"
SHEET_NARRATIVE: Final = "Narrative"
SHEET_PILLARS: Final = "Pillars"
SHEET_GROUPS: Final = "Pillar groups"
SHEET_WB: Final = "Western Balkans"
SHEET_PARTNERS: Final = "Partners"
SHEET_KINDS: Final = "Partner kinds"
SHEET_PLACES: Final = "Host cities"
SHEET_EVENTS: Final = "Events"
SHEET_CAVEATS: Final = "Source caveats"
SHEET_ABOUT: Final = "About"
COL_HEADING: Final = "Heading"
COL_PARAGRAPH: Final = "Paragraph"
# Rows 1-2 hold the title and the period and filters; the table's header is row 3. All three
# are repeated at the top of every printed page.
TITLE_ROWS: Final = 2
HEADER_ROW: Final = TITLE_ROWS + 1
# A landscape A4 page holds about 135 characters of the default font across at 100 %; a sheet
# is kept under 170 (printed at 80 % or more): wider ones have their widest columns narrowed
# (their text wraps) rather than the print shrunk.
WIDTH_BUDGET: Final = 170
# Columns of long text that get twice the room of the others when a sheet is narrowed.
WIDE_COLUMNS: Final = frozenset(
    {"Title", model.ANNEX_PARTNERS, "Caveat", COL_PARAGRAPH, model.COL_VALUE}
    | {section.COL_EVENT_IDS}
)
MIN_WIDTH: Final = 8
PARAGRAPH_WIDTH: Final = 110
LINE_HEIGHT: Final = 15
BOLD_ROOM: Final = 0.8


def sheets(data: ReportData) -> dict[str, pd.DataFrame]:
    """The workbook's sheets in order: name -> table.

    Args:
        data: The report.

    Returns:
        Sheet name -> table (the same tables the DOCX and HTML show).
    """
    notes = [
        ("Previous period", model.PREVIOUS_NOTE),
        ("Pillar groups", model.GROUP_NOTE),
        ("Western Balkans", model.WB_NOTE),
    ]
    if data.partners_note:
        notes.append(("Partner counts", data.partners_note))
    notes.append(("Kosovo*", data.footnote))
    return {
        SHEET_SUMMARY: data.headline_table(),
        SHEET_NARRATIVE: pd.DataFrame(
            {
                COL_HEADING: [p.heading for p in data.narrative],
                COL_PARAGRAPH: [p.text for p in data.narrative],
            }
        ),
        SHEET_PILLARS: data.pillar_table,
        SHEET_GROUPS: data.group_table,
        SHEET_WB: data.wb_table,
        SHEET_KINDS: data.kind_table,
        SHEET_PARTNERS: data.partner_table,
        SHEET_PLACES: data.places_table,
        # Real dates in Start and End; the annex's "Dates" text would only repeat them.
        SHEET_EVENTS: data.events.drop(columns=["Dates"]),
        SHEET_CAVEATS: data.caveat_table,
        SHEET_ABOUT: pd.concat(
            [
                data.about_table(),
                pd.DataFrame(notes, columns=[model.COL_ITEM, model.COL_VALUE]),
            ],
            ignore_index=True,
        ),
    }


def indicator_sheets(data: ReportData) -> dict[str, pd.DataFrame]:
    """The "Progress against indicators" sheet: one row per valid indicator ({} without)."""
    if data.indicators is None:
        return {}
    return {section.SHEET: section.sheet_table(data.indicators)}


def _title_rows(sheet: Worksheet, data: ReportData, name: str, columns: int) -> None:
    last = get_column_letter(max(1, columns))
    title = sheet.cell(row=1, column=1, value=f"{data.title} · {name}")
    title.data_type = "s"
    title.font = Font(bold=True, size=13)
    facts = sheet.cell(
        row=2,
        column=1,
        value=(
            f"Period: {data.period.label} ({data.period.dates_text}) · "
            f"Filters: {data.filters_text} · Generated {data.provenance.generated_text}"
        ),
    )
    facts.data_type = "s"
    facts.alignment = Alignment(wrap_text=True, vertical="top")
    if columns > 1:
        # Merged across the table, so the line wraps within the printed width.
        sheet.merge_cells(f"A2:{last}2")
    width = sum(
        sheet.column_dimensions[get_column_letter(c)].width or 8 for c in range(1, columns + 1)
    )
    lines = max(1, -(-len(str(facts.value)) // max(int(width), 1)))
    sheet.row_dimensions[2].height = 15 * lines


def _print_setup(sheet: Worksheet) -> None:
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    # One page wide, as many pages long as the rows need.
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    sheet.print_options.gridLines = True


def fit_widths(
    widths: list[float],
    weights: list[float] | None = None,
    budget: float = WIDTH_BUDGET,
    floor: float = MIN_WIDTH,
) -> list[float]:
    """Narrow the widest columns until the sheet is ``budget`` characters wide at most.

    Columns under the cap keep their width; wider ones are cut to the cap times their weight
    (their text wraps), so titles and partner lists (weight 2) stay the widest columns.

    Args:
        widths: Column widths in characters, by content.
        weights: Each column's share of the cap (1 when None).
        budget: The most the columns may take together.
        floor: No column is cut below this.

    Returns:
        The widths.
    """
    shares = weights or [1.0] * len(widths)
    if sum(widths) <= budget:
        return list(widths)

    def capped(cap: float) -> list[float]:
        return [min(w, max(cap * k, floor)) for w, k in zip(widths, shares, strict=True)]

    low, high = 0.0, max(widths)
    for _ in range(40):
        cap = (low + high) / 2
        if sum(capped(cap)) > budget:
            high = cap
        else:
            low = cap
    return capped(low)


def _shown_length(value: object) -> int:
    shown, is_date = exports.cell_value(value)
    if shown is None:
        return 0
    return len(exports.DATE_FORMAT) if is_date else len(str(shown))


def _lines(text: str, width: float) -> int:
    per_line = max(int(width) - 1, 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _wrap_and_size(sheet: Worksheet, table: pd.DataFrame, name: str) -> None:
    columns = len(table.columns)
    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    # By content: the longest cell, and of the header (which wraps) only its longest word.
    natural = [
        float(
            min(
                exports.MAX_COLUMN_WIDTH,
                max(
                    [_shown_length(value) for value in table[column]]
                    + [len(word) for word in str(column).split()]
                    + [MIN_WIDTH - 2]
                ),
            )
            + 2
        )
        for column in table.columns
    ]
    if name == SHEET_NARRATIVE and columns == 2:
        natural[1] = PARAGRAPH_WIDTH
    weights = [2.0 if str(n) in WIDE_COLUMNS else 1.0 for n in table.columns]
    widths = fit_widths(natural, weights)
    for letter, width in zip(letters, widths, strict=True):
        sheet.column_dimensions[letter].width = width
    # LibreOffice and Excel do not grow a row for wrapped text written by a program: each row
    # gets the height of its tallest cell.
    for row in range(HEADER_ROW, len(table) + HEADER_ROW + 1):
        lines = 1
        for column, width in enumerate(widths, start=1):
            cell = sheet.cell(row=row, column=column)
            cell.alignment = Alignment(
                wrap_text=True, vertical="top", horizontal=cell.alignment.horizontal
            )
            if isinstance(cell.value, str):
                # Bold header letters are wider: fewer fit on a line.
                room = width * BOLD_ROOM if row == HEADER_ROW else width
                lines = max(lines, _lines(cell.value, room))
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines


def to_xlsx_bytes(data: ReportData) -> bytes:
    """Write the report as an .xlsx workbook.

    Every sheet has a title row and a row with the period and filters above its table, the
    header frozen under them, columns sized by content (long texts wrap), and prints on A4
    landscape, one page wide, with the title and header repeated on every page.

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
        sheet = workbook.create_sheet(name)
        exports.write_sheet(sheet, table, first_row=HEADER_ROW)
        _wrap_and_size(sheet, table, name)
        _title_rows(sheet, data, name, len(table.columns))
        _print_setup(sheet)
    workbook.properties.title = data.title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
