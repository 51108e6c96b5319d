"""Tests of analytics.exports: CSV and Excel files of the events table, one event's details."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd

from analytics import exports, filters, load_dataset

SMALL = Path(__file__).resolve().parent / "data" / "small_events.yaml"


def small_table() -> pd.DataFrame:
    return exports.full_table(load_dataset(SMALL).events)


def hostile_table() -> pd.DataFrame:
    """A table whose text looks like formulas, with accents and a date column."""
    return pd.DataFrame(
        {
            "Start": [dt.date(2023, 4, 25), dt.date(2022, 6, 9)],
            "Title": ["=1+1", "Priština – séance"],
            "Partners": ["+CMD|' /C calc'!A0", "@SUM(A1:A2)"],
            "Notes": ["-2+3", ""],
        }
    )


def test_csv_reads_back_as_the_same_table_with_accents() -> None:
    """The CSV opened with pandas holds the table's rows and text, accents intact."""
    table = small_table()
    data = exports.to_csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == list(table.columns)
    assert back["Title"].tolist() == table["Title"].tolist()
    assert back["Start"].tolist() == [d.isoformat() for d in table["Start"]]
    assert back["Country"].tolist() == ["Montenegro", "Bosnia and Herzegovina", "Kosovo*", ""]
    accented = exports.to_csv_bytes(hostile_table()).decode("utf-8-sig")
    assert "Priština – séance" in accented


def read_xlsx(data: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_xlsx_has_the_table_date_cells_frozen_header_and_autofilter() -> None:
    """Excel shows the same rows, real dates, a frozen header row and a filter on each column."""
    table = small_table()
    sheet = read_xlsx(exports.to_xlsx_bytes(table))
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(table.columns)
    assert len(rows) == len(table) + 1
    start = list(table.columns).index("Start") + 1
    title = list(table.columns).index("Title") + 1
    first_start = sheet.cell(row=2, column=start)
    assert first_start.is_date
    assert first_start.value.date() == table["Start"].iloc[0]
    assert [sheet.cell(row=r + 2, column=title).value for r in range(len(table))] == table[
        "Title"
    ].tolist()
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(table.columns))}5"
    assert sheet.column_dimensions["D"].width >= len("Meeting on the database")


def test_xlsx_text_that_looks_like_a_formula_stays_text() -> None:
    """A title "=1+1" is the text "=1+1" in Excel, never a formula; so are +, - and @."""
    sheet = read_xlsx(exports.to_xlsx_bytes(hostile_table()))
    for ref, text in (
        ("B2", "=1+1"),
        ("C2", "+CMD|' /C calc'!A0"),
        ("C3", "@SUM(A1:A2)"),
        ("D2", "-2+3"),
        ("B3", "Priština – séance"),
    ):
        assert sheet[ref].value == text
        assert sheet[ref].data_type == "s"
    assert sheet["D3"].value is None


def test_xlsx_of_an_empty_table_has_only_the_header() -> None:
    """No matching events still gives a valid workbook with the column names."""
    table = small_table().iloc[0:0]
    sheet = read_xlsx(exports.to_xlsx_bytes(table))
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [list(table.columns)]
    back = pd.read_csv(io.BytesIO(exports.to_csv_bytes(table)), encoding="utf-8-sig")
    assert list(back.columns) == list(table.columns) and back.empty


def test_file_names_carry_the_period() -> None:
    """A 2023 filter downloads iisg-events-2023.csv; other filters add "-filtered"."""
    year = filters.EventFilter(period="2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    assert exports.export_file_name(year, "csv") == "iisg-events-2023.csv"
    assert exports.export_file_name(filters.EventFilter(), "xlsx") == "iisg-events-all.xlsx"
    custom = filters.EventFilter(
        period=filters.PERIOD_CUSTOM, start=dt.date(2022, 1, 1), end=dt.date(2022, 6, 30)
    )
    assert exports.export_file_name(custom, "csv") == "iisg-events-2022-01-01-to-2022-06-30.csv"
    narrowed = filters.EventFilter(period="2023", pillars=("WBCTi",))
    assert exports.export_file_name(narrowed, "csv") == "iisg-events-2023-filtered.csv"


def test_full_table_adds_notes_and_source_ref_and_browse_table_keeps_only_web_links() -> None:
    """The table has every field; on screen only http(s) sources become links."""
    events = load_dataset(SMALL).events
    table = exports.full_table(events)
    assert {exports.NOTES_LABEL, exports.SOURCE_REF_LABEL} <= set(table.columns)
    shown = exports.browse_table(table)
    links = dict(zip(shown["Event id"], shown["Source link"], strict=True))
    assert links["2023-03-03-pristina-rsg-wbcti"] == "https://example.org/event"
    assert pd.isna(links["2022-06-09-podgorica-rsg-wbcsci"])  # source "test fixture"
    assert exports.event_id_at(shown, [2]) == shown["Event id"].iloc[2]
    assert exports.event_id_at(shown, []) is None
    assert exports.event_id_at(shown, [99]) is None


def test_event_downloads_hold_every_event_with_every_field() -> None:
    """The page's CSV and Excel downloads are the full table of all the events given."""
    events = load_dataset(SMALL).events
    csv = pd.read_csv(io.BytesIO(exports.events_csv_bytes(events)), encoding="utf-8-sig")
    assert list(csv["Event id"]) == list(events["id"])
    assert list(csv.columns) == list(small_table().columns)
    sheet = read_xlsx(exports.events_xlsx_bytes(events))
    header = [cell.value for cell in sheet[1]]
    assert header == list(small_table().columns)
    ids = [row[header.index("Event id")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == list(events["id"])


def test_csv_text_that_looks_like_a_formula_is_neutralised() -> None:
    """Cells starting with =, +, -, @, tab or CR get a leading apostrophe; others are unchanged."""
    table = hostile_table()
    table["Tab"] = ["\tcmd", "ok"]
    table["CR"] = ["\r=1", "-"]
    table["Count"] = [-5, 3]
    table["=Header"] = ["a", "b"]
    back = pd.read_csv(
        io.BytesIO(exports.to_csv_bytes(table)),
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    assert back["Title"].tolist() == ["'=1+1", "Priština – séance"]
    assert back["Partners"].tolist() == ["'+CMD|' /C calc'!A0", "'@SUM(A1:A2)"]
    assert back["Notes"].tolist() == ["'-2+3", ""]
    assert back["Tab"].tolist() == ["'\tcmd", "ok"]
    assert back["CR"].tolist() == ["'\r=1", "'-"]
    assert back["Count"].tolist() == ["-5", "3"]  # numbers stay numbers
    assert back["Start"].tolist() == ["2023-04-25", "2022-06-09"]
    assert "'=Header" in back.columns
    assert table["Title"].tolist() == ["=1+1", "Priština – séance"]  # input not mutated


def test_the_events_csv_neutralises_a_hostile_title(tmp_path: Path) -> None:
    """An event titled =HYPERLINK(...) is written to the Events CSV as text, not a formula."""
    hostile = '=HYPERLINK("http://evil.example","x")'
    events_file = tmp_path / "events.yaml"
    text = SMALL.read_text(encoding="utf-8")
    assert "    title: Board meeting\n" in text
    events_file.write_text(
        text.replace("    title: Board meeting\n", f"    title: '{hostile}'\n"), encoding="utf-8"
    )
    events = load_dataset(events_file).events
    assert hostile in events["title"].tolist()
    csv_text = exports.events_csv_bytes(events).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    assert "'" + hostile in back["Title"].tolist()
    assert hostile not in back["Title"].tolist()


def test_browse_rows_equal_the_browse_table_of_the_listed_events() -> None:
    """Rows computed once per dataset and reused give the table computed afresh, in any order."""
    events = load_dataset(SMALL).events
    for listed in (
        events.iloc[[2, 0]],
        events.iloc[[0, 1, 3]],
        events.iloc[::-1],
        events.iloc[:0],
        events,
    ):
        pd.testing.assert_frame_equal(
            exports.browse_rows(events, listed), exports.browse_table(exports.full_table(listed))
        )
